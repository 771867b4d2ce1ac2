import { createReadStream } from 'node:fs';
import chain from 'stream-chain';
import { parser } from 'stream-json';
import { pick } from 'stream-json/filters/pick.js';
import { streamArray } from 'stream-json/streamers/stream-array.js';

/**
 * The stream-json baseline: parse the bundle with stream-json 3, pick
 * `objects`, assemble each element with `streamArray` and count them; no
 * validation, no output. `--no-stream-values` sets `streamValues: false`
 * (packed tokens only, no string chunks), the fastest documented setting.
 *
 * Usage: `node dist/bench/baselines/stream-json-count.js IN.json
 * [--no-stream-values]`; prints `{"read":N}`.
 */
function count(input: string, streamValues: boolean): Promise<number> {
  const pipeline = chain([
    createReadStream(input),
    parser(streamValues ? {} : { streamValues: false }),
    pick({ filter: 'objects' }),
    streamArray(),
  ]);
  let read = 0;
  pipeline.on('data', () => read++);
  return new Promise((resolve, reject) => {
    pipeline.on('error', reject);
    pipeline.on('end', () => resolve(read));
  });
}

const [input, flag] = process.argv.slice(2);
if (input === undefined) {
  process.stderr.write('usage: stream-json-count IN.json [--no-stream-values]\n');
  process.exitCode = 1;
} else {
  count(input, flag !== '--no-stream-values').then(
    (read) => process.stdout.write(`${JSON.stringify({ read })}\n`),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
