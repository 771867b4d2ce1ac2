import { readFileSync } from 'node:fs';
import t from 'tap';
import { bytesHash } from '../../core/bytes-hash.js';
import { ObjectSplitter } from '../../sources/object-splitter.js';
import { EncodingError, JsonSyntaxError, TruncatedInputError } from '../../sources/source-error.js';
import type { ObjectSlice, SplitEvent, SplitterOptions } from '../../sources/split-event.js';
import { sharedPath } from '../helpers/shared-dir.js';

const DATASETS = sharedPath('datasets');
const CASES = sharedPath('cases');

type Options = Partial<SplitterOptions>;

/** Every event of `bytes` cut into chunks of `size`. */
function split(bytes: Buffer, size: number, options: Options = {}): SplitEvent[] {
  const splitter = new ObjectSplitter({ source: 'test.json', ...options });
  const events: SplitEvent[] = [];
  for (let at = 0; at < bytes.length; at += size) {
    events.push(...splitter.push(bytes.subarray(at, at + size)));
  }
  events.push(...splitter.end());
  return events;
}

const objects = (events: SplitEvent[]): ObjectSlice[] =>
  events.filter((event): event is ObjectSlice => event.kind === 'object');
const parsed = (events: SplitEvent[]): unknown[] =>
  objects(events).map((event) => JSON.parse(event.text.toString('utf8')));
const fatal = (events: SplitEvent[]) => {
  const last = events[events.length - 1];
  return last?.kind === 'fatal' ? last.error : undefined;
};

t.test('the three datasets split into their objects, at their offsets', async (t) => {
  for (const [name, count] of [['sectors', 121], ['geography', 539], ['companies', 63]] as const) {
    const bytes = readFileSync(`${DATASETS}/${name}.json`);
    const expected = (JSON.parse(bytes.toString('utf8')) as { objects: unknown[] }).objects;

    const events = split(bytes, 64 * 1024, { summarize: true });

    t.equal(events.length, count, `${name}: one event per object`);
    t.same(parsed(events), expected, `${name}: objects equal JSON.parse(file).objects`);
    t.ok(objects(events).every((event, index) => event.index === index && bytes[event.offset] === 0x7b));
    const summaries = objects(events).map((event) => event.summary);
    t.same(summaries.map((s) => s?.id), expected.map((o) => (o as { id: string }).id));
    t.ok(objects(events).every((event) => event.summary?.hash === bytesHash(event.text)));
  }
});

t.test('chunking does not change the events', async (t) => {
  const inputs: Array<[string, Buffer, Options]> = [
    ['sectors', readFileSync(`${DATASETS}/sectors.json`), { summarize: true }],
    ['C17', readFileSync(`${CASES}/C17-bom.json`), {}],
    ['C20', readFileSync(`${CASES}/C20-truncated-json.json`), {}],
    ['C05', readFileSync(`${CASES}/C05-duplicate-id.json`), { summarize: true, maxObjectBytes: 300 }],
    ['C11', readFileSync(`${CASES}/C11-invalid-id.json`), { maxDepth: 1 }],
    ['ndjson', Buffer.from('{"a":"x\\"y"}\r\n\n  [1,2]\n{"b":12345678901234567890}\n{"c":1.50'), {}],
  ];
  for (const [name, bytes, options] of inputs) {
    const whole = split(bytes, 64 * 1024, options);
    t.same(split(bytes, 1, options), whole, `${name}: 1-byte chunks`);
    t.same(split(bytes, 7, options), whole, `${name}: 7-byte chunks`);
    t.ok(whole.length > 1, `${name}: has events`);
  }
});

t.test('a bundle with objects first and a huge other key skipped', async (t) => {
  const big = 'x'.repeat(3 * 1024 * 1024);
  const text = `{"objects":[{"id":"a--1","n":[1,{"b":"}"}]},{"id":"a--2"}],` +
    `"x_note":{"text":"${big}","more":[["]"]]},"id":"bundle--1","type":"bundle"}`;

  const events = split(Buffer.from(text), 64 * 1024, { maxObjectBytes: 1024, format: 'auto' });

  t.same(parsed(events), [{ id: 'a--1', n: [1, { b: '}' }] }, { id: 'a--2' }]);
  t.equal(events.length, 2, 'the big value is neither an object nor oversize');
});

