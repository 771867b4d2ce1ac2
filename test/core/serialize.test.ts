import t from 'tap';
import { ExactNumber } from '../../core/json.js';
import { serialize, serializeRecord } from '../../core/serialize.js';

t.test('serialize keeps the text of exact numbers', async (t) => {
  const object = { a: new ExactNumber('1.50'), b: [1, { c: new ExactNumber('1e400') }] };
  t.equal(serialize(object), '{"a":1.50,"b":[1,{"c":1e400}]}');
  t.equal(serialize({ a: 1.5, b: 'x' }), '{"a":1.5,"b":"x"}');
});

t.test('serializeRecord walks unless the record says it holds no exact number', async (t) => {
  const object = { n: new ExactNumber('12345678901234567890') };
  t.equal(serializeRecord({ object }), '{"n":12345678901234567890}');
  t.equal(serializeRecord({ object, exactNumbers: true }), '{"n":12345678901234567890}');
  t.equal(serializeRecord({ object: { n: 2, s: 'é' }, exactNumbers: false }), '{"n":2,"s":"é"}');
});
