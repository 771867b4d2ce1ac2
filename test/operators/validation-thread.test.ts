import t from 'tap';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { firstValueFrom, toArray } from 'rxjs';
import { Readable } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import { objectItem, type Item, type ObjectItem } from '../../core/item.js';
import type { JsonObject } from '../../core/json.js';
import { serializeRecord } from '../../core/serialize.js';
import { validateRecord } from '../../operators/validate.js';
import type { ValidateOptions } from '../../operators/validation/validate-options.js';
import {
  MAX_JUDGED_BYTES, PAGE_OBJECTS, ValidationThread,
} from '../../operators/validation-thread.js';
import { fromByteStream } from '../../sources/from-byte-stream.js';
import {
  VALID_AS_READ, VERBATIM, type VerdictLookup,
} from '../../sources/source-options.js';
import { tempDir } from '../helpers/case-files.js';
import { until } from '../helpers/fault-setup.js';

const AUTHOR = 'identity--5d2a8e0a-f4a4-4a9c-8f2a-7a4b0c6f3e21';
const T = '2024-01-10T09:00:00.000Z';
const identity = (uuid: string, extra: JsonObject = {}): JsonObject => ({
  type: 'identity', spec_version: '2.1', id: `identity--${uuid}`, created: T, modified: T,
  name: 'Agriculture', identity_class: 'class', ...extra,
});
const CLEAN = identity('724abcca-6f52-4e72-b14a-b5a459dec710');
const NO_NAME = identity('1b0c9a52-7e4c-4d1f-9a4b-3c2d1e0f9a8b', { name: undefined });
const NO_ZONE = identity('2c1d0b63-8f5d-4e20-8b5c-4d3e2f1a0b9c', { created: '2024-01-10T09:00:00' });
const AUTHOR_ORG = { ...identity(AUTHOR.slice(10)), identity_class: 'organization' };
const BOTH = VALID_AS_READ | VERBATIM;

/** A bundle file of `elements` (object texts), one per line. */
function bundleFile(elements: readonly string[]): string {
  const path = join(tempDir('verdicts-'), 'b.json');
  writeFileSync(path, `{"type":"bundle","objects":[\n${elements.join(',\n')}\n]}`);
  return path;
}

const ELEMENTS = [
  JSON.stringify(CLEAN),
  JSON.stringify(NO_NAME),
  JSON.stringify(NO_ZONE),
  '"text"',
  JSON.stringify(AUTHOR_ORG),
  JSON.stringify(CLEAN, null, 1),
  JSON.stringify(CLEAN).replace('Agriculture', 'Agricultur\\u0065'),
];
const bytesOf = (n: number): Buffer => Buffer.from(ELEMENTS[n]);
const verdictsOf = (lookup: VerdictLookup): number[] =>
  ELEMENTS.map((_, n) => lookup.verdictOf(n, bytesOf(n)));

const newThread = (assumeUtc = false): ValidationThread =>
  new ValidationThread({ strict: false, assumeUtc, fixIdentityClass: false });

t.test('the thread reads the inputs itself and judges every object', async (t) => {
  const thread = newThread(true);
  t.teardown(() => thread.close());
  const path = bundleFile(ELEMENTS);
  thread.start([{ path, role: 'sectors' }, { path, role: 'companies' }], 1 << 20);
  await thread.judged;
  const options: ValidateOptions = { assumeUtc: true };
  const sectors = thread.verdicts(0, options);
  t.equal(sectors.token, options, 'the token is the options object itself');
  t.same(verdictsOf(sectors), [BOTH, 0, 0, 0, 0, VALID_AS_READ, VALID_AS_READ], [
    'clean and compact: valid, and its text is what JSON.stringify writes',
    'rejected; repaired (a fix is a note); not an object',
    'an author judged without the authors: a miss, left to the main thread',
    'pretty-printed, and an escaped e: valid, but not verbatim',
  ].join('; '));
  t.same(verdictsOf(thread.verdicts(1, options))[0], 0, 'roles per input: a class is no company');
  const changed = Buffer.from(ELEMENTS[0].replace('Agriculture', 'Agriculturf'));
  t.equal(changed.length, bytesOf(0).length);
  t.equal(sectors.verdictOf(0, changed), 0, 'the same length, other bytes: the file changed');
  t.equal(sectors.verdictOf(0, Buffer.from(`${ELEMENTS[0]} `)), 0, 'another length');
  t.equal(sectors.verdictOf(0, bytesOf(0)), BOTH, 'the very bytes judged: the verdict holds');
  t.equal(sectors.verdictOf(99, bytesOf(0)), 0, 'an index never judged');
  t.equal(thread.verdicts(5, options).verdictOf(0, bytesOf(0)), 0, 'an input never given');
  t.equal(thread.failure, undefined);
});

