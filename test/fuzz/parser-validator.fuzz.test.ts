import t from 'tap';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { map } from 'rxjs';
import { validate } from '../../operators/validate.js';
import { runPipeline } from '../../pipeline/run-pipeline.js';
import { fromByteStream } from '../../sources/from-byte-stream.js';
import { DATASETS_DIR } from '../helpers/dataset-server.js';
import { tempDir } from '../helpers/case-files.js';
import { runCli } from '../helpers/run-cli.js';

/** mulberry32: a small seeded PRNG, so that a failure can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const SEED = 20261203;
const base = readFileSync(join(DATASETS_DIR, 'sectors.json'));
const text = (s: string) => Buffer.from(s, 'utf8');
const obj = (extra: string) =>
  text(`{"type":"identity","spec_version":"2.1","id":"identity--6e24d2a6-6ce1-4fbb-8b3c-7a8b3e7c1e2a",` +
    `"created":"2020-01-01T00:00:00.000Z","modified":"2020-01-01T00:00:00.000Z","name":"x",` +
    `"identity_class":"class"${extra}}`);

type Mutation = (bytes: Buffer, rnd: () => number) => Buffer;
const at = (bytes: Buffer, rnd: () => number) => Math.floor(rnd() * bytes.length);
const splice = (bytes: Buffer, i: number, insert: Buffer, remove = 0) =>
  Buffer.concat([bytes.subarray(0, i), insert, bytes.subarray(i + remove)]);
/** Inserts an object into the `objects` array, right after its `[`. */
const withObject = (bytes: Buffer, o: Buffer) => {
  const i = bytes.indexOf('"objects"');
  const open = bytes.indexOf('[', i) + 1;
  return splice(bytes, open, Buffer.concat([o, text(',')]));
};

const MUTATIONS: Record<string, Mutation> = {
  truncate: (b, r) => b.subarray(0, at(b, r)),
  flip: (b, r) => {
    const c = Buffer.from(b);
    for (let n = 0; n < 1 + Math.floor(r() * 8); n++) c[at(c, r)] ^= 1 << Math.floor(r() * 8);
    return c;
  },
  garbage: (b, r) => splice(b, at(b, r), Buffer.from(Array.from({ length: 1 + Math.floor(r() * 32) }, () => Math.floor(r() * 256)))),
  brackets: (b, r) => splice(b, at(b, r), text(r() < 0.5 ? '[[{{' : ']}}]')),
  invalidUtf8: (b, r) => splice(b, at(b, r), Buffer.from([0xc3, 0x28, 0xff, 0xfe, 0xed, 0xa0, 0x80])),
  deepNesting: (b, r) => withObject(b, obj(`,"x_deep":${'['.repeat(200 + Math.floor(r() * 5000))}${']'.repeat(200 + Math.floor(r() * 5000))}`)),
  hugeString: (b, r) => withObject(b, obj(`,"description":"${'A'.repeat(100_000 + Math.floor(r() * 400_000))}"`)),
  proto: (b) => withObject(b, obj(`,"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}`)),
  loneSurrogate: (b) => withObject(b, obj(`,"description":"\\ud800 and \\udfff"`)),
  hugeNumbers: (b) => withObject(b, obj(`,"x_n":1e400,"x_m":-1e400,"x_k":123456789012345678901234567890`)),
  duplicateKeys: (b) => withObject(b, obj(`,"name":"y","name":"z"`)),
  nullByte: (b, r) => splice(b, at(b, r), Buffer.from([0])),
  cutUtf8: (b) => Buffer.concat([b.subarray(0, b.length - 2), Buffer.from([0xe2, 0x82])]),
};
const NAMES = Object.keys(MUTATIONS);

/** One case through splitter + decoder + validator into a sink that
 * confirms everything; resolves to the report or rejects after 10 s. */
async function runCase(bytes: Buffer, chunk: number) {
  const chunks = async function* () {
    for (let i = 0; i < bytes.length; i += chunk) yield bytes.subarray(i, i + chunk);
  };
  const job = runPipeline({
    sourceNames: ['fuzz.json'],
    sources: [(window) => fromByteStream('fuzz.json', chunks, { window, maxObjectBytes: 1024 * 1024, maxDepth: 64 })],
    operators: [() => validate()],
    sink: (objects) => objects.pipe(map(() => ({ kind: 'written' as const, count: 1, bytes: 0 }))),
    atomic: false,
  });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('case hung for 10 s')), 10_000);
  });
  try {
    return await Promise.race([job, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

t.test('300 seeded mutations of real bytes: no crash, no hang, every object accounted, no pollution', async (t) => {
  const rnd = prng(SEED);
  const failures: string[] = [];
  const seen = new Set<string>();
  for (let n = 0; n < 300; n++) {
    const name = NAMES[n % NAMES.length];
    const bytes = MUTATIONS[name](base, rnd);
    const chunk = 1 + Math.floor(rnd() * 70_000);
    try {
      const report = await runCase(bytes, chunk);
      const total = report.total;
      const sum = total.emitted + total.merged + total.rejected + total.deferred;
      if (sum !== total.read || !report.balanced) failures.push(`#${n} ${name}: read ${total.read} != ${sum}`);
      seen.add(`${name}:${report.failure ? 'failed' : 'ok'}`);
    } catch (error) {
      failures.push(`#${n} ${name} (chunk ${chunk}): ${(error as Error).stack}`);
    }
    if (({} as Record<string, unknown>).polluted !== undefined) failures.push(`#${n} ${name}: prototype polluted`);
  }
  t.same(failures, [], `seed ${SEED}`);
  t.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype untouched');
  t.ok(seen.has('truncate:failed'), 'a cut input is reported as a failure');
  t.ok(seen.has('proto:ok'), 'a __proto__ key does not stop the run');
});

t.test('mutated files through the CLI: an exit code, a balanced books line, no crash', async (t) => {
  const rnd = prng(SEED + 1);
  const dir = tempDir('fuzz-');
  for (const name of ['truncate', 'invalidUtf8', 'proto', 'deepNesting', 'hugeNumbers', 'loneSurrogate']) {
    const path = join(dir, `${name}.json`);
    writeFileSync(path, MUTATIONS[name](base, rnd));
    const run = await runCli(['validate', '--role', 'sectors', path], { timeoutMs: 30_000 });
    t.ok(run.code === 0 || run.code === 1 || run.code === 2, `${name}: exit ${run.code}`);
    t.notMatch(run.stderr, /TypeError|RangeError|at .*\.js:\d+/, `${name}: no stack trace`);
    t.ok(run.total, `${name}: a run finished line`);
    const [read, emitted, merged, rejected, deferred] = ['read', 'emitted', 'merged', 'rejected', 'deferred'].map(
      (k) => run.total?.[k] ?? -1,
    );
    t.equal(read, emitted + merged + rejected + deferred, `${name}: balanced`);
  }
});
