import t from 'tap';
import { firstValueFrom, from, timeout, toArray } from 'rxjs';
import { objectItem, type Item } from '../../core/item.js';
import type { JsonObject } from '../../core/json.js';
import type { Problem } from '../../core/problem.js';
import { validate } from '../../operators/validate.js';

const IDENTITY: JsonObject = {
  type: 'identity', spec_version: '2.1', id: 'identity--724abcca-6f52-4e72-b14a-b5a459dec710',
  created: '2024-01-10T09:00:00.000Z', modified: '2024-01-10T09:00:00.000Z',
  name: 'Example Corp', identity_class: 'organization',
};
const record = (index: number, object: JsonObject) =>
  ({ source: 's.json', index, object, bytes: 10 });
const problem: Problem = {
  source: 's.json', index: 9, severity: 'warning', pointer: '', rule: 'bom-stripped',
  message: 'BOM stripped',
};

t.test('object items are validated, other kinds pass through in order', async (t) => {
  const good = objectItem(record(0, IDENTITY));
  const bad = objectItem(record(1, { ...IDENTITY, id: null }));
  const offset = objectItem(record(2, { ...IDENTITY, created: '2024-01-10T10:00:00.000+01:00' }));
  const note: Item = { kind: 'note', problem };
  const merged: Item = {
    kind: 'merged', record: record(3, IDENTITY), into: { source: 's.json', index: 0 },
    reason: 'identical',
  };
  const deferred: Item = { kind: 'deferred', record: record(4, IDENTITY), problems: [] };

  const out = await firstValueFrom(
    from([note, good, merged, bad, deferred, offset]).pipe(validate({}), toArray(), timeout(5000)));

  t.same(out.map((i) => (i.kind === 'note' ? `note:${i.problem.rule}` : i.kind)), [
    'note:bom-stripped', 'object', 'merged', 'rejected', 'deferred', 'note:timestamp-utc', 'object',
  ]);
  t.equal(out[0], note, 'passed through as the same item');
  t.equal(out[1], good, 'a clean object is the same item');
  t.equal(out[2], merged);
  t.equal(out[4], deferred);
  t.match(out[3], { kind: 'rejected', record: { index: 1 }, problems: [{ rule: 'id-format' }] });
  t.match(out[6], { kind: 'object', record: { index: 2, bytes: 10,
    object: { created: '2024-01-10T09:00:00.000Z' } } });
});

t.test('options are checked when the operator is built', async (t) => {
  t.throws(() => validate({ renameProperties: { a: 'B' } }), RangeError);
});

t.test('strict mode through the operator', async (t) => {
  const { spec_version: _, ...old } = IDENTITY;
  const out = await firstValueFrom(
    from([objectItem(record(0, old))]).pipe(validate({ strict: true }), toArray(), timeout(5000)));
  t.match(out, [{ kind: 'rejected', problems: [{ rule: 'spec-version' }] }]);
});
