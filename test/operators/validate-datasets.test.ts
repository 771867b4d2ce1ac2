import t from 'tap';
import { readFileSync } from 'node:fs';
import { objectItem, type Item, type ObjectItem } from '../../core/item.js';
import type { JsonObject } from '../../core/json.js';
import type { DatasetRole } from '../../core/record.js';
import { validateRecord } from '../../operators/validate.js';
import { validateStix } from '../helpers/stix-schemas.js';
import { sharedPath } from '../helpers/shared-dir.js';

const DATASETS = sharedPath('datasets');

function datasetItems(role: DatasetRole): ObjectItem[] {
  const source = `${DATASETS}/${role}.json`;
  const bundle = JSON.parse(readFileSync(source, 'utf8')) as { objects: JsonObject[] };
  return bundle.objects.map((object, index) =>
    objectItem({ source, index, object, bytes: JSON.stringify(object).length, role }));
}

const COUNTS: Record<DatasetRole, number> = { sectors: 121, geography: 539, companies: 63 };

for (const role of ['sectors', 'geography', 'companies'] as const) {
  t.test(`the ${role} dataset passes unchanged`, async (t) => {
    const items = datasetItems(role);
    const before = structuredClone(items.map((item) => item.record.object));

    const out: Item[] = items.flatMap((item) => validateRecord(item, {}));

    const objects = out.filter((item) => item.kind === 'object');
    t.equal(items.length, COUNTS[role], 'all objects read');
    t.equal(objects.length, items.length, 'one object out per object in');
    t.equal(out.filter((item) => item.kind === 'rejected').length, 0, 'no rejects');
    t.same(out.filter((item) => item.kind === 'note'), [], 'no notes at all');
    t.equal(objects.filter((item, i) => item === items[i]).length, items.length,
      'every object comes out as the same item, in order');
    t.same(items.map((item) => item.record.object), before, 'input untouched');

    const invalid = objects.flatMap((item) =>
      validateStix(item.record.object).map((e) => `objects[${item.record.index}] ${e}`));
    t.same(invalid, [], 'every object passes the OASIS schema');
  });
}

t.test('the role rules hold on the real datasets', async (t) => {
  for (const role of ['sectors', 'geography', 'companies'] as const) {
    const out = datasetItems(role).flatMap((item) => validateRecord(item, { role }));
    t.equal(out.length, COUNTS[role], `${role}: one item per object, no notes`);
    t.ok(out.every((item) => item.kind === 'object'), `${role}: nothing rejected`);
  }
});

t.test('the schema helper rejects what the schemas reject', async (t) => {
  const [author] = datasetItems('sectors');
  t.same(validateStix(author.record.object), []);
  const noClassWrongId = { ...author.record.object, id: 'identity--1234' };
  t.match(validateStix(noClassWrongId).join('\n'), /\/id must match pattern/);
  const { created: _created, ...noCreated } = author.record.object;
  t.match(validateStix(noCreated).join('\n'), /required property 'created'/);
});
