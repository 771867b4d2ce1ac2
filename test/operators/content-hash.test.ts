import t from 'tap';
import { contentHash } from '../../operators/content-hash.js';

t.test('whitespace outside strings does not count, inside it does', async (t) => {
  const compact = '{"a":[1,2],"b":"x y"}';
  const pretty = '{\n  "a": [ 1, 2 ],\r\n\t"b": "x y"\n}';

  t.equal(contentHash(pretty), contentHash(compact));
  t.equal(contentHash(Buffer.from(pretty)), contentHash(compact), 'bytes and text agree');
  t.not(contentHash('{"b":"xy"}'), contentHash('{"b":"x y"}'));
  t.not(contentHash('{"b":"\\" "}'), contentHash('{"b":"\\""}'),
    'an escaped quote stays in the string');
});

t.test('text is hashed as its UTF-8 bytes', async (t) => {
  for (const text of ['"é"', '"€"', '"😀"', '"a\ud800b"']) {
    t.equal(contentHash(text), contentHash(Buffer.from(text, 'utf8')), text);
  }
  t.equal(contentHash(''), 0x811c9dc5, 'the FNV-1a offset basis for nothing');
  t.equal(contentHash('a'), 0xe40c292c, 'FNV-1a 32 of "a"');
});
