import t from 'tap';
import { objectItem, type Item } from '../../../core/item.js';
import type { JsonObject } from '../../../core/json.js';
import { decodeProblems } from '../../../operators/validation/decode-problems.js';
import { Findings } from '../../../operators/validation/findings.js';
import {
  checkIdentifier,
  Identifier,
  isStixType,
  parseIdentifier,
} from '../../../operators/validation/identifier.js';
import { checkReferences } from '../../../operators/validation/references.js';

const UUID4 = '6a4d1a4f-2b3c-4d5e-8f90-0123456789ab';

function problems(object: JsonObject, check: (o: JsonObject, f: Findings) => void) {
  const findings = new Findings(objectItem({ source: 't', index: 0, object, bytes: 0 }));
  check(object, findings);
  return findings.items(object).flatMap((item: Item) =>
    item.kind === 'note' ? [item.problem] : item.kind === 'rejected' ? item.problems : []);
}

t.test('identifiers: RFC 4122 variant, UUID versions 1 to 8', async (t) => {
  for (let version = 1; version <= 8; version++) {
    const id = `identity--6a4d1a4f-2b3c-${version}d5e-8f90-0123456789ab`;
    t.same(parseIdentifier(id), { type: 'identity', version }, `version ${version}`);
  }
  t.same(parseIdentifier(`x-example-type--${UUID4.toUpperCase()}`),
    { type: 'x-example-type', version: 4 });
  for (const bad of [
    `identity--6a4d1a4f-2b3c-0d5e-8f90-0123456789ab`, // version 0
    `identity--6a4d1a4f-2b3c-9d5e-8f90-0123456789ab`, // version 9
    `identity--6a4d1a4f-2b3c-4d5e-cf90-0123456789ab`, // Microsoft variant
    `identity--00000000-0000-0000-0000-000000000000`, // nil UUID
    `identity--${UUID4}0`, `identity-${UUID4}`, `Identity--${UUID4}`, `--${UUID4}`,
    `id--${UUID4}`, `identity--{${UUID4}}`, `identity--${UUID4.replace(/-/g, '')}`,
  ]) {
    t.equal(parseIdentifier(bad), undefined, bad);
  }
});

t.test('STIX type names', async (t) => {
  for (const good of ['identity', 'x-opencti-sector', 'abc', 'x509-certificate', 'a'.repeat(250)]) {
    t.ok(isStixType(good), good);
  }
  for (const bad of ['ab', 'Identity', '1abc', 'x--y', 'x_y', 'a'.repeat(251), '']) {
    t.notOk(isStixType(bad), bad);
  }
});

t.test('the Identifier codec quotes the value', async (t) => {
  t.same(decodeProblems(Identifier, `identity--${UUID4}`), []);
  t.same(decodeProblems(Identifier, 42, ['id']), [{
    pointer: '/id', rule: 'id-format', value: 42, message: 'id 42 is not <type>--<RFC 4122 UUID>',
  }]);
  t.match(decodeProblems(Identifier, undefined, ['id']), [{ rule: 'required-property' }]);
});

t.test('checkIdentifier: prefix and UUID version', async (t) => {
  const v1 = 'identity--a1b2c3d4-1e2f-11ee-9a0b-000000000001';
  t.same(problems({ type: 'identity', id: `identity--${UUID4}` }, checkIdentifier), []);
  t.same(problems({ type: 'identity', id: `identity--69f1df30-eb2f-5845-88e0-64e2d05ab72e` },
    checkIdentifier), [], 'v5 is accepted silently');
  t.match(problems({ type: 'identity', id: v1 }, checkIdentifier),
    [{ severity: 'warning', rule: 'id-uuid-version', pointer: '/id', value: v1 }]);
  t.match(problems({ type: 'identity', id: `location--${UUID4}` }, checkIdentifier),
    [{ severity: 'error', rule: 'id-prefix', pointer: '/id', id: `location--${UUID4}` }]);
});

t.test('references must be identifiers of the right type', async (t) => {
  const object: JsonObject = {
    type: 'indicator',
    created_by_ref: `location--${UUID4}`,
    object_marking_refs: [`marking-definition--${UUID4}`, 'marking-definition--nope'],
    sample_refs: 'file--x',
    x_example_ref: null,
    object_refs: [`identity--${UUID4}`, `location--${UUID4}`],
  };

  const found = problems(object, checkReferences);

  t.same(found.map((p) => [p.rule, p.pointer, p.value]), [
    ['ref-type', '/created_by_ref', `location--${UUID4}`],
    ['ref-format', '/object_marking_refs/1', 'marking-definition--nope'],
    ['property-type', '/sample_refs', 'file--x'],
    ['ref-format', '/x_example_ref', null],
  ]);
  t.ok(found.every((p) => p.severity === 'error'));
});
