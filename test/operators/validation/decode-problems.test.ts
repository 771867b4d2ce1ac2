import t from 'tap';
import * as t_ from 'io-ts';
import { decodeProblems, ruleFailure } from '../../../operators/validation/decode-problems.js';
import { jsonPointer } from '../../../operators/validation/json-pointer.js';

const Odd = new t_.Type<number, number, unknown>(
  'Odd',
  (u): u is number => typeof u === 'number' && u % 2 === 1,
  (u, c) => (typeof u === 'number' && u % 2 === 1
    ? t_.success(u) : ruleFailure(u, c, 'odd-number', `${String(u)} is not odd`)),
  t_.identity,
);

const Codec = t_.intersection([
  t_.type({ name: t_.string }),
  t_.partial({ list: t_.array(t_.union([Odd, t_.null])), 'a/b~c': t_.string }),
]);

t.test('pointers skip intersection and union members', async (t) => {
  const found = decodeProblems(Codec, { list: [1, 4, null], 'a/b~c': 5 }, ['objects', 2]);

  t.same(found.map((p) => [p.pointer, p.rule, p.value]), [
    ['/objects/2/name', 'required-property', undefined],
    ['/objects/2/list/1', 'odd-number', 4],
    ['/objects/2/list/1', 'property-type', 4],
    ['/objects/2/a~1b~0c', 'property-type', 5],
  ]);
  t.equal(found[1].message, '4 is not odd');
  t.equal(found[0].message, 'name is required');
  t.equal(found[3].message, 'a/b~c must be string');
});

t.test('a valid value has no problems', async (t) => {
  t.same(decodeProblems(Codec, { name: 'x', list: [3, null] }), []);
});

t.test('jsonPointer escapes ~ and /', async (t) => {
  t.equal(jsonPointer([]), '');
  t.equal(jsonPointer(['external_references', 0]), '/external_references/0');
  t.equal(jsonPointer(['a~/b', '']), '/a~0~1b/');
});
