import t from 'tap';
import { objectItem } from '../../../core/item.js';
import type { DatasetRole } from '../../../core/record.js';
import { validate, validateRecord } from '../../../operators/validate.js';
import {
  resolveValidateOptions,
  VALIDATE_DEFAULTS,
} from '../../../operators/validation/validate-options.js';

t.test('defaults are named and applied once', async (t) => {
  const resolved = resolveValidateOptions();
  t.same(VALIDATE_DEFAULTS,
    { strict: false, assumeUtc: false, fixIdentityClass: false, deriveSourceName: false });
  t.match(resolved, { role: undefined, ...VALIDATE_DEFAULTS });
  t.equal(resolved.renames.size, 0);
  t.equal(resolved.isAuthor({ type: 'identity' }), true);
  t.equal(resolved.isAuthor({ type: 'identity', created_by_ref: 'identity--x' }), false);
});

t.test('bad configuration throws when the operator is built', async (t) => {
  t.throws(() => validate({ role: 'vendors' as DatasetRole }), RangeError);
  t.throws(() => validate({ renameProperties: { x_Bad: 'X_Still_Bad' } }), RangeError);
  t.throws(() => validate({ renameProperties: { x_bad: 'id' } }), RangeError, 'too short');
  t.throws(() => validate({ renameProperties: { x_bad: '__proto__' } }), RangeError);
  t.throws(() => validate({ renameProperties: { constructor: 'x_ok' } }), RangeError);
  t.doesNotThrow(() => validate({ renameProperties: { 'x-opencti-score': 'x_opencti_score' } }));
});

t.test('a rename onto a taken name drops the old property', async (t) => {
  const object = {
    type: 'identity', spec_version: '2.1', id: 'identity--724abcca-6f52-4e72-b14a-b5a459dec710',
    created: '2024-01-10T09:00:00.000Z', modified: '2024-01-10T09:00:00.000Z',
    name: 'Example Corp', identity_class: 'organization',
    'x-score': 50, x_score: 60,
  };

  const out = validateRecord(objectItem({ source: 't', index: 0, object, bytes: 0 }),
    { renameProperties: { 'x-score': 'x_score' } });

  t.match(out[0], { kind: 'note', problem: {
    severity: 'error', rule: 'property-rename-conflict', pointer: '/x-score', value: 50,
  } });
  t.match(out[1], { kind: 'object', record: { object: { x_score: 60 } } });
  t.notOk(out[1].kind === 'object' && 'x-score' in out[1].record.object);
});
