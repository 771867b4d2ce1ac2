import t from 'tap';
import { ObjectSplitter } from '../../sources/object-splitter.js';
import { JsonSyntaxError } from '../../sources/source-error.js';
import type { SplitEvent, SplitFormat } from '../../sources/split-event.js';

/** Every event of `text` cut into chunks of `size`. */
function split(text: string | Buffer, size: number, format?: SplitFormat): SplitEvent[] {
  const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text);
  const splitter = new ObjectSplitter({ source: 'w.json', ...(format ? { format } : {}) });
  const events: SplitEvent[] = [];
  for (let at = 0; at < bytes.length; at += size) {
    events.push(...splitter.push(bytes.subarray(at, at + size)));
  }
  events.push(...splitter.end());
  return events;
}

const fatalOf = (events: SplitEvent[]) => {
  const last = events[events.length - 1];
  return last?.kind === 'fatal' ? last.error : undefined;
};
const objectCount = (events: SplitEvent[]) => events.filter((e) => e.kind === 'object').length;

const OBJECT = '{"type":"identity","id":"identity--1","name":"a"}';

t.test('a syntax error in the bundle\'s own members is fatal, at its byte, however cut',
  async (t) => {
    const cases: Array<[string, string, number, number, number]> = [
      // text, what, byte, line, column
      [`{xyz "type":"bundle","objects":[${OBJECT}]}`, 'stray bytes after {', 1, 1, 2],
      [`{"type":"bundle","x":tru,"objects":[${OBJECT}]}`, 'a bad literal before', 24, 1, 25],
      [`{"type":"bundle","objects":[${OBJECT}],"x":[1 2]}`, 'a bad array after', 86, 1, 87],
      [`{"type":"bundle","objects":[\n${OBJECT}\n]\n,"x":"\\q"}`, 'a bad escape', 88, 4, 8],
      [`{\u{feff}"type":"bundle","objects":[${OBJECT}]}`, 'a BOM after byte 0', 1, 1, 2],
      [`{"type":"bundle","x":"a\u0001b","objects":[]}`, 'a control character', 23, 1, 24],
    ];
    for (const [text, what, byte, line, column] of cases) {
      for (const size of [1, 7, 1 << 16]) {
        for (const format of [undefined, 'bundle'] as const) {
          const events = split(text, size, format);
          const error = fatalOf(events);
          const how = `chunks of ${size}, ${format ?? 'auto'}`;
          t.ok(error instanceof JsonSyntaxError, `${what} (${how})`);
          if (!(error instanceof JsonSyntaxError)) continue;
          t.match(error, { offset: byte, line, column, inside: 'the bundle' }, what);
          // A bundle known as such from its first byte fails on stray bytes in the scan itself.
          t.match(error.reason, /in the bundle's own members \(outside objects\)$|expected a key/);
        }
      }
    }
  });

t.test('valid bundles of every layout pass, with their objects', async (t) => {
  const valid = [
    `{"type":"bundle","id":"bundle--1","objects":[${OBJECT},${OBJECT}]}`,
    `{"objects":[${OBJECT}],"type":"bundle","x_meta":{"a":[1,2,{"b":"]"}]}}`,
    `\u{feff}{\r\n  "type": "bundle",\r\n  "objects": [\r\n    ${OBJECT}\r\n  ]\r\n}\r\n`,
    `{"type":"bundle","id":"bundle--1"}`,
    `{"type":"bundle","objects":[]}`,
  ];
  for (const text of valid) {
    for (const size of [1, 5, 1 << 16]) {
      const events = split(text, size);
      t.equal(fatalOf(events), undefined, `${JSON.stringify(text.slice(0, 30))} (${size})`);
      t.equal(objectCount(events), (text.match(/"identity--1"/g) ?? []).length);
    }
  }
});

t.test('arrays and NDJSON have no wrapper to check', async (t) => {
  t.equal(fatalOf(split(`[${OBJECT},${OBJECT}]`, 3)), undefined);
  t.equal(objectCount(split(`${OBJECT}\n${OBJECT}\n`, 3)), 2);
  t.equal(objectCount(split(`${OBJECT}\n${OBJECT}\n`, 3, 'ndjson')), 2);
});

t.test('past 1 MiB of the bundle\'s own members, they are not checked (a known limit)',
  async (t) => {
    const big = `{"type":"bundle","x":"${'a'.repeat(1.1 * 2 ** 20)}","y":tru,"objects":[${OBJECT}]}`;
    const events = split(big, 1 << 16, 'bundle');
    t.equal(fatalOf(events), undefined, 'unchecked, as documented');
    t.equal(objectCount(events), 1);
  });