t.test('auto: a bundle whose objects come after a skipped key', async (t) => {
  const text = '{"id":"bundle--1","x":{"deep":[1,2,{"objects":[]}]},"type":"bundle",' +
    '"objects":[{"type":"identity","id":"identity--1"}]}';
  const events = split(Buffer.from(text), 5);
  t.same(parsed(events), [{ type: 'identity', id: 'identity--1' }]);
  t.equal(objects(events)[0].offset, text.indexOf('{"type":"identity"'));
});

t.test('a bare array and NDJSON with blank and CRLF lines', async (t) => {
  const array = split(Buffer.from(' [ {"a":1} , {"b":[2]} ]\n'), 3);
  t.same(parsed(array), [{ a: 1 }, { b: [2] }]);
  t.same(objects(array).map((e) => e.offset), [3, 13]);

  const ndjson = Buffer.from('{"a":1}\n\n{"b":"two"}\r\n   \n{"c":3}');
  for (const format of ['ndjson', 'auto'] as const) {
    const events = split(ndjson, 4, { format });
    t.same(parsed(events), [{ a: 1 }, { b: 'two' }, { c: 3 }], format);
    t.same(objects(events).map((e) => [e.index, e.line]), [[0, 1], [1, 3], [2, 5]],
      'index counts objects, line counts lines');
    t.equal(objects(events)[1].text.toString(), '{"b":"two"}', 'CR trimmed');
  }
});

t.test('an NDJSON line with a syntax error is handed over whole', async (t) => {
  const events = split(Buffer.from('{"a":1}\n{"b":"cut\n{"c":]}\n{"d":4}\n'), 2, { format: 'ndjson' });
  t.same(objects(events).map((e) => e.text.toString()), ['{"a":1}', '{"b":"cut', '{"c":]}', '{"d":4}']);
  t.equal(fatal(events), undefined);
});

t.test('an NDJSON last line cut inside a string or a bracket is a truncated input', async (t) => {
  for (const cut of ['{"a":1}\n{"b":"cu', '{"a":1}\r\n\n{"b":[1,2', '{"a":1}\n{"b":12']) {
    const events = split(Buffer.from(cut), 3, { format: 'ndjson' });
    t.type(fatal(events), TruncatedInputError, JSON.stringify(cut));
    t.match(fatal(events), { message: /unexpected end of input/ });
  }
  const whole = split(Buffer.from('{"a":1}\n{"b":2}'), 3, { format: 'ndjson' });
  t.equal(fatal(whole), undefined, 'a complete last line needs no newline');
  t.equal(objects(whole).length, 2);
  const broken = split(Buffer.from('{"a":1}\n{"c":]}'), 3, { format: 'ndjson' });
  t.equal(fatal(broken), undefined, 'a closed but broken last line is the line\'s problem');
  t.same(objects(broken).map((e) => e.text.toString()), ['{"a":1}', '{"c":]}']);
});

t.test('summaries read top-level strings only and hash reformatted copies alike', async (t) => {
  const pretty = '[{\n  "x": {"id": "inner"},\n  "id": "identity--\\u0031",\n  "type": "identity",\n' +
    '  "modified": "2024-01-01T00:00:00Z",\n  "created_by_ref": "identity--2"\n}]';
  const compact = JSON.stringify(JSON.parse(pretty)).replace('identity--1', 'identity--\\u0031');

  const [a] = objects(split(Buffer.from(pretty), 3, { summarize: true }));
  const [b] = objects(split(Buffer.from(compact), 64, { summarize: true }));

  t.same(a.summary, {
    id: 'identity--1', type: 'identity', modified: '2024-01-01T00:00:00Z',
    createdByRef: 'identity--2', hash: a.summary?.hash,
  });
  t.equal(a.summary?.hash, b.summary?.hash);
  t.ok(Number.isSafeInteger(a.summary?.hash) && (a.summary?.hash ?? 0) > 2 ** 32, 'more than 32 bits');
  const changed = objects(split(Buffer.from(compact.replace('"x"', '"y"')), 64, { summarize: true }));
  t.not(changed[0].summary?.hash, a.summary?.hash);
});

