import t from 'tap';
import type { Problem } from '../../core/problem.js';
import { validateStix } from '../helpers/stix-schemas.js';
import { caseItems, validateAll as run } from '../helpers/validate-cases.js';
import { objectItem } from '../../core/item.js';
import type { JsonObject } from '../../core/json.js';

const brief = (p: Problem) => [p.index, p.severity, p.rule, p.pointer];

t.test('C10: bad external references are dropped, the object kept', async (t) => {
  const items = caseItems('C10-external-ref-incomplete');
  const entries = items[1].record.object.external_references as JsonObject[];

  const { emitted, notes, objects, out } = run(items);

  t.same(emitted, [0, 1], 'read 2 = emitted 2');
  t.same(notes.map(brief), [
    [1, 'error', 'external-reference-incomplete', '/external_references/0'],
    [1, 'error', 'external-reference-incomplete', '/external_references/1'],
    [1, 'error', 'external-reference-incomplete', '/external_references/3'],
  ]);
  t.same(notes.map((n) => n.value), [entries[0], entries[1], entries[3]], 'entries kept as read');
  t.match(notes[2].message, /source_name must not be empty; url "not a url"/);
  t.same(objects[1].external_references,
    [{ source_name: 'example-registry', external_id: 'EX-0001' }]);
  t.same(validateStix(objects[1]), []);
  t.equal(out.at(-1)?.kind, 'object', 'the notes come before the object');
  t.equal(entries.length, 4, 'input untouched');
});

t.test('C10: a bad URL alone is external-reference-url', async (t) => {
  const [, item] = caseItems('C10-external-ref-incomplete');
  const object = { ...item.record.object, external_references: [
    { source_name: 'example', url: 'ftp://files.example.org/a' },
    { source_name: 'example', url: 'https://www.example.org/a b' },
    { source_name: 'example', url: 'https://www.example.org/a' },
  ] };

  const { notes, objects } = run([objectItem({ ...item.record, object })]);

  t.same(notes.map(brief), [
    [1, 'error', 'external-reference-url', '/external_references/0'],
    [1, 'error', 'external-reference-url', '/external_references/1'],
  ]);
  t.same(objects[0].external_references,
    [{ source_name: 'example', url: 'https://www.example.org/a' }]);
});

t.test('C10: deriveSourceName takes the URL host, counted', async (t) => {
  const items = caseItems('C10-external-ref-incomplete');

  const { notes, objects } = run(items, { deriveSourceName: true });


  t.same(notes.map(brief), [
    [1, 'fix', 'external-reference-source-name', '/external_references/0/source_name'],
    [1, 'error', 'external-reference-incomplete', '/external_references/1'],
    [1, 'error', 'external-reference-incomplete', '/external_references/3'],
  ]);
  t.same(objects[1].external_references, [
    { url: 'https://www.example.org/profiles/example-corp', source_name: 'www.example.org' },
    { source_name: 'example-registry', external_id: 'EX-0001' },
  ]);
});

t.test('C15: STIX 2.0 objects are upgraded by default', async (t) => {
  const items = caseItems('C15-spec-version-missing');

  const { emitted, notes, objects } = run(items);

  t.same(emitted, [0, 1, 2, 3], 'read 4 = emitted 4');
  t.same(notes.map(brief), [
    [0, 'fix', 'upgraded-from-2.0', '/spec_version'],
    [1, 'fix', 'upgraded-from-2.0', '/spec_version'],
    [2, 'fix', 'upgraded-from-2.0', '/spec_version'],
    [2, 'fix', 'gathering-to-part-of', '/relationship_type'],
  ]);
  t.equal(notes[3].value, 'gathering');
  t.same(Object.keys(objects[0]).slice(0, 3), ['type', 'spec_version', 'id']);
  const [parent, child] = [items[0], items[1]].map((i) => i.record.object.id);
  t.match(objects[2], {
    spec_version: '2.1', relationship_type: 'part-of', source_ref: child, target_ref: parent,
  });
  t.equal(objects[3], items[3].record.object, 'the 2.1 object passes as it is');
  for (const object of objects) t.same(validateStix(object), [], `${object.id} is STIX 2.1`);
});

t.test('C15: strict mode rejects STIX 2.0 objects', async (t) => {
  const items = caseItems('C15-spec-version-missing');

  const { emitted, rejected, errors, notes } = run(items, { strict: true });


  t.same(emitted, [3]);
  t.same(rejected, [0, 1, 2], 'emitted 1 + rejected 3');
  t.same(errors.map(brief), [0, 1, 2].map((i) => [i, 'error', 'spec-version', '/spec_version']));
  t.same(notes, [], 'no fix is reported for a rejected object');
});

t.test('C16: invalid custom property names are dropped', async (t) => {
  const items = caseItems('C16-custom-property-name');

  const { emitted, notes, objects } = run(items);

  t.same(emitted, [0, 1], 'read 2 = emitted 2');
  t.same(notes.map((n) => [n.rule, n.pointer, n.value]), [
    ['custom-property-name', '/x_opencti_Aliases', ['ExCo']],
    ['custom-property-name', '/x-opencti-score', 50],
    ['custom-property-name', '/xo', 1],
    ['custom-property-name', '/X_OPENCTI_ORGANIZATION_TYPE', 'vendor'],
  ]);
  t.ok(notes.every((n) => n.severity === 'error' && n.index === 1));
  t.equal(objects[1].x_example_com_registry_id, 'EX-0001');
  t.notOk('x_opencti_aliases' in objects[1], 'never lower-cased into the alias field');
  t.same(Object.keys(objects[1]).filter((k) => k.startsWith('x')), ['x_example_com_registry_id']);
});

t.test('C16: an explicit rename map renames, counted', async (t) => {
  const renameProperties = { 'x-opencti-score': 'x_opencti_score', xo: 'x_example_xo' };

  const { notes, objects } = run(caseItems('C16-custom-property-name'), { renameProperties });

  t.same(notes.map((n) => [n.severity, n.rule, n.pointer, n.value]), [
    ['fix', 'property-renamed', '/x-opencti-score', 'x-opencti-score'],
    ['fix', 'property-renamed', '/xo', 'xo'],
    ['error', 'custom-property-name', '/x_opencti_Aliases', ['ExCo']],
    ['error', 'custom-property-name', '/X_OPENCTI_ORGANIZATION_TYPE', 'vendor'],
  ], 'renames first, then the names still invalid are dropped');
  t.match(objects[1], { x_opencti_score: 50, x_example_xo: 1 });
  t.notOk('xo' in objects[1]);
});
