import t from 'tap';
import type { JsonObject } from '../../core/json.js';
import { serializeRecord } from '../../core/serialize.js';
import { verbatimText, verbatimWithout } from '../../core/verbatim-text.js';
import { orderByDependency } from '../../operators/order-by-dependency.js';
import { removeCreator } from '../../operators/remove-creator.js';
import { firstValueFrom, from, toArray } from 'rxjs';
import { objectItem, type ObjectItem } from '../../core/item.js';

const AUTHOR = 'identity--5d2a8e0a-f4a4-4a9c-8f2a-7a4b0c6f3e21';
const read = (object: JsonObject) => ({ object, verbatim: { object, text: JSON.stringify(object) } });
const without = (object: JsonObject, key: string): JsonObject => {
  const { [key]: _dropped, ...rest } = object;
  return rest;
};

t.test('the text applies only to the very object it was read with', async (t) => {
  const object = { type: 'identity', name: 'A' };
  const record = { object, verbatim: { object, text: '{"type":"identity","name":"A"}' } };
  t.equal(verbatimText(record), record.verbatim.text);
  t.equal(serializeRecord(record), record.verbatim.text, 'written without serializing');
  const edited = { ...record, object: { ...object, name: 'B' } };
  t.equal(verbatimText(edited), undefined, 'an edited copy carries the text but not its use');
  t.equal(serializeRecord(edited), '{"type":"identity","name":"B"}');
});

t.test('cutting a top-level member gives what JSON.stringify writes', async (t) => {
  const cases: Array<[string, JsonObject]> = [
    ['first', { created_by_ref: AUTHOR, type: 'identity', name: 'A' }],
    ['middle', { type: 'identity', created_by_ref: AUTHOR, name: 'A' }],
    ['last', { type: 'identity', name: 'A', created_by_ref: AUTHOR }],
    ['sole', { created_by_ref: AUTHOR }],
    ['after a nested copy', {
      type: 'x', extensions: { e: { created_by_ref: AUTHOR } }, created_by_ref: AUTHOR,
    }],
    ['after a string holding it', {
      description: `"created_by_ref":"${AUTHOR}"`, created_by_ref: AUTHOR,
    }],
  ];
  for (const [name, object] of cases) {
    const rest = without(object, 'created_by_ref');
    const cut = verbatimWithout(read(object), rest, 'created_by_ref');
    t.equal(cut?.text, JSON.stringify(rest), name);
    t.equal(cut?.object, rest, `${name}: the text belongs to the copy`);
  }
});

t.test('no text when there is nothing sure to cut', async (t) => {
  const nested = { type: 'x', extensions: { e: { created_by_ref: AUTHOR } } };
  t.equal(verbatimWithout(read(nested), nested, 'created_by_ref'), undefined,
    'only a nested member: nothing at the top level');
  const number = { type: 'x', created_by_ref: 5 };
  t.equal(verbatimWithout(read(number), without(number, 'created_by_ref'), 'created_by_ref'),
    undefined, 'a value that is not a string');
  const spaced = { created_by_ref: AUTHOR, type: 'x' };
  const text = `{"created_by_ref":"${AUTHOR}" ,"type":"x"}`;
  const loose = { object: spaced, verbatim: { object: spaced, text } };
  t.equal(verbatimWithout(loose, without(spaced, 'created_by_ref'), 'created_by_ref'), undefined,
    'a text that is not compact is not cut into {}');
  const unread = { type: 'x', created_by_ref: AUTHOR };
  t.equal(verbatimWithout({ object: unread }, unread, 'created_by_ref'), undefined, 'no text');
});

t.test('removeCreator writes the same bytes with and without a text', async (t) => {
  const objects: JsonObject[] = [
    { type: 'identity', id: 'identity--1', created_by_ref: AUTHOR, name: 'A' },
    { type: 'identity', id: 'identity--2', name: 'B' },
  ];
  const run = async (withText: boolean): Promise<string[]> => {
    const items = objects.map((object, index) => objectItem({
      source: 's', index, object, bytes: 1,
      ...(withText ? { verbatim: { object, text: JSON.stringify(object) } } : {}),
    }));
    const out = (await firstValueFrom(from(items).pipe(removeCreator(), toArray()))) as ObjectItem[];
    t.equal(verbatimText(out[0].record) !== undefined, withText, 'the stripped copy has a text');
    return out.map((item) => serializeRecord(item.record));
  };
  const plain = await run(false);
  t.same(await run(true), plain);
  t.same(plain, ['{"type":"identity","id":"identity--1","name":"A"}', JSON.stringify(objects[1])]);
});

t.test('an object parked by the order operator leaves without its text', async (t) => {
  const B = 'identity--0b7c5e2a-9d41-4f3e-8a6b-1c2d3e4f5a6b';
  const waiting = { type: 'relationship', id: 'relationship--1', source_ref: B, target_ref: B };
  const target = { type: 'identity', id: B, name: 'B' };
  const items = [waiting, target].map((object, index) => objectItem({
    source: 's', index, object, bytes: 1, verbatim: { object, text: JSON.stringify(object) },
  }));
  const out = (await firstValueFrom(
    from(items).pipe(orderByDependency(), toArray()))) as ObjectItem[];
  t.same(out.map((item) => item.record.object.id), [B, 'relationship--1'], 'the target first');
  t.equal(verbatimText(out[0].record), JSON.stringify(target), 'never parked: kept');
  t.equal(out[1].record.verbatim, undefined, 'parked: dropped, it would double what waits');
  t.equal(serializeRecord(out[1].record), JSON.stringify(waiting));
});
