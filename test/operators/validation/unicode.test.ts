import t from 'tap';
import { objectItem } from '../../../core/item.js';
import type { JsonObject } from '../../../core/json.js';
import { validateRecord } from '../../../operators/validate.js';

const IDENTITY: JsonObject = {
  type: 'identity',
  spec_version: '2.1',
  id: 'identity--ae996277-2317-4c3f-9c45-b6c7db95a316',
  created: '2024-01-10T09:00:00.000Z',
  modified: '2024-01-10T09:00:00.000Z',
  name: 'Example Corp',
  identity_class: 'organization',
};

const run = (object: JsonObject) =>
  validateRecord(objectItem({ source: 't', index: 1, object, bytes: 0 }), {});

t.test('a lone surrogate in a nested string rejects the object', async (t) => {
  const lone = 'Example \uD83D registry';
  const object = {
    ...IDENTITY,
    external_references: [{ source_name: 'example', description: lone }],
  };

  const out = run(object);

  t.equal(out.length, 1);
  t.match(out[0], { kind: 'rejected', problems: [{
    rule: 'unicode-lone-surrogate', pointer: '/external_references/0/description', value: lone,
  }] });
});

t.test('a lone low surrogate in a property name, and in a list', async (t) => {
  const object = { ...IDENTITY, ['x_example_\uDC00']: 1, x_example_list: ['ok', 'a\uDFFFb'] };

  const [item] = run(object);

  t.equal(item.kind, 'rejected');
  t.same(item.kind === 'rejected' ? item.problems.map((p) => [p.rule, p.pointer]) : [], [
    ['unicode-lone-surrogate', '/x_example_\uDC00'],
    ['unicode-lone-surrogate', '/x_example_list/1'],
  ]);
});

t.test('paired surrogates and other scripts pass', async (t) => {
  const object = { ...IDENTITY, name: 'Exampleland 🌍 Ελλάδα 日本', description: '\uD83D\uDE00' };
  const out = run(object);
  t.same(out.map((i) => i.kind), ['object']);
  t.equal(out[0].kind === 'object' && out[0].record.object, object);
});
