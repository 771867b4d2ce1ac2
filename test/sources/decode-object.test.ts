import t from 'tap';
import { ExactNumber } from '../../core/json.js';
import { serialize } from '../../core/serialize.js';
import { decodeObject } from '../../sources/decode-object.js';
import { jsonErrorIndex } from '../../sources/json-error-index.js';
import { VALID_AS_READ, VERBATIM } from '../../sources/source-options.js';

const at = { source: 'test.json', index: 4, offset: 1000 };
const decode = (text: string | Buffer, exactNumbers = false) =>
  decodeObject({ text: Buffer.isBuffer(text) ? text : Buffer.from(text), exactNumbers }, at);

t.test('a plain object parses with JSON.parse', async (t) => {
  t.same(decode('{"a":1,"b":[true,null,"x"]}')._unsafeUnwrap(), { a: 1, b: [true, null, 'x'] });
});

t.test('invalid UTF-8 is a utf8-invalid problem at its byte', async (t) => {
  const text = Buffer.concat([Buffer.from('{"name":"ab'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]);
  const problem = decode(text)._unsafeUnwrapErr();
  t.match(problem, {
    source: 'test.json', index: 4, offset: 1011, rule: 'utf8-invalid', severity: 'error', pointer: '',
  });
  t.match(problem.value, /^\{"name":"ab/);
  t.equal(problem.id, undefined, 'no id in the text: none given');

  const named = Buffer.concat([
    Buffer.from('{"type":"identity","id" : "identity--0c90b2d4-4a7c-4f4e-9a3e-0d5f5b1f1e2a",'),
    Buffer.from('"name":"ab'), Buffer.from([0xff]), Buffer.from('"}'),
  ]);
  const hinted = decode(named)._unsafeUnwrapErr();
  t.equal(hinted.rule, 'utf8-invalid');
  t.equal(hinted.id, 'identity--0c90b2d4-4a7c-4f4e-9a3e-0d5f5b1f1e2a', 'the id the text shows');
  const broken = decode('{"id":"location--5b2c8c64-0d6e-4b8a-9d1f-3e7a1c2b4d5f","name":}');
  t.equal(broken._unsafeUnwrapErr().rule, 'json-syntax');
  t.equal(broken._unsafeUnwrapErr().id, 'location--5b2c8c64-0d6e-4b8a-9d1f-3e7a1c2b4d5f');
  t.equal(decode('{"id":"not-an-id","x":}')._unsafeUnwrapErr().id, undefined, 'not id-shaped');
  const nestedFirst = decode('{"x":{"id":"identity--9999b2d4-4a7c-4f4e-9a3e-0d5f5b1f1e2a"},' +
    '"s":"\\"id\\":\\"identity--8888b2d4-4a7c-4f4e-9a3e-0d5f5b1f1e2a\\"",' +
    '"id":"identity--1111b2d4-4a7c-4f4e-9a3e-0d5f5b1f1e2a","name":}');
  t.equal(nestedFirst._unsafeUnwrapErr().id, 'identity--1111b2d4-4a7c-4f4e-9a3e-0d5f5b1f1e2a',
    'the top-level id, not one nested or inside a string');
  t.equal(decode('{"x":{"id":"identity--9999b2d4-4a7c-4f4e-9a3e-0d5f5b1f1e2a"},"y":}')
    ._unsafeUnwrapErr().id, undefined, 'only a nested id: none');
});

t.test('a syntax error is a json-syntax problem at its byte in the source', async (t) => {
  const cases: Array<[string, number]> = [
    ['{"a":1,}', 7],
    ['{"a" 1}', 5],
    ['{"é":tru}', 9],
    ['{"a":"x', 7],
    ['{"a":1} x', 8],
    ['{"a":01}', 6],
  ];
  for (const [text, byte] of cases) {
    const problem = decode(text)._unsafeUnwrapErr();
    t.match(problem, { rule: 'json-syntax', offset: 1000 + byte, value: text }, text);
    t.match(problem.message, new RegExp(`byte ${byte} of the object`), text);
  }
  t.equal(jsonErrorIndex('{"a":[1,{"b":null}],"c":"\\u00e9"}'), -1);
});

t.test('anything but an object is not-an-object', async (t) => {
  const cases = [['"identity"', 'a string'], ['[1]', 'an array'], ['null', 'null'], ['5', 'a number']];
  for (const [text, kind] of cases) {
    const problem = decode(text)._unsafeUnwrapErr();
    const message = `expected an object, found ${kind}`;
    t.match(problem, { rule: 'not-an-object', value: text, message });
  }
});

t.test('the problem value holds at most 200 characters', async (t) => {
  const problem = decode(`{"a":"${'é'.repeat(500)}",}`)._unsafeUnwrapErr();
  t.equal(problem.value, `{"a":"${'é'.repeat(194)}`);
});

t.test('numbers that do not survive Number come out as ExactNumber', async (t) => {
  const text = '{"big":12345678901234567890,"price":1.50,"ok":2.5,"list":[1.50,{"n":-0}]}';
  const object = decode(text, true)._unsafeUnwrap();
  t.same(object.big, new ExactNumber('12345678901234567890'));
  t.same(object.price, new ExactNumber('1.50'));
  t.equal(object.ok, 2.5);
  t.equal(serialize(object), text, 'written back unchanged');
});

t.test('__proto__, constructor and prototype keys stay data on both paths', async (t) => {
  const text = '{"__proto__":{"polluted":1},"constructor":{"prototype":{"x":2}},"n":1.50}';
  for (const exact of [false, true]) {
    const object = decode(text, exact)._unsafeUnwrap();
    t.equal(Object.getPrototypeOf(object), Object.prototype, `prototype unchanged (exact ${exact})`);
    t.same(Object.keys(object), ['__proto__', 'constructor', 'n']);
    t.same(Object.getOwnPropertyDescriptor(object, '__proto__')?.value, { polluted: 1 });
    t.equal(({} as { polluted?: number }).polluted, undefined);
  }
});

t.test('a lone surrogate escape does not crash', async (t) => {
  t.same(decode('{"name":"\\ud800"}')._unsafeUnwrap(), { name: '\ud800' });
  t.same(decode('{"name":"\\ud800","n":1.50}', true)._unsafeUnwrap().name, '\ud800');
});

t.test('bytes judged valid as read are not checked for UTF-8 again', async (t) => {
  const text = Buffer.concat([Buffer.from('{"name":"a'), Buffer.from([0xff]), Buffer.from('"}')]);
  const unjudged = decodeObject({ text, exactNumbers: false }, at);
  t.equal(unjudged.isErr() && unjudged.error.rule, 'utf8-invalid');
  const refused = decodeObject({ text, exactNumbers: false, verdict: VERBATIM }, at);
  t.equal(refused.isErr() && refused.error.rule, 'utf8-invalid', 'only VALID_AS_READ skips it');
  const judged = decodeObject({ text, exactNumbers: false, verdict: VALID_AS_READ }, at);
  t.same(judged.isOk() && judged.value, { name: 'a\ufffd' });
});
