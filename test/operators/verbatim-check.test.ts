import t from 'tap';
import type { JsonObject } from '../../core/json.js';
import { mulberry32 } from '../../bench/mulberry32.js';
import { isVerbatim } from '../../operators/verbatim-check.js';
import { ObjectSplitter } from '../../sources/object-splitter.js';
import type { ObjectSlice } from '../../sources/split-event.js';

/** The objects of `texts`, as an array split in chunks of `size`, each
 * with what `isVerbatim` says and what `JSON.stringify` gives. */
function judge(texts: readonly string[], size = 1 << 20) {
  const bytes = Buffer.from(`[${texts.join(',')}]`);
  const splitter = new ObjectSplitter({ source: 'test.json' });
  const slices: ObjectSlice[] = [];
  for (let at = 0; at < bytes.length; at += size) {
    for (const event of splitter.push(bytes.subarray(at, at + size))) {
      if (event.kind === 'object') slices.push(event);
    }
  }
  for (const event of splitter.end()) if (event.kind === 'object') slices.push(event);
  return slices.map((slice) => {
    const text = slice.text.toString('utf8');
    const object = JSON.parse(text) as JsonObject;
    return { text, fast: isVerbatim(slice, object), truth: JSON.stringify(object) === text };
  });
}

t.test('compact objects as JSON.stringify writes them are known verbatim', async (t) => {
  const texts = [
    '{"type":"identity","id":"identity--1","name":"A \\"quoted\\" name\\n","n":12,"x":1.5}',
    '{"a":[],"b":{},"c":[{"d":null,"e":true,"f":false}],"g":-3,"h":0.25,"i":"é ☃ 😀"}',
    `{"description":"${'long text '.repeat(40)}\\\\ and \\t\\r\\b\\f"}`,
    '{"__proto__":{"x":1},"a1":2}',
  ];
  const judged = judge(texts);
  t.same(judged.map((j) => j.fast), [true, true, true, true]);
  t.same(judged.map((j) => j.truth), [true, true, true, true]);
});

t.test('texts JSON.stringify would write otherwise are never taken as verbatim', async (t) => {
  const texts = [
    '{"a": 1}', // space
    '{"a":1,\n"b":2}', // newline
    '{"a":"\\u00e9"}', // \u escape of a printable character
    '{"a":"\\u001b"}', // one JSON.stringify would write: still "not known"
    '{"a":"x\\/y"}', // escaped slash
    '{"a":1,"a":2}', // repeated key
    '{"o":{"k":1,"k":1}}', // repeated nested key
    '{"b":1,"1":2}', // integer-like key, moved first
    '{"a":1.50}', // non-canonical numbers
    '{"a":1e3}',
    '{"a":-0}',
    '{"a":12345678901234567890}',
  ];
  const judged = judge(texts);
  t.same(judged.map((j) => j.fast), texts.map(() => false));
  t.same(judged.map((j) => j.truth), [false, false, false, true, false, false, false, false,
    false, false, false, false]);
});

t.test('strings cut by chunks, even inside an escape, are judged as whole', async (t) => {
  const texts = [
    `{"b":"${'y\\n'.repeat(100)}"}`,
    `{"c":"${'z\\"'.repeat(100)}"}`,
    `{"d":"${'w\\/'.repeat(100)}"}`,
  ];
  for (const size of [1, 2, 3, 7, 64, 1 << 20]) {
    const judged = judge(texts, size);
    t.same(judged.map((j) => j.fast), [true, true, false], `chunks of ${size}`);
  }
});

t.test('random objects: verbatim is never claimed wrongly, found when compact', async (t) => {
  const random = mulberry32(7);
  const pick = <T>(items: readonly T[]): T => random.pick(items);
  const keys = ['a', 'b', 'type', 'id', '1', '07', 'x_y', 'a'];
  const strings = ['plain', 'q\\"q', 'nl\\n', '\\u0041', 'sl\\/', 'é', '\\\\', 'tab\\t'];
  const numbers = ['0', '1', '-2', '3.25', '1.0', '1e2', '0.1', '123456789012345678'];
  const value = (depth: number): string => {
    const roll = random.next();
    if (depth > 2 || roll < 0.3) return `"${pick(strings)}"`;
    if (roll < 0.5) return pick(numbers);
    if (roll < 0.6) return pick(['true', 'false', 'null']);
    if (roll < 0.8) {
      const elements = Array.from({ length: random.below(3) }, () => value(depth + 1));
      return `[${elements.join(pick([',', ', ']))}]`;
    }
    return object(depth + 1);
  };
  const object = (depth: number): string => {
    const members = Array.from({ length: 1 + random.below(4) },
      () => `"${pick(keys)}"${pick([':', ':', ': '])}${value(depth)}`);
    return `{${members.join(pick([',', ',', ' ,']))}}`;
  };
  const texts = Array.from({ length: 3000 }, () => object(0));
  let claimed = 0;
  let wrong = 0;
  let missed = 0;
  for (const size of [1 << 20, 97]) {
    for (const { fast, truth, text } of judge(texts, size)) {
      if (fast) claimed += 1;
      if (fast && !truth) wrong += 1;
      // Texts JSON.stringify keeps are found, unless a chunk cut one of
      // their strings, or they hold a \u or \/ escape or a key starting
      // with a digit (taken as "not known").
      const plain = !/\\u|\\\/|"\d[^"]*":/.test(text);
      if (truth && plain && !fast) missed += 1;
    }
  }
  t.equal(wrong, 0, 'no text is claimed verbatim that JSON.stringify writes otherwise');
  t.equal(missed, 0, 'every verbatim text without \\u or \\/ is found in whole chunks');
  t.ok(claimed > 300, `the generator makes verbatim texts too (${claimed})`);
});