t.test('exactNumbers flags numbers that do not survive Number', async (t) => {
  const flags = (json: string) => objects(split(Buffer.from(`[${json}]`), 2))[0].exactNumbers;
  t.equal(flags('{"a":12345678901234567890}'), true);
  t.equal(flags('{"a":[1.50]}'), true);
  t.equal(flags('{"a":-0}'), true);
  t.equal(flags('{"a":1e5}'), true);
  t.equal(flags('{"a":0.10}'), true);
  t.equal(flags('{"a":123456789012345,"b":-21.115141,"c":0.5,"d":0,"e":"1.50"}'), false);
});

t.test('an object over maxObjectBytes is reported, not kept', async (t) => {
  const big = 'y'.repeat(5000);
  const text = `[{"id":"identity--1"},{"type":"x","id":"identity--2","description":"${big}",` +
    '"z":1},{"id":"identity--3"}]';
  for (const size of [1, 7, 100, 64 * 1024]) {
    const events = split(Buffer.from(text), size, { maxObjectBytes: 1000 });
    t.same(events.map((e) => e.kind), ['object', 'oversize', 'object'], `chunks of ${size}`);
    const oversize = events[1];
    if (oversize.kind !== 'oversize') continue;
    t.match(oversize, {
      index: 1, offset: text.indexOf('{"type"'), pointer: '/description', id: 'identity--2',
      bytes: text.indexOf(',{"id":"identity--3') - text.indexOf('{"type"'),
    });
    t.equal(oversize.prefix.length, 200);
  }
});

t.test('nesting past maxDepth is reported with the key being read', async (t) => {
  const deep = `${'['.repeat(10)}${']'.repeat(10)}`;
  const text = `[{"id":"a--1","ok":[[1]]},{"id":"a--2","x":{"y":${deep}}},{"id":"a--3"}]`;
  const events = split(Buffer.from(text), 3, { maxDepth: 5 });
  t.same(events.map((e) => e.kind), ['object', 'too-deep', 'object']);
  t.match(events[1], { kind: 'too-deep', index: 1, pointer: '/x', id: 'a--2' });
});

t.test('structural errors are fatal and name their position', async (t) => {
  const cases: Array<[string, string, number, RegExp]> = [
    ['mismatched bracket', '[{"a":[1}]', 8, /brackets do not match/],
    ['content after the end', '[{"a":1}] x', 10, /'x'/],
    ['a missing comma', '[{"a":1} {"b":2}]', 9, /expected , or \]/],
    ['a bundle objects value that is not an array', '{"objects":{}}', 11, /must be an array/],
    ['an array where a bundle is required', '[]', 0, /expected \{/],
  ];
  for (const [what, text, offset, message] of cases) {
    const format = what.includes('bundle') ? 'bundle' : 'auto';
    const error = fatal(split(Buffer.from(text), 2, { format }));
    t.type(error, JsonSyntaxError, what);
    t.match(error, { offset, message }, what);
  }
});

t.test('C20: a cut input fails after the complete objects', async (t) => {
  const bytes = readFileSync(`${CASES}/C20-truncated-json.json`);
  const events = split(bytes, 100, { source: 'C20-truncated-json.json' });
  t.equal(objects(events).length, 2);
  const error = fatal(events);
  t.type(error, TruncatedInputError);
  t.type(error, JsonSyntaxError);
  t.match(error, {
    offset: 1159, line: 33, column: 43, inside: 'objects[2]',
    lastComplete: { index: 1, id: 'identity--abf2706e-6d26-4757-82b8-50817181fe20' },
  });
  t.equal((error as Error).message,
    'C20-truncated-json.json: unexpected end of input at byte 1159 (line 33, col 43) inside ' +
    'objects[2]; last complete object objects[1] identity--abf2706e-6d26-4757-82b8-50817181fe20');
  t.type(fatal(split(Buffer.alloc(0), 1)), TruncatedInputError, 'an empty input');
  t.match(fatal(split(Buffer.from(' \n\n '), 1)), {
    message: /: empty input, no JSON value at byte 4 \(line 3, col 2\); no complete object/,
  }, 'whitespace only is empty too, and says so');
  const bom = Buffer.from([0xef, 0xbb, 0xbf]);
  t.match(fatal(split(bom, 1)), {
    message: /: empty input, no JSON value at byte 3 \(line 1, col 1\)/,
  }, 'a BOM alone is empty; columns start after it');
  t.match(fatal(split(Buffer.concat([bom, Buffer.from('[{"a":1} x]')]), 2)),
    { message: /at byte 12 \(line 1, col 10\)/ }, 'as an editor shows them');
  t.match(fatal(split(Buffer.from('{"objects": ['), 1)), {
    message: /: unexpected end of input at byte 13/,
  }, 'a cut input is not called empty');
  t.same(split(Buffer.alloc(0), 1, { format: 'ndjson' }), [], 'an empty NDJSON input is fine');
});