t.test('objects over a MiB are left to the main thread', async (t) => {
  const thread = newThread();
  t.teardown(() => thread.close());
  const big = JSON.stringify({ ...CLEAN, description: 'x'.repeat(MAX_JUDGED_BYTES) });
  thread.start([{ path: bundleFile([big, ELEMENTS[0]]), role: undefined }], 4 << 20);
  await thread.judged;
  const lookup = thread.verdicts(0, {});
  t.equal(lookup.verdictOf(0, Buffer.from(big)), 0, 'not judged');
  t.equal(lookup.verdictOf(1, bytesOf(0)), BOTH, 'the next one is');
});

t.test('the worker holds a bounded number of pages ahead; passed pages are forgotten',
  async (t) => {
    const thread = newThread();
    t.teardown(() => thread.close());
    const texts = Array.from({ length: 2 * PAGE_OBJECTS + 10 },
      () => JSON.stringify(identity(randomUUID())));
    thread.start([{ path: bundleFile(texts), role: undefined }], 1 << 20, 1);
    const lookup = thread.verdicts(0, {});
    const verdict = (n: number) => lookup.verdictOf(n, Buffer.from(texts[n]));
    const state = async () =>
      (await Promise.race([thread.judged.then(() => 'done'), delay(300, 'waiting')]));

    // Pass 1: pass 2 has read nothing, and one page may be ahead of it.
    const full = () => thread.held().verdicts === PAGE_OBJECTS;
    t.ok(await until(full, 30_000), 'one page made and judged to its end');
    t.equal(await state(), 'waiting', 'the worker waits before a second one');
    t.same(thread.held(), { pages: 1, verdicts: PAGE_OBJECTS });
    t.equal(verdict(PAGE_OBJECTS - 1), BOTH);
    verdict(2 * PAGE_OBJECTS + 5); // pass 2 jumps to the last page: the rest is behind it
    t.equal(await state(), 'done', 'the worker goes on, skips what is behind, and ends');
    t.same(thread.held(), { pages: 0, verdicts: 0 }, 'pages read past are forgotten');
  });

t.test('authors sent after pass 1 are exempt from role rules from then on', async (t) => {
  const thread = newThread();
  t.teardown(() => thread.close());
  thread.authors([AUTHOR]);
  thread.start([{ path: bundleFile([JSON.stringify(AUTHOR_ORG)]), role: 'sectors' }], 1 << 20);
  await thread.judged;
  t.equal(thread.verdicts(0, {}).verdictOf(0, Buffer.from(JSON.stringify(AUTHOR_ORG))), BOTH);
});

t.test('the thread skips what the main thread has already read', async (t) => {
  const thread = newThread();
  t.teardown(() => thread.close());
  const path = bundleFile([JSON.stringify(CLEAN)]);
  const first = thread.verdicts(0, {});
  first.verdictOf(0, Buffer.from('{}')); // the main thread is at object 0 of input 0
  thread.start([{ path, role: undefined }, { path, role: undefined }], 1 << 20);
  await thread.judged;
  const bytes = Buffer.from(JSON.stringify(CLEAN));
  t.equal(first.verdictOf(0, bytes), 0, 'input 0 was being read: not judged');
  t.equal(thread.verdicts(1, {}).verdictOf(0, bytes), BOTH, 'input 1 is ahead: judged');
});

