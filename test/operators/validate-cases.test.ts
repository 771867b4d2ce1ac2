import t from 'tap';
import type { Problem } from '../../core/problem.js';
import { validateStix } from '../helpers/stix-schemas.js';
import { caseItems, validateAll as run } from '../helpers/validate-cases.js';
import { sharedPath } from '../helpers/shared-dir.js';

const CASES = sharedPath('cases');

const brief = (p: Problem) => [p.index, p.severity, p.rule, p.pointer, p.value];

t.test('C03: identity_class missing or wrong for the sectors role', async (t) => {
  const items = caseItems('C03-identity-class', 'sectors');

  const { emitted, rejected, errors, notes } = run(items);

  t.same(emitted, [0, 4], 'the author is exempt, the class passes');
  t.same(rejected, [1, 2, 3]);
  t.same(errors.map(brief), [
    [1, 'error', 'required-property', '/identity_class', undefined],
    [2, 'error', 'role-identity-class', '/identity_class', 'organization'],
    [3, 'error', 'role-identity-class', '/identity_class', 'organization'],
  ]);
  t.equal(errors[1].message, 'sectors role expects identity_class=class');
  t.same(notes.map(brief), [[3, 'warning', 'role-possible-country', '/name', 'Exampleland']]);
  t.equal(notes[0].message, 'possible country modelled as identity');
  t.match(errors[0], {
    source: `${CASES}/C03-identity-class.json`,
    id: 'identity--56b69e84-e2b1-47c9-9fe9-cc93344404e7',
  });
});

t.test('C03: fixIdentityClass fixes the sector, never the country', async (t) => {
  const items = caseItems('C03-identity-class', 'sectors');

  const { emitted, rejected, notes, objects } = run(items, { fixIdentityClass: true });

  t.same(emitted, [0, 2, 4]);
  t.same(rejected, [1, 3], 'a missing class is never guessed; the country stays refused');
  t.same(notes.map(brief), [
    [2, 'fix', 'role-identity-class', '/identity_class', 'organization'],
    [3, 'warning', 'role-possible-country', '/name', 'Exampleland'],
  ]);
  t.equal(objects[1].identity_class, 'class');
  t.equal(items[2].record.object.identity_class, 'organization', 'input untouched');
});

t.test('C03: the role comes from the options before the record', async (t) => {
  const items = caseItems('C03-identity-class', 'sectors');
  t.same(run(items, { role: 'companies' }).rejected, [1, 4], 'companies wants organizations');
  t.same(run(caseItems('C03-identity-class')).rejected, [1], 'no role, no role rules');
});

t.test('C04: location without region, country or coordinates', async (t) => {
  const items = caseItems('C04-location-required-props', 'geography');

  const { emitted, rejected, errors, notes } = run(items);

  t.same(emitted, [0, 3, 4], 'the relationship is for the order operator to defer');
  t.same(rejected, [1, 2]);
  t.same(errors.map(brief), [
    [1, 'error', 'location-needs-place', '', undefined],
    [2, 'error', 'location-coordinates-pair', '/latitude', 48.1],
  ]);
  t.equal(errors[0].message, 'a location needs region, country, or latitude+longitude');
  t.equal(errors[1].message, 'latitude without longitude');
  t.same(notes, []);
});

t.test('C11: malformed identifiers', async (t) => {
  const items = caseItems('C11-invalid-id');

  const { emitted, rejected, errors, notes } = run(items);

  t.same(emitted, [0, 4, 5]);
  t.same(rejected, [1, 2, 3, 6, 7]);
  t.same(errors.map(brief), [
    [1, 'error', 'id-format', '/id', 'identity--755d6d9a-6cb7-4773-aead-778f1397481'],
    [2, 'error', 'id-format', '/id', 'identity--zz5d6d9a-6cb7-4773-aead-778f13974818'],
    [3, 'error', 'id-prefix', '/id', 'location--360835e7-fe4d-43b3-956d-478480714902'],
    [6, 'error', 'id-format', '/id', null],
    [7, 'error', 'ref-format', '/source_ref', 'identity--755d6d9a-6cb7-4773-aead-778f1397481'],
  ]);
  t.match(errors[0].message, 'identity--755d6d9a-6cb7-4773-aead-778f1397481', 'quotes the value');
  t.match(errors[3].message, /^id null /);
  t.same(notes.map(brief), [
    [4, 'warning', 'id-uuid-version', '/id', 'identity--a1b2c3d4-1e2f-11ee-9a0b-000000000001'],
  ]);
  t.notOk('id' in errors[3], 'no id for an object whose id is null');
});

t.test('C13: timestamps not in UTC Z form', async (t) => {
  const items = caseItems('C13-timestamp-not-utc-z');

  const { emitted, rejected, errors, notes, objects } = run(items);

  t.same(emitted, [0, 1, 4]);
  t.same(rejected, [2, 3]);
  t.same(notes.map(brief), [
    [1, 'fix', 'timestamp-utc', '/created', '2024-03-05T10:15:30.000+02:00'],
    [1, 'fix', 'timestamp-utc', '/modified', '2024-03-05T10:15:30.000+02:00'],
  ]);
  t.equal(objects[1].created, '2024-03-05T08:15:30.000Z');
  t.equal(objects[1].modified, '2024-03-05T08:15:30.000Z');
  t.same(errors.map(brief), [
    [2, 'error', 'timestamp-no-zone', '/created', '2024-03-05 08:15:30'],
    [2, 'error', 'timestamp-no-zone', '/modified', '2024-03-05 08:15:30'],
    [3, 'error', 'timestamp-format', '/created', '2024-03-05'],
    [3, 'error', 'timestamp-format', '/modified', '2024-03-05'],
  ]);
  const zForm = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;
  for (const object of objects) {
    t.match(object.created, zForm);
    t.match(object.modified, zForm);
    t.same(validateStix(object), []);
  }
});

t.test('C13: assumeUtc accepts a timestamp without a zone, counted', async (t) => {
  const { emitted, rejected, notes, objects } =
    run(caseItems('C13-timestamp-not-utc-z'), { assumeUtc: true });

  t.same(emitted, [0, 1, 2, 4]);
  t.same(rejected, [3], 'a date alone is still refused');
  t.same(notes.filter((n) => n.index === 2).map(brief), [
    [2, 'fix', 'timestamp-assume-utc', '/created', '2024-03-05 08:15:30'],
    [2, 'fix', 'timestamp-assume-utc', '/modified', '2024-03-05 08:15:30'],
  ]);
  t.equal(objects[2].created, '2024-03-05T08:15:30.000Z');
  t.same(validateStix(objects[2]), []);
});
