import t from 'tap';
import type { Item, ObjectItem } from '../../core/item.js';
import { Batcher, batchItems, itemBytes, type BatchedItem } from '../../operators/batch-items.js';
import { run } from '../helpers/stix-items.js';

const object = (index: number, bytes: number): ObjectItem =>
  ({ kind: 'object', record: { source: 's', index, bytes, object: { n: index } } });
const shape = (out: BatchedItem[]) =>
  out.map((b) => (b.kind === 'batch' ? b.items.map((i) => i.record.index) : b.kind));

t.test('by count, the last partial batch flushed on completion', async (t) => {
  const items = [0, 1, 2, 3, 4, 5, 6].map((n) => object(n, 10));

  const out = await run(items, batchItems({ maxCount: 3, maxBytes: 1000 }));

  t.same(shape(out), [[0, 1, 2], [3, 4, 5], [6]]);
  t.same(out.map((b) => (b.kind === 'batch' ? b.bytes : 0)), [30, 30, 10]);
});

t.test('by bytes; an object over the limit alone', async (t) => {
  const items = [object(0, 40), object(1, 50), object(2, 20), object(3, 250), object(4, 100)];

  const out = await run(items, batchItems({ maxCount: 10, maxBytes: 100 }));

  t.same(shape(out), [[0, 1], [2], [3], [4]], 'sizes 90 | 20 | 250 | 100');
  t.same(out.map((b) => (b.kind === 'batch' ? b.bytes : 0)), [90, 20, 250, 100]);
});

t.test('other items pass at once, between batches', async (t) => {
  const into = { source: 's', index: 0 };
  const merged: Item = { kind: 'merged', record: object(9, 1).record, into, reason: 'identical' };
  const items: Item[] = [object(0, 1), merged, object(1, 1), object(2, 1)];

  const out = await run(items, batchItems({ maxCount: 2, maxBytes: 100 }));

  t.same(shape(out), ['merged', [0, 1], [2]]);
});

t.test('sizes: record.bytes, else the UTF-8 length of the JSON', async (t) => {
  t.equal(itemBytes(object(0, 7)), 7);
  const unmeasured: ObjectItem =
    { kind: 'object', record: { source: 's', index: 0, bytes: 0, object: { name: 'é' } } };
  t.equal(itemBytes(unmeasured), Buffer.byteLength('{"name":"é"}'));
  const batcher = new Batcher({ maxCount: 5, maxBytes: 100 });
  t.same(batcher.flush(), [], 'nothing to flush');
});

t.test('bad limits are refused when the operator is built', async (t) => {
  t.throws(() => batchItems({ maxCount: 0, maxBytes: 10 }), RangeError);
  t.throws(() => batchItems({ maxCount: 1, maxBytes: 1.5 }), RangeError);
});
