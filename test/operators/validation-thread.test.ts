import t from 'tap';
import { firstValueFrom, toArray } from 'rxjs';
import { Readable } from 'node:stream';
import { objectItem, type Item, type ObjectItem } from '../../core/item.js';
import type { JsonObject } from '../../core/json.js';
import { validateRecord } from '../../operators/validate.js';
import type { ValidateOptions } from '../../operators/validation/validate-options.js';
import { ValidationThread } from '../../operators/validation-thread.js';
import { fromByteStream } from '../../sources/from-byte-stream.js';
import type { SliceChecker } from '../../sources/source-options.js';
import type { ObjectSlice } from '../../sources/split-event.js';

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

const slice = (index: number, text: string): ObjectSlice => ({
  kind: 'object', index, offset: 0, line: 1, text: Buffer.from(text), exactNumbers: false,
});
const sliceOf = (index: number, object: JsonObject) => slice(index, JSON.stringify(object));

t.test('verdicts: 1 only for objects valid as read under the options', async (t) => {
  const thread = new ValidationThread({ strict: false, assumeUtc: true, fixIdentityClass: false });
  t.teardown(() => thread.close());
  const options: ValidateOptions = { assumeUtc: true, isAuthor: (id) => id === AUTHOR };
  const checker = thread.checker(options, [AUTHOR]);
  t.equal(checker.token, options, 'the token is the options object itself');

  const verdicts = await checker.check([
    sliceOf(0, CLEAN),
    sliceOf(1, NO_NAME),
    sliceOf(2, NO_ZONE),
    slice(3, '{"type": "identity", '),
    slice(4, '[1, 2]'),
    sliceOf(5, AUTHOR_ORG),
  ], 'sectors');
  t.same([...verdicts], [1, 0, 0, 0, 0, 1],
    'clean; rejected; repaired (a fix is a note); not JSON; not an object; an exempt author');

  const asCompany = await checker.check([sliceOf(0, CLEAN)], 'companies');
  t.same([...asCompany], [0], 'the role travels with each chunk: a class is no company');
  t.equal(thread.failure, undefined);
});

t.test('without the authors, the same author breaks the sectors role rule', async (t) => {
  const thread = new ValidationThread({ strict: false, assumeUtc: false, fixIdentityClass: false });
  t.teardown(() => thread.close());
  const checker = thread.checker({}, []);
  t.same([...await checker.check([sliceOf(0, AUTHOR_ORG)], 'sectors')], [0]);
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

t.test('a closed or failed thread answers zeros: the main thread validates', async (t) => {
  const thread = new ValidationThread({ strict: false, assumeUtc: false, fixIdentityClass: false });
  const checker = thread.checker({}, []);
  const pending = checker.check([sliceOf(0, CLEAN), sliceOf(1, CLEAN)], undefined);
  await thread.close();
  const answer = await pending;
  t.equal(answer.length, 2, 'one verdict per slice, whenever it was asked');
  t.ok([...answer].every((v) => v === 0 || v === 1));
  t.same([...await checker.check([sliceOf(0, CLEAN)], undefined)], [0], 'after close');
  t.match(thread.failure?.message, /closed/);
});

t.test('a source with a checker marks exactly the records found valid', async (t) => {
  const thread = new ValidationThread({ strict: false, assumeUtc: false, fixIdentityClass: false });
  t.teardown(() => thread.close());
  const options: ValidateOptions = {};
  const checker = thread.checker(options, []);
  const text = JSON.stringify({ type: 'bundle', objects: [CLEAN, NO_NAME, 'text', CLEAN] });
  // 7-byte chunks: many chunks, most with no object ending in them.
  const chunks = text.match(/[\s\S]{1,7}/g)!.map((part) => Buffer.from(part));
  const items = await collect(fromByteStream('b.json', Readable.from(chunks), { checker }));

  t.same(items.map((item) => [item.kind, markOf(item) === options]), [
    ['object', true], ['object', false], ['rejected', false], ['object', true],
  ]);
});

t.test('the checker\'s answers arrive late: order and the end are kept', async (t) => {
  const token = {};
  let calls = 0;
  const slow: SliceChecker = {
    token,
    check: async (slices) => {
      calls += 1;
      await new Promise((resolve) => setTimeout(resolve, 20 - calls));
      return new Uint8Array(slices.length).fill(1);
    },
  };
  const lines = [0, 1, 2, 3, 4].map((n) => JSON.stringify({ ...CLEAN, name: `n${n}` }));
  const chunks = lines.map((line) => Buffer.from(`${line}\n`));
  const items = await collect(fromByteStream('o.ndjson', Readable.from(chunks),
    { checker: slow, format: 'ndjson' }));
  t.same(items.map((item) => (item.kind === 'object' ? item.record.object.name : item.kind)),
    ['n0', 'n1', 'n2', 'n3', 'n4']);
  t.ok(items.every((item) => markOf(item) === token));
});

t.test('a cut input still errors after the objects before it', async (t) => {
  const checker: SliceChecker = {
    token: {}, check: async (slices) => new Uint8Array(slices.length).fill(1),
  };
  const text = `{"type":"bundle","objects":[${JSON.stringify(CLEAN)},{"type":"ide`;
  const seen: string[] = [];
  const error = await new Promise<Error | undefined>((resolve) => {
    fromByteStream('x.json', Readable.from([Buffer.from(text)]), { checker }).subscribe({
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

t.test('a read error comes after the objects of the chunk read ahead', async (t) => {
  const checker: SliceChecker = {
    token: {}, check: async (slices) => new Uint8Array(slices.length).fill(1),
  };
  async function* failing(): AsyncGenerator<Buffer> {
    yield Buffer.from(`${JSON.stringify(CLEAN)}\n`);
    yield Buffer.from(`${JSON.stringify({ ...CLEAN, name: 'second' })}\n`);
    throw new Error('EIO: the disk went away');
  }
  const seen: string[] = [];
  const error = await new Promise<Error | undefined>((resolve) => {
    fromByteStream('f.ndjson', failing, { checker, format: 'ndjson' }).subscribe({
      next: (item) => seen.push(item.kind === 'object' ? String(item.record.object.name) : item.kind),
      error: (e: Error) => resolve(e),
      complete: () => resolve(undefined),
    });
  });
  t.same(seen, ['Agriculture', 'second'], 'both objects read before the failure');
  t.match(error?.message, /EIO/);
});
