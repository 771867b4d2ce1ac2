import { parseArgs } from 'node:util';
import { concatMap, map, of, timer, type Observable, type OperatorFunction } from 'rxjs';
import type { ObjectItem } from '../core/item.js';
import { runDatasetsJob } from '../pipeline/datasets-job.js';
import type { SinkOutput } from '../pipeline/run-pipeline.js';
import { toNdjsonFile } from '../sinks/to-ndjson-file.js';
import { toRejectsFile } from '../sinks/to-rejects-file.js';

const MIB = 1024 * 1024;

/**
 * The product behind a slow sink: the datasets job composed in code (as the
 * `export` command composes it, remove-creator on, 16 MiB object limit),
 * writing NDJSON through a throttle that lets objects pass at `--mibps`
 * (their source bytes per second). `bench/run.ts` sets it to a tenth of
 * the product's own export rate, so the sink is 10x slower than the source
 * and the credit window is what bounds memory. Prints the run's counts.
 *
 * Usage: `node dist/bench/slow-sink.js IN.json OUT.ndjson --mibps 2`
 */
async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ allowPositionals: true,
    options: { mibps: { type: 'string', default: '1' } } });
  const [input, output] = positionals;
  const rate = Number(values.mibps) * MIB;
  if (input === undefined || output === undefined || !(rate > 0)) {
    throw new Error('usage: slow-sink IN.json OUT.ndjson --mibps N');
  }

  const report = await runDatasetsJob({
    inputs: [{ name: input, path: input, location: { kind: 'path', path: input },
      status: 'local' }],
    sink: (objects): Observable<SinkOutput> =>
      objects.pipe(throttle(rate), toNdjsonFile(output)),
    rejects: toRejectsFile(`${output}.rejects`),
    sinkIsAtomic: true,
    atomic: true,
    removeCreator: true,
    validation: { strict: false, assumeUtc: false, fixIdentityClass: false },
    maxObjectBytes: 16 * MIB,
  });
  if (report.failure !== undefined) throw report.failure;
  const { read, emitted } = report.total;
  process.stdout.write(`${JSON.stringify({ read, emitted, mibps: Number(values.mibps) })}\n`);
}

/** Lets objects through at `bytesPerSecond` of their source bytes: a token
 * bucket that waits (one timer) whenever it runs ahead of the rate. */
function throttle(bytesPerSecond: number): OperatorFunction<ObjectItem, ObjectItem> {
  const start = Date.now();
  let bytes = 0;
  return concatMap((item: ObjectItem) => {
    bytes += item.record.bytes;
    const due = start + (bytes / bytesPerSecond) * 1000;
    const wait = due - Date.now();
    return wait > 5 ? timer(wait).pipe(map(() => item)) : of(item);
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