t.test('C17: byte order marks', async (t) => {
  const bytes = readFileSync(`${CASES}/C17-bom.json`);
  const plain = bytes.subarray(3);
  const events = split(bytes, 1);
  t.same(events[0], { kind: 'bom', offset: 0 });
  t.same(parsed(events), parsed(split(plain, 1)), 'the same objects as without the BOM');
  t.equal(objects(events)[0].offset, objects(split(plain, 1))[0].offset + 3);

  const utf16le = Buffer.from(plain.toString('utf8'), 'utf16le');
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), utf16le]);
  for (const input of [utf16, utf16le]) {
    const error = fatal(split(input, 1, { source: 'C17-bom.json' }));
    t.type(error, EncodingError);
    const message = /^C17-bom\.json: UTF-16 input; re-encode as UTF-8/;
    t.match(error, { offset: 0, encoding: 'UTF-16', message });
  }

  const utf16be = Buffer.from(utf16le).swap16();
  t.match(fatal(split(utf16be, 1)), { encoding: 'UTF-16' }, 'big-endian, no mark');
  const utf32 = Buffer.from([0x7b, 0, 0, 0, 0x7d, 0, 0, 0]);
  t.match(fatal(split(utf32, 1)), { encoding: 'UTF-32' });
  const garbage = Buffer.from([0x00, 0x01, 0xff, 0x7b]);
  t.match(fatal(split(garbage, 1)), { constructor: JsonSyntaxError, offset: 0 },
    'NUL bytes before no JSON character: not called UTF-16');

  const late = Buffer.concat([Buffer.from('\n'), bytes]);
  const atLine2 = { offset: 1, line: 2, column: 1, message: /byte 0xef/ };
  t.match(fatal(split(late, 1)), atLine2, 'a BOM after byte 0');
  const between = Buffer.from('[{"a":1},\xEF\xBB\xBF{"b":2}]', 'latin1');
  t.match(fatal(split(between, 2)), { constructor: JsonSyntaxError, offset: 9, inside: 'the array' });
});

t.test('escapes and long strings survive any cut', async (t) => {
  let seed = 42;
  const random = (n: number) => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed % n;
  };
  const alphabet = ['"', '\\', 'a', 'é', '}', ']', '{', '\n', '\u2028', '/', ' '];
  const word = () => Array.from({ length: random(90) }, () => alphabet[random(alphabet.length)]).join('');
  const expected = Array.from({ length: 60 }, (_, n) => ({
    id: `x--${word()}`, [word()]: [word(), { [word()]: word() }], n: n * 1.25, big: 10 ** (n % 25),
  }));
  const bytes = Buffer.from(JSON.stringify({ objects: expected, type: 'bundle' }, null, random(3)));
  const whole = split(bytes, 64 * 1024, { summarize: true });
  t.same(parsed(whole), expected);
  t.same(objects(whole).map((e) => e.summary?.id), expected.map((o) => o.id));

  for (let round = 0; round < 20; round++) {
    const splitter = new ObjectSplitter({ source: 'test.json', summarize: true });
    const events: SplitEvent[] = [];
    for (let at = 0; at < bytes.length;) {
      const size = 1 + random(round < 10 ? 8 : 300);
      events.push(...splitter.push(bytes.subarray(at, at + size)));
      at += size;
    }
    events.push(...splitter.end());
    t.same(events, whole, `random cuts, round ${round}`);
  }
});
