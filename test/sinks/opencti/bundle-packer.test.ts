import t from 'tap';
import type { JsonObject } from '../../../core/json.js';
import { ExactNumber } from '../../../core/json.js';
import type { SourceRecord } from '../../../core/record.js';
import { BundlePacker, type PackedBundle } from '../../../sinks/opencti/bundle-packer.js';
import { ObjectTooLargeError } from '../../../sinks/opencti/object-too-large-error.js';

const record = (index: number, object: JsonObject): SourceRecord => ({
  source: 'test.json',
  index,
  object,
  bytes: JSON.stringify(object).length,
});

const sector = (index: number, description = ''): SourceRecord =>
  record(index, {
    type: 'identity',
    spec_version: '2.1',
    id: `identity--00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
    name: `Sector ${index}`,
    identity_class: 'class',
    description,
  });

let counter = 0;
const ids = () => `bundle--00000000-0000-4000-8000-${String(++counter).padStart(12, '0')}`;

function packAll(packer: BundlePacker, records: SourceRecord[]): PackedBundle[] {
  const bundles: PackedBundle[] = [];
  for (const item of records) {
    const closed = packer.add(item)._unsafeUnwrap();
    if (closed) bundles.push(closed);
  }
  const last = packer.flush();
  if (last) bundles.push(last);
  return bundles;
}

t.test('bundles keep order, stay under the byte limit and measure exactly', async (t) => {
  const records = Array.from({ length: 40 }, (_, i) => sector(i, 'é'.repeat(i * 7)));
  const packer = new BundlePacker({ maxBytes: 2_000, maxObjects: 1000 }, ids);

  const bundles = packAll(packer, records);

  t.ok(bundles.length > 3, `${bundles.length} bundles`);
  for (const bundle of bundles) {
    t.equal(bundle.bytes, Buffer.byteLength(bundle.text, 'utf8'), 'bytes are exact');
    t.ok(bundle.bytes <= 2_000, `${bundle.bytes} <= 2000`);
  }
  const parsed = bundles.map((bundle) => JSON.parse(bundle.text));
  t.same(parsed.flatMap((bundle) => bundle.objects), records.map((item) => item.object));
  t.same(Object.keys(parsed[0]), ['type', 'id', 'objects']);
  t.equal(parsed[0].type, 'bundle');
  t.match(parsed[0].id, /^bundle--0{8}-0{4}-4000-8000-\d{12}$/);
  t.same(bundles.map((bundle) => bundle.count).reduce((a, b) => a + b), 40);
});

t.test('a bundle closes at maxObjects', async (t) => {
  const packer = new BundlePacker({ maxBytes: 1_000_000, maxObjects: 3 }, ids);

  const bundles = packAll(packer, Array.from({ length: 7 }, (_, i) => sector(i)));

  t.same(bundles.map((bundle) => bundle.count), [3, 3, 1]);
});

t.test('exact numbers are written as read', async (t) => {
  const packer = new BundlePacker({ maxBytes: 10_000, maxObjects: 10 }, ids);
  const object = { ...sector(1).object, x_example_score: new ExactNumber('1.50') };

  const [bundle] = packAll(packer, [record(1, object)]);

  t.match(bundle.text, /"x_example_score":1\.50\}\]\}$/);
});

t.test('an object too large for any bundle is an error naming it', async (t) => {
  const packer = new BundlePacker({ maxBytes: 600, maxObjects: 10 }, ids);
  t.equal(packer.add(sector(0))._unsafeUnwrap(), undefined);

  const result = packer.add(sector(1, 'x'.repeat(600)));

  const error = result._unsafeUnwrapErr();
  t.type(error, ObjectTooLargeError);
  t.equal(error.id, 'identity--00000000-0000-4000-8000-000000000001');
  t.same(error.position, { source: 'test.json', index: 1 });
  t.equal(error.limit, 600);
  t.ok(error.bytes > 600);
  t.equal(
    error.message,
    `test.json: objects[1] ${error.id} needs a ${error.bytes}-byte bundle, ` +
      'over the limit of 600 bytes',
  );
  t.equal(packer.flush()?.count, 1, 'the open bundle is kept');
});

t.test('limits are checked at construction', async (t) => {
  t.throws(() => new BundlePacker({ maxBytes: 10, maxObjects: 1 }), RangeError);
  t.throws(() => new BundlePacker({ maxBytes: 1000, maxObjects: 0 }), RangeError);
  t.throws(() => new BundlePacker({ maxBytes: 1000.5, maxObjects: 1 }), RangeError);
});
