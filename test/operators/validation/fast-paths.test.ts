import t from 'tap';
import { ExactNumber, type JsonValue } from '../../../core/json.js';
import { isCleanTree } from '../../../operators/validation/clean-tree.js';
import { parseIdentifier } from '../../../operators/validation/identifier.js';
import { isUtcTimestamp } from '../../../operators/validation/timestamp.js';

// The regular expressions the hand-written checks replaced: the reference.
const CANONICAL = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.\d+)?Z$/;
const UUID =
  /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-([1-8])[0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$/;

function referenceUtc(text: string): boolean {
  const m = CANONICAL.exec(text);
  if (m === null) return false;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number);
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= days && h <= 23 && mi <= 59 && s <= 60;
}

/** A small deterministic generator (no timing, no randomness across runs). */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** `base` with one character replaced, dropped or doubled at random. */
function mutate(base: string, random: () => number, alphabet: string): string {
  const at = Math.floor(random() * (base.length + 1));
  const c = alphabet[Math.floor(random() * alphabet.length)];
  const how = random();
  if (how < 0.6) return base.slice(0, at) + c + base.slice(at + 1);
  if (how < 0.8) return base.slice(0, at) + base.slice(at + 1);
  return base.slice(0, at) + c + base.slice(at);
}

t.test('isUtcTimestamp accepts what the canonical pattern accepts', async (t) => {
  const random = lcg(7);
  const bases = ['2024-02-29T23:59:60.123456Z', '2023-02-29T00:00:00Z',
    '1999-12-31T24:00:00.000Z', '2024-13-01T10:00:00.5Z', '0000-01-01T00:00:00Z'];
  let agreed = 0;
  let accepted = 0;
  for (let i = 0; i < 20_000; i++) {
    const base = bases[i % bases.length];
    const text = i < bases.length ? base : mutate(base, random, '0123456789-:.TZz+ ٣');
    if (isUtcTimestamp(text) === referenceUtc(text)) agreed++;
    if (isUtcTimestamp(text)) accepted++;
  }
  t.equal(agreed, 20_000);
  t.ok(accepted > 1000, `some mutants are valid (${accepted})`);
  t.equal(isUtcTimestamp('2024-02-29T23:59:60.123456Z'), true);
  t.equal(isUtcTimestamp('2023-02-29T00:00:00Z'), false, 'not a leap year');
  t.equal(isUtcTimestamp('2024-01-01T00:00:00.Z'), false, 'a dot needs digits');
  t.equal(isUtcTimestamp('2024-01-01T00:00:00Z\n'), false);
});

t.test('parseIdentifier agrees with the UUID pattern', async (t) => {
  const random = lcg(11);
  const bases = ['indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
    'identity--E8E2D2B1-17D4-5CBF-A38F-98EE46B3CD3F', 'x-a--00000000-0000-1000-8000-000000000000'];
  let agreed = 0;
  for (let i = 0; i < 20_000; i++) {
    const base = bases[i % bases.length];
    const text = i < bases.length ? base : mutate(base, random, '0189abfgAFG-9xé');
    const cut = text.lastIndexOf('--');
    const m = cut < 0 ? null : UUID.exec(text.slice(cut + 2));
    const parsed = parseIdentifier(text);
    // The type prefix may be broken while the UUID is not: then both refuse.
    const typeOk = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*-?$/.test(text.slice(0, cut)) && cut >= 3;
    const expected = m === null || !typeOk ? undefined : Number(m[1]);
    if (parsed?.version === expected) agreed++;
  }
  t.equal(agreed, 20_000);
  t.same(parseIdentifier('identity--e8e2d2b1-17d4-5cbf-a38f-98ee46b3cd3f'),
    { type: 'identity', version: 5 });
  t.equal(parseIdentifier('identity--e8e2d2b1-17d4-9cbf-a38f-98ee46b3cd3f'), undefined);
  t.equal(parseIdentifier('identity--e8e2d2b1-17d4-4cbf-c38f-98ee46b3cd3f'), undefined);
});

t.test('isCleanTree finds forbidden keys and lone surrogates at any depth', async (t) => {
  const proto: JsonValue = JSON.parse('{"a":[{"__proto__":1}]}') as JsonValue;
  t.equal(isCleanTree({ a: [1, 'x', { b: null, n: new ExactNumber('1.50') }] }), true);
  t.equal(isCleanTree(proto), false);
  t.equal(isCleanTree({ a: { b: [{ constructor: 1 }] } }), false);
  t.equal(isCleanTree({ a: ['ok', 'bad \ud800'] }), false);
  t.equal(isCleanTree({ ['k\udc00']: 1 }), false);
  t.equal(isCleanTree({ emoji: '\ud83d\ude00' }), true);
});
