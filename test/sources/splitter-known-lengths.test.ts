import { readFileSync } from 'node:fs';
import t from 'tap';
import { ObjectSplitter } from '../../sources/object-splitter.js';
import {
  EXACT_NUMBERS, VALID_AS_READ, VERBATIM, type VerdictLookup,
} from '../../sources/source-options.js';
import { DEFAULT_MAX_DEPTH, DEFAULT_MAX_OBJECT_BYTES, type SplitEvent } from '../../sources/split-event.js';
import { sharedPath } from '../helpers/shared-dir.js';

const LIMITS = { maxObjectBytes: DEFAULT_MAX_OBJECT_BYTES, maxDepth: DEFAULT_MAX_DEPTH };

/**
 * A lookup that knows the objects of `judged` (index → exact text) as valid
 * as read, with `bits` more; it counts its calls.
 */
function lookup(judged: Map<number, string>, bits = 0, limits = LIMITS) {
  const calls = { lengths: 0, verdicts: 0 };
  const verdicts: VerdictLookup = {
    token: {},
    splitLimits: limits,
    knownLength: (index) => {
      calls.lengths += 1;
      return Buffer.byteLength(judged.get(index) ?? '');
    },
    verdictOf: (index, text) => {
      calls.verdicts += 1;
      return judged.get(index) === Buffer.from(text).toString('utf8') ? VALID_AS_READ | bits : 0;
    },
  };
  return { verdicts, calls };
}

function split(bytes: Buffer, size: number, known?: VerdictLookup): SplitEvent[] {
  const splitter = new ObjectSplitter({ source: 'test.json' }, known);
  const events: SplitEvent[] = [];
  for (let at = 0; at < bytes.length; at += size) {
    events.push(...splitter.push(bytes.subarray(at, at + size)));
  }
  events.push(...splitter.end());
  return events;
}

/** The events without the verdict the splitter attached, nor what only a
 * scan learns of an object (`compact`, `members`: a verdict stands for them). */
const plain = (events: SplitEvent[]) => events.map((event) => {
  if (event.kind !== 'object') return event;
  const { verdict: _verdict, compact: _compact, members: _members, ...rest } = event;
  return { ...rest, text: rest.text.toString('utf8') };
});
const verdictsOf = (events: SplitEvent[]) =>
  events.map((event) => (event.kind === 'object' ? event.verdict : event.kind));

const OBJECTS = ['{"id":"a--1","n":1}', '{"id":"a--2","s":"x\\"y"}', '{"id":"a--3","o":{"k":[1]}}'];

t.test('known objects are taken whole: the same events, with their verdicts', async (t) => {
  const bytes = Buffer.from(`{"type":"bundle","objects":[${OBJECTS.join(',')}]}`);
  const { verdicts, calls } = lookup(new Map([[0, OBJECTS[0]], [2, OBJECTS[2]]]), VERBATIM);
  for (const size of [bytes.length, 7]) {
    const events = split(bytes, size, verdicts);
    t.same(plain(events), plain(split(bytes, size)), `chunks of ${size}`);
    if (size === bytes.length) {
      t.same(verdictsOf(events), [VALID_AS_READ | VERBATIM, undefined, VALID_AS_READ | VERBATIM]);
    } else {
      t.ok(verdictsOf(events).every((verdict) => verdict === undefined),
        'objects cut by a chunk boundary are scanned');
    }
  }
  t.ok(calls.lengths >= 3);
});

t.test('bytes other than the judged ones are scanned as usual', async (t) => {
  // Same length, other bytes: the lookup's verdictOf refuses them.
  const other = '{"id":"a--1","n":2}';
  const bytes = Buffer.from(`[${other},${OBJECTS[1]}]`);
  const { verdicts, calls } = lookup(new Map([[0, OBJECTS[0]], [1, '{"id":"a--2"}']]));
  const events = split(bytes, bytes.length, verdicts);
  t.same(plain(events), plain(split(bytes, bytes.length)));
  t.same(verdictsOf(events), [undefined, undefined]);
  t.equal(calls.verdicts, 2, 'both were checked, and refused');
});

