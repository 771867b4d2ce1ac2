import { existsSync, mkdirSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { bufferTime, filter } from 'rxjs';
import type { ObjectItem } from '../../core/item.js';
import type { ObjectSink } from '../run-pipeline.js';
import { toBundleFile } from '../../sinks/to-bundle-file.js';
import { toNdjsonFile } from '../../sinks/to-ndjson-file.js';
import { toRejectsFile } from '../../sinks/to-rejects-file.js';
import { toStdout } from '../../sinks/to-stdout.js';
import { inputsOf, openContext, type InputOptions } from './command-context.js';
import { outputClash } from './output-clash.js';
import { repeatedInput } from './repeated-input.js';
import { runAndReport } from './run-and-report.js';

/** Objects per write; see the sink below. */
const WRITE_GROUP = 256;
const nonEmpty = (group: ObjectItem[]): boolean => group.length > 0;

export interface ExportOptions extends InputOptions {
  readonly out: string;
  readonly format?: 'bundle' | 'ndjson';
}

/** `opencti-datasets export`: datasets → one bundle or NDJSON file (or stdout). */
export async function runExportCommand(args: string[], options: ExportOptions): Promise<number> {
  const context = openContext(options);
  if (!context) return 1;

  const format = options.format ?? (/\.(ndjson|jsonl)$/i.test(options.out) ? 'ndjson' : 'bundle');
  const toStdoutOnly = options.out === '-';
  const found = toStdoutOnly ? undefined : statSync(options.out, { throwIfNoEntry: false });
  if (found?.isDirectory()) {
    process.stderr.write(`opencti-datasets: --out ${options.out} is a directory; name a file\n`);
    return 1;
  }
  // A FIFO or a device (`/dev/null`) is written in place; rejects then go
  // beside it only when asked, as with stdout.
  const stream = toStdoutOnly || (found !== undefined && !found.isFile());
  const rejectsPath = options.rejects ?? (stream ? undefined : rejectsBeside(options.out));
  const specs = inputsOf(args, options, context.settings, true);
  if (specs.length === 0) {
    context.logger.warn('no input: every dataset is disabled (CONFIG_*_FILE_URL set to false) ' +
      'and none was named; the output is empty');
  }
  const clash = repeatedInput(specs) ??
    outputClash(specs, toStdoutOnly ? undefined : options.out, rejectsPath);
  if (clash !== undefined) {
    process.stderr.write(`opencti-datasets: ${clash}\n`);
    return 1;
  }
  for (const path of [toStdoutOnly ? undefined : options.out, rejectsPath]) {
    const failure = path === undefined ? undefined : makeParents(dirname(path));
    if (failure !== undefined) {
      process.stderr.write(`opencti-datasets: cannot create the folder of ${path}: ${failure}\n`);
      return 1;
    }
  }
  const write = toStdoutOnly
    ? toStdout(format)
    : format === 'bundle'
      ? toBundleFile(options.out)
      : toNdjsonFile(options.out);
  // Objects go to the file in groups: one write and one confirmation per
  // group instead of per object. The group is far below the credit window.
  const sink: ObjectSink = (objects) =>
    objects.pipe(bufferTime(50, null, WRITE_GROUP), filter(nonEmpty), write);

  const code = await runAndReport(context, specs, options, {
    sink,
    rejects: rejectsPath ? toRejectsFile(rejectsPath) : undefined,
    rejectsPath,
    // A file appears only whole, unless --no-atomic asks to keep what was read.
    atomic: !toStdoutOnly && options.atomic,
  });
  if (!toStdoutOnly && (code === 0 || code === 2)) context.logger.info(`wrote ${options.out}`);
  return code;
}

/** `out/bundle.json` → `out/rejects.ndjson`; `x/all.ndjson` → `x/all.rejects.ndjson`. */
function rejectsBeside(out: string): string {
  const stem = basename(out, extname(out));
  return join(dirname(out), stem === 'bundle' ? 'rejects.ndjson' : `${stem}.rejects.ndjson`);
}

/**
 * Creates `dir` and its missing parents one level at a time; the error's
 * message when one cannot be made. Not `mkdirSync(dir, { recursive: true })`:
 * on a file system that refuses folders (procfs), it retries for ever.
 */
function makeParents(dir: string): string | undefined {
  const missing: string[] = [];
  for (let at = resolve(dir); !existsSync(at); at = dirname(at)) {
    missing.unshift(at);
    if (dirname(at) === at) break;
  }
  try {
    for (const folder of missing) mkdirSync(folder);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}
