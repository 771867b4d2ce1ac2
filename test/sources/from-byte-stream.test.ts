import {
  createReadStream, createWriteStream, readFileSync, writeFileSync, type ReadStream,
} from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { setImmediate as tick } from 'node:timers/promises';
import { lastValueFrom, take, toArray, type Observable } from 'rxjs';
import t from 'tap';
import { CreditWindow } from '../../core/credit-window.js';
import type { Item, RejectedItem } from '../../core/item.js';
import { fromByteStream } from '../../sources/from-byte-stream.js';
import { fromFile } from '../../sources/from-file.js';
import { EncodingError, JsonSyntaxError } from '../../sources/source-error.js';
import { sharedPath } from '../helpers/shared-dir.js';

const DATASETS = sharedPath('datasets');
const CASES = sharedPath('cases');

async function* chunks(bytes: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

const all = (items: Observable<Item>): Promise<Item[]> => lastValueFrom(items.pipe(toArray()));

/** The items read before the error, and the error. */
async function untilError(items: Observable<Item>): Promise<{ items: Item[]; error: unknown }> {
  const seen: Item[] = [];
  return new Promise((resolve) => {
    items.subscribe({
      next: (item) => seen.push(item),
      error: (error: unknown) => resolve({ items: seen, error }),
      complete: () => resolve({ items: seen, error: undefined }),
    });
  });
}

const objectsOf = (items: Item[]) =>
  items.flatMap((item) => (item.kind === 'object' ? [item.record.object] : []));

t.test('items do not depend on the chunking', async (t) => {
  const paths = [`${DATASETS}/sectors.json`, `${CASES}/C17-bom.json`, `${CASES}/C11-invalid-id.json`];
  for (const path of paths) {
    const bytes = readFileSync(path);
    const options = { role: 'sectors', hash: true } as const;
    const read = (size: number) => all(fromByteStream(path, chunks(bytes, size), options));
    const whole = await read(64 * 1024);
    t.same(await read(1), whole, `${path}: 1-byte chunks`);
    t.same(await read(7), whole, `${path}: 7-byte chunks`);
    t.ok(whole.length >= 2);
    t.ok(whole.every((item) => item.kind === 'note' || item.record.role === 'sectors'));
  }
});

t.test('the datasets: records carry index, offset and bytes', async (t) => {
  const path = `${DATASETS}/companies.json`;
  const bytes = readFileSync(path);
  const items = await all(fromFile(path, { name: 'companies.json', hash: true }));
  t.equal(items.length, 63);
  t.same(objectsOf(items), (JSON.parse(bytes.toString()) as { objects: unknown[] }).objects);
  const third = items[2];
  if (third.kind !== 'object') throw new Error('expected an object');
  t.match(third.record, { source: 'companies.json', index: 2 });
  t.equal(bytes[third.record.offset ?? -1], 0x7b);
  const start = third.record.offset ?? 0;
  t.same(JSON.parse(bytes.toString('utf8', start, start + third.record.bytes)), third.record.object);
  t.type(third.record.hash, 'number');
});

t.test('hashWhen: the hash the splitter gives, on the records it accepts only', async (t) => {
  const path = `${DATASETS}/companies.json`;
  const hashed = await all(fromFile(path, { hash: true }));
  const some = await all(fromFile(path, {
    hashWhen: (object) => object.type === 'relationship',
  }));
  const hashes = (items: typeof hashed) =>
    items.map((item) => (item.kind === 'object' ? item.record.hash : 'other'));
  const relationship = (item: (typeof hashed)[number]) =>
    item.kind === 'object' && item.record.object.type === 'relationship';
  t.ok(some.some(relationship), 'the file holds relationships');
  t.same(hashes(some), hashed.map((item, n) => (relationship(item) ? hashes(hashed)[n] : undefined)),
    'bytesHash after parsing equals the hash computed while scanning');
});

t.test('C17: the BOM is stripped with a note; UTF-16 is refused', async (t) => {
  const dir = t.testdir();
  const bytes = readFileSync(`${CASES}/C17-bom.json`);
  writeFileSync(join(dir, 'plain.json'), bytes.subarray(3));
  writeFileSync(join(dir, 'utf16.json'),
    Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(bytes.subarray(3).toString(), 'utf16le')]));

  const items = await all(fromFile(`${CASES}/C17-bom.json`));
  t.match(items[0], { kind: 'note', problem: { rule: 'bom-stripped', severity: 'fix', offset: 0 } });
  t.equal(items.length, 3);
  t.same(objectsOf(items), objectsOf(await all(fromFile(join(dir, 'plain.json')))));

  const utf16 = fromFile(join(dir, 'utf16.json'), { name: 'C17-bom.json' });
  const { items: none, error } = await untilError(utf16);
  t.same(none, []);
  t.type(error, EncodingError);
  t.match(error, { offset: 0, message: /C17-bom\.json: UTF-16 input; re-encode as UTF-8/ });
});