t.test('lines and offsets of a pretty-printed bundle stay those of a scan', async (t) => {
  const pretty = JSON.stringify({ type: 'bundle', objects: OBJECTS.map((o) => JSON.parse(o)) },
    null, 2);
  const bytes = Buffer.from(pretty);
  const texts = (JSON.parse(pretty) as { objects: unknown[] }).objects.map((object) =>
    JSON.stringify(object, null, 2).replace(/\n/g, '\n    '));
  const { verdicts } = lookup(new Map([[0, texts[0]], [1, texts[1]]]));
  const events = split(bytes, bytes.length, verdicts);
  t.same(verdictsOf(events), [VALID_AS_READ, VALID_AS_READ, undefined], 'two taken whole');
  t.same(plain(events), plain(split(bytes, bytes.length)));
  t.same(events.map((event) => (event.kind === 'object' ? event.line : 0)), [4, 8, 12]);
});

t.test('a broken end after a known object still names it', async (t) => {
  const bytes = Buffer.from(`[${OBJECTS[0]},${OBJECTS[1]}`);
  const { verdicts } = lookup(new Map([[1, OBJECTS[1]]]));
  const events = split(bytes, bytes.length, verdicts);
  t.same(verdictsOf(events), [undefined, VALID_AS_READ, 'fatal']);
  const last = events[events.length - 1];
  t.equal(last.kind, 'fatal');
  if (last.kind !== 'fatal') return;
  t.match(last.error.message, /unexpected end of input/);
  t.match(last.error.message, /a--2/, 'the last complete object is named by its id');
});

t.test('the exact-numbers bit reaches the event', async (t) => {
  const exact = '{"id":"a--1","n":1.50}';
  const bytes = Buffer.from(`[${exact}]`);
  const { verdicts } = lookup(new Map([[0, exact]]), EXACT_NUMBERS);
  const [event] = split(bytes, bytes.length, verdicts);
  t.equal(event.kind === 'object' && event.verdict, VALID_AS_READ | EXACT_NUMBERS);
  t.equal(event.kind === 'object' && event.exactNumbers, true);
});

t.test('NDJSON lines: known objects taken whole, same events', async (t) => {
  const ndjson = Buffer.from(`${OBJECTS[0]}\r\n\n  ${OBJECTS[1]}  \n${OBJECTS[2]} x\n${OBJECTS[0]}`);
  const judged = new Map([[0, OBJECTS[0]], [1, OBJECTS[1]], [2, `${OBJECTS[2]} x`], [3, OBJECTS[0]]]);
  const { verdicts } = lookup(judged);
  const events = split(ndjson, ndjson.length, verdicts);
  t.same(plain(events), plain(split(ndjson, ndjson.length)));
  t.same(events.map((event) => event.kind === 'object' && event.index), [0, 1, 2, 3]);
  t.same(events.map((event) => event.kind === 'object' && event.line), [1, 3, 4, 5]);
  // The first line is scanned: it decides that the input is NDJSON. A
  // verdict covers a whole line (here one a real worker would not pass).
  t.same(verdictsOf(events), [undefined, VALID_AS_READ, VALID_AS_READ, VALID_AS_READ]);
});

t.test('other limits or summaries: lengths are never asked', async (t) => {
  const bytes = Buffer.from(`[${OBJECTS.join(',')}]`);
  const judged = new Map(OBJECTS.map((text, index) => [index, text]));
  const smaller = lookup(judged, 0, { ...LIMITS, maxDepth: 3 });
  t.same(verdictsOf(split(bytes, bytes.length, smaller.verdicts)), [undefined, undefined, undefined]);
  t.equal(smaller.calls.lengths, 0);

  const summarizing = lookup(judged);
  const splitter = new ObjectSplitter({ source: 't', summarize: true }, summarizing.verdicts);
  splitter.push(bytes);
  t.equal(summarizing.calls.lengths, 0);
});

t.test('the real datasets give the same events with every object known', async (t) => {
  for (const name of ['sectors', 'geography', 'companies']) {
    const bytes = readFileSync(sharedPath(`datasets/${name}.json`));
    const scanned = split(bytes, 64 * 1024);
    const judged = new Map(scanned.flatMap((event) =>
      (event.kind === 'object' ? [[event.index, event.text.toString('utf8')] as const] : [])));
    const { verdicts } = lookup(judged);
    const events = split(bytes, 64 * 1024, verdicts);
    t.same(plain(events), plain(scanned), name);
    const taken = verdictsOf(events).filter((verdict) => verdict === VALID_AS_READ).length;
    t.ok(taken > scanned.length * 0.8, `${name}: ${taken} of ${scanned.length} taken whole`);
  }
});