t.test('a missing file or a closed thread gives no verdicts, and no error', async (t) => {
  const thread = newThread();
  thread.start([{ path: '/nonexistent/b.json', role: undefined }], 1 << 20);
  await thread.judged;
  t.equal(thread.verdicts(0, {}).verdictOf(0, Buffer.from('{}')), 0);
  await thread.close();
  t.match(thread.failure?.message, /closed/);
  thread.start([{ path: bundleFile(ELEMENTS), role: undefined }], 1 << 20);
  t.same(verdictsOf(thread.verdicts(0, {})), ELEMENTS.map(() => 0), 'after close');
});

t.test('validateRecord trusts a mark only under the very same options object', async (t) => {
  const options: ValidateOptions = {};
  const marked = (object: JsonObject): ObjectItem =>
    objectItem({ source: 's.json', index: 0, object, bytes: 1, validatedUnder: options });

  const invalid = marked(NO_NAME);
  t.same(validateRecord(invalid, options), [invalid], 'passed at once, unchecked');
  const other = validateRecord(invalid, {});
  t.equal(other[other.length - 1].kind, 'rejected', 'another options object checks it');
});

t.test('a source with verdicts marks exactly the records they vouch for', async (t) => {
  const token = {};
  const given = [BOTH, VALID_AS_READ, 0, BOTH];
  const verdicts: VerdictLookup = { token, verdictOf: (index) => given[index] ?? 0 };
  const text = JSON.stringify({ type: 'bundle', objects: [CLEAN, NO_NAME, 'text', CLEAN] });
  // 7-byte chunks: many chunks, most with no object ending in them.
  const chunks = text.match(/[\s\S]{1,7}/g)!.map((part) => Buffer.from(part));
  const items = await collect(fromByteStream('b.json', Readable.from(chunks), { verdicts }));

  t.same(items.map((item) => [item.kind, markOf(item) === token, textOf(item)]), [
    ['object', true, JSON.stringify(CLEAN)],
    ['object', true, undefined],
    ['rejected', false, undefined],
    ['object', true, JSON.stringify(CLEAN)],
  ]);
  const first = items[0] as ObjectItem;
  t.equal(serializeRecord(first.record), JSON.stringify(CLEAN), 'the sinks write that text');
});

t.test('a cut input still errors after the objects before it', async (t) => {
  const verdicts: VerdictLookup = { token: {}, verdictOf: () => BOTH };
  const text = `{"type":"bundle","objects":[${JSON.stringify(CLEAN)},{"type":"ide`;
  const seen: string[] = [];
  const error = await new Promise<Error | undefined>((resolve) => {
    fromByteStream('x.json', Readable.from([Buffer.from(text)]), { verdicts }).subscribe({
      next: (item) => seen.push(item.kind),
      error: (e: Error) => resolve(e),
      complete: () => resolve(undefined),
    });
  });
  t.same(seen, ['object'], 'the object before the cut came first');
  t.match(error?.message, /x\.json/, 'then the error, naming the source');
});

async function collect(source: ReturnType<typeof fromByteStream>): Promise<Item[]> {
  return firstValueFrom(source.pipe(toArray()));
}

function markOf(item: Item): object | undefined {
  return item.kind === 'note' ? undefined : item.record.validatedUnder;
}

function textOf(item: Item): string | undefined {
  return item.kind === 'note' ? undefined : item.record.verbatim?.text;
}

t.test('a read error comes after the objects read before it', async (t) => {
  const verdicts: VerdictLookup = { token: {}, verdictOf: () => BOTH };
  async function* failing(): AsyncGenerator<Buffer> {
    yield Buffer.from(`${JSON.stringify(CLEAN)}\n`);
    yield Buffer.from(`${JSON.stringify({ ...CLEAN, name: 'second' })}\n`);
    throw new Error('EIO: the disk went away');
  }
  const seen: string[] = [];
  const error = await new Promise<Error | undefined>((resolve) => {
    fromByteStream('f.ndjson', failing, { verdicts, format: 'ndjson' }).subscribe({
      next: (item) => seen.push(item.kind === 'object' ? String(item.record.object.name) : item.kind),
      error: (e: Error) => resolve(e),
      complete: () => resolve(undefined),
    });
  });
  t.same(seen, ['Agriculture', 'second'], 'both objects read before the failure');
  t.match(error?.message, /EIO/);
});