t.test('C20: the whole objects flow, then a JsonSyntaxError', async (t) => {
  const path = `${CASES}/C20-truncated-json.json`;
  const source = fromFile(path, { name: 'C20-truncated-json.json', chunkBytes: 64 });
  const { items, error } = await untilError(source);
  t.same(items.map((item) => item.kind), ['object', 'object']);
  t.type(error, JsonSyntaxError);
  t.match(error, {
    offset: 1159, line: 33, column: 43, inside: 'objects[2]',
    lastComplete: { index: 1, id: 'identity--abf2706e-6d26-4757-82b8-50817181fe20' },
    message: new RegExp('unexpected end of input at byte 1159 \\(line 33, col 43\\) inside ' +
      'objects\\[2\\]; last complete object objects\\[1\\] identity--abf2706e-'),
  });
});

t.test('bad elements are rejected and the rest flows', async (t) => {
  const text = Buffer.concat([
    Buffer.from('[{"id":"a--1"},{"id":"a--2","name":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"},'),
    Buffer.from('{"id":"a--3",,"x":1},"just a string",{"id":"a--5","v":1.50}]'),
  ]);
  const items = await all(fromByteStream('bad.json', chunks(text, 3)));
  t.same(items.map((item) => item.kind), ['object', 'rejected', 'rejected', 'rejected', 'object']);
  const rules = items.flatMap((item) =>
    (item.kind === 'rejected' ? item.problems.map((p) => p.rule) : []));
  t.same(rules, ['utf8-invalid', 'json-syntax', 'not-an-object']);
  const syntax = items[2] as RejectedItem;
  t.match(syntax.record, { index: 2, object: {}, offset: text.indexOf('{"id":"a--3"') });
  t.equal(syntax.problems[0].offset, text.indexOf(',,') + 1);
  t.equal(syntax.problems[0].value, '{"id":"a--3",,"x":1}');
});

t.test('C21 (scaled): one oversized description among 20,000 identities', async (t) => {
  const count = 20000;
  async function* bundle(): AsyncGenerator<Buffer> {
    const bundleId = 'bundle--00000000-0000-4000-8000-000000000000';
    yield Buffer.from(`{"type":"bundle","id":"${bundleId}","objects":[`);
    let batch: string[] = [];
    for (let n = 0; n <= count; n++) {
      const id = `identity--${String(n).padStart(8, '0')}-bf46-46e8-ba56-6fd14d7fe55a`;
      batch.push(`${n === 0 ? '' : ','}{"type":"identity","spec_version":"2.1","id":"${id}",` +
        `"name":"Example Generated Org ${n}","identity_class":"organization"}`);
      if (batch.length === 500) yield Buffer.from(batch.splice(0).join(''));
    }
    yield Buffer.from(batch.join(''));
    batch = [];
    const id = 'identity--ffffffff-bf46-46e8-ba56-6fd14d7fe55a';
    yield Buffer.from(`,{"type":"identity","id":"${id}","description":"`);
    const piece = Buffer.alloc(64 * 1024, 'd');
    for (let k = 0; k < 24; k++) yield piece;
    yield Buffer.from('","name":"Huge"}]}');
  }

  let objects = 0;
  const rejected: RejectedItem[] = [];
  const items = await all(fromByteStream('C21.json', bundle, { maxObjectBytes: 1024 * 1024 }));
  for (const item of items) {
    if (item.kind === 'object') objects++;
    if (item.kind === 'rejected') rejected.push(item);
  }

  t.equal(objects, count + 1);
  t.equal(rejected.length, 1);
  t.match(rejected[0].record, { index: count + 1, object: {} });
  t.match(rejected[0].problems[0], {
    rule: 'object-too-large', pointer: '/description', index: count + 1,
    id: 'identity--ffffffff-bf46-46e8-ba56-6fd14d7fe55a',
    message: /larger than the limit of 1048576 bytes/,
  });
});

