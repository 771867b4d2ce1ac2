import { createWriteStream, realpathSync } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { mulberry32, uuidV4 } from './mulberry32.js';
import {
  type SyntheticCounts, type SyntheticOptions, syntheticObjects,
} from './synthetic-stream.js';

/** One MiB: sizes and rates in the bench are in MiB. */
export const MIB = 1024 * 1024;

export interface GenerateOptions extends SyntheticOptions {
  /** Where to write; the file is replaced. */
  readonly out: string;
  /** The size to reach, in MiB (the file ends within one object of it). */
  readonly megabytes: number;
  /** A `{"type":"bundle",...}` document (default) or one object per line. */
  readonly format?: 'bundle' | 'ndjson';
}

export interface GenerateResult extends SyntheticCounts {
  readonly path: string;
  readonly bytes: number;
  readonly format: 'bundle' | 'ndjson';
}

const CHUNK = MIB;

/**
 * Writes a deterministic synthetic STIX 2.1 bundle: an author, then sectors,
 * organisations, countries, regions and relationships to earlier objects,
 * with planted exact duplicates and invalid objects. The same options give
 * the same bytes. Streams to disk in 1 MiB chunks: memory stays constant.
 * The bundle is compact, one object per line. Known shortcoming: the
 * reference datasets are indented, and whitespace costs every parser some
 * speed; pretty-printed input is not generated, so not measured.
 *
 * @example
 * const r = await generateBundle({ out: '/tmp/b.json', megabytes: 200, seed: 1 });
 * r.objects; // objects in the file, author, duplicates and invalid included
 */
export async function generateBundle(options: GenerateOptions): Promise<GenerateResult> {
  const format = options.format ?? 'bundle';
  const target = options.megabytes * MIB;
  const source = syntheticObjects(options);
  const bundleId = `bundle--${uuidV4(mulberry32(options.seed ^ 0x5bd1e995))}`;
  const head = format === 'bundle' ? `{"type":"bundle","id":"${bundleId}","objects":[\n` : '';
  const separator = format === 'bundle' ? ',\n' : '\n';
  const tail = format === 'bundle' ? '\n]}\n' : '\n';
  const stream = createWriteStream(options.out, { highWaterMark: CHUNK });

  let bytes = Buffer.byteLength(head);
  let chunk = head;
  const flush = async (): Promise<void> => {
    const full = !stream.write(chunk);
    chunk = '';
    if (full) await once(stream, 'drain');
  };
  do {
    const text = (source.counts.objects > 0 ? separator : '') + source.next();
    chunk += text;
    bytes += Buffer.byteLength(text);
    if (chunk.length >= CHUNK) await flush();
  } while (bytes + tail.length < target);

  chunk += tail;
  bytes += tail.length;
  await flush();
  stream.end();
  await finished(stream);
  return { path: options.out, bytes, format, ...source.counts };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: {
    mb: { type: 'string', default: '10' },
    out: { type: 'string' },
    seed: { type: 'string', default: '1' },
    ndjson: { type: 'boolean', default: false },
  } });
  if (values.out === undefined) {
    throw new Error('usage: generate-bundle --mb 200 --out FILE [--seed N] [--ndjson]');
  }
  const result = await generateBundle({
    out: values.out,
    megabytes: Number(values.mb),
    seed: Number(values.seed),
    format: values.ndjson ? 'ndjson' : 'bundle',
  });
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

const invoked = process.argv[1] === undefined ? ''
  : pathToFileURL(realpathSync(process.argv[1])).href;
if (import.meta.url === invoked) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
