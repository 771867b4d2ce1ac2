import t from 'tap';
import { objectItem } from '../../../core/item.js';
import type { JsonObject } from '../../../core/json.js';
import { validateRecord } from '../../../operators/validate.js';
import { Findings } from '../../../operators/validation/findings.js';
import { stripForbiddenKeys } from '../../../operators/validation/forbidden-keys.js';
import { withProperty, withRenamedProperty } from '../../../operators/validation/object-edit.js';

const IDENTITY = {
  type: 'identity',
  spec_version: '2.1',
  id: 'identity--ae996277-2317-4c3f-9c45-b6c7db95a316',
  created: '2024-01-10T09:00:00.000Z',
  modified: '2024-01-10T09:00:00.000Z',
  name: 'Example Corp',
  identity_class: 'organization',
};

// JSON.parse makes `__proto__` an own property, as a parser of untrusted input would.
const parse = (text: string) => JSON.parse(text) as JsonObject;

t.test('__proto__ nested in an external reference is dropped', async (t) => {
  const object = parse(JSON.stringify({ ...IDENTITY }).replace(/}$/,
    ',"external_references":[{"source_name":"example","url":"https://example.org/",' +
    '"__proto__":{"polluted":"yes"}}]}'));
  t.ok(Object.hasOwn((object.external_references as JsonObject[])[0], '__proto__'));

  const out = validateRecord(objectItem({ source: 't', index: 3, object, bytes: 0 }), {});

  t.same(out.map((i) => i.kind), ['note', 'object']);
  t.match(out[0], { kind: 'note', problem: {
    severity: 'error', rule: 'forbidden-key', index: 3,
    pointer: '/external_references/0/__proto__', value: { polluted: 'yes' },
  } });
  const kept = out[1].kind === 'object' ? out[1].record.object : {};
  const [entry] = kept.external_references as JsonObject[];
  t.same(Object.keys(entry), ['source_name', 'url']);
  t.equal(Object.getPrototypeOf(entry), Object.prototype);
  t.equal(Object.getPrototypeOf(kept), Object.prototype);
  t.equal(({} as Record<string, unknown>).polluted, undefined, 'no prototype polluted');
  t.equal((entry as Record<string, unknown>).polluted, undefined);
});

t.test('constructor and prototype are dropped at any depth', async (t) => {
  const object = parse('{"a":{"constructor":{"prototype":{"polluted":1}},' +
    '"b":[{"prototype":2},3]},"__proto__":{"polluted":true},"c":"kept"}');
  const findings = new Findings(objectItem({ source: 't', index: 0, object, bytes: 0 }));

  const clean = stripForbiddenKeys(object, findings);

  t.same(clean, { a: { b: [{}, 3] }, c: 'kept' });
  t.same(findings.items(clean).flatMap((i) => (i.kind === 'note' ? [i.problem.pointer] : [])),
    ['/a/constructor', '/a/b/0/prototype', '/__proto__']);
  t.equal(Object.getPrototypeOf(clean), Object.prototype);
  t.equal(({} as Record<string, unknown>).polluted, undefined);
  t.ok(Object.hasOwn(object, '__proto__'), 'the input is not modified');
});

t.test('an object without forbidden keys is returned as it is', async (t) => {
  const object = { ...IDENTITY, nested: { deep: [{ x: 1 }] } };
  const findings = new Findings(objectItem({ source: 't', index: 0, object, bytes: 0 }));
  t.equal(stripForbiddenKeys(object, findings), object);
});

t.test('edits never assign: a __proto__ key stays an own property', async (t) => {
  const object: JsonObject = { a: 1 };

  const added = withProperty(object, '__proto__', { polluted: 'yes' });
  const renamed = withRenamedProperty(added, 'a', 'constructor');

  t.equal(Object.getPrototypeOf(added), Object.prototype);
  t.same(Object.keys(renamed), ['constructor', '__proto__']);
  t.equal((renamed as Record<string, unknown>).polluted, undefined);
  t.equal(({} as Record<string, unknown>).polluted, undefined);
  t.same(withProperty({ type: 'x', id: 'y' }, 'spec_version', '2.1', 'type'),
    { type: 'x', spec_version: '2.1', id: 'y' });
  t.same(Object.keys(withProperty({ type: 'x', id: 'y' }, 'spec_version', '2.1', 'type')),
    ['type', 'spec_version', 'id'], 'placed after type');
});