t.test('backpressure: a slow consumer holds reading to the window', async (t) => {
  const dir = t.testdir();
  const path = join(dir, 'big.ndjson');
  const out = createWriteStream(path);
  let total = 0;
  let lines = 0;
  for (let n = 0; total < 50 * 1024 * 1024; n++, lines++) {
    const line = `{"type":"identity","id":"identity--${n}","description":"${'z'.repeat(380)}"}\n`;
    total += line.length;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'close');

  const window = new CreditWindow(100);
  const chunk = 64 * 1024;
  const perChunk = Math.ceil(chunk / 420) + 1;
  let stream: ReadStream | undefined;
  const open = () => (stream = createReadStream(path, { highWaterMark: chunk }));
  const pending: Item[] = [];
  let read = 0;
  let held = 0;
  const pause: number[] = []; // bytes read while the consumer stopped
  const heapBefore = process.memoryUsage().heapUsed;
  let heapPeak = heapBefore;
  let done = false;

  const finished = new Promise<void>((resolve, reject) => {
    fromByteStream(path, open, { window, format: 'ndjson' }).subscribe({
      next: (item) => {
        read++;
        pending.push(item);
        held = Math.max(held, pending.length);
      },
      error: reject,
      complete: () => resolve(),
    });
  });
  const consumer = (async () => {
    // One object per turn of the event loop, while the parser does a chunk
    // (about 150 objects) per turn: far more than ten times slower.
    for (let ticks = 0; !done && ticks < 2_000_000; ticks++) {
      await tick();
      if (pause.length === 0 && read > 10000) {
        // Stop consuming for a while: reading must stop too.
        for (let k = 0; k < 20; k++) await tick();
        pause.push(stream?.bytesRead ?? 0);
        for (let k = 0; k < 200; k++) await tick();
        pause.push(stream?.bytesRead ?? 0, read);
      }
      const item = pending.shift();
      if (item) window.release(1);
      if (read % 2000 === 0) heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
    }
  })();
  await finished;
  done = true;
  await consumer;

  t.equal(read, lines, 'every line read');
  t.ok(held <= window.limit + perChunk, `at most ${held} objects held (window 100 + ${perChunk})`);
  t.equal(pause[0], pause[1], 'no byte read while the window was full');
  t.ok(pause[1] < total, `paused at ${pause[1]} of ${total} bytes`);
  t.ok(pause[2] <= 10000 + window.limit + perChunk, 'and no object emitted');
  const grown = (heapPeak - heapBefore) / 1048576;
  t.ok(grown < 64, `heap grew by ${grown.toFixed(1)} MiB`);
});

t.test('unsubscribing stops reading and closes the file', async (t) => {
  const path = `${DATASETS}/geography.json`;
  let stream: ReadStream | undefined;
  const open = () => (stream = createReadStream(path, { highWaterMark: 1024 }));
  const items = await lastValueFrom(fromByteStream(path, open).pipe(take(3), toArray()));
  t.equal(items.length, 3);
  for (let k = 0; k < 100 && !stream?.closed; k++) await tick();
  t.equal(stream?.destroyed, true);
  t.ok((stream?.bytesRead ?? 0) < 437306);
});

t.test('a missing file errors the Observable; bad options throw at once', async (t) => {
  const { error } = await untilError(fromFile('/nonexistent/file.json'));
  t.match(error, { code: 'ENOENT' });
  t.throws(() => fromFile('x.json', { maxObjectBytes: 0 }), RangeError);
  t.throws(() => fromFile('x.json', { chunkBytes: -1 }), RangeError);
});
