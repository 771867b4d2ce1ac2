import t from 'tap';
import { timestampMicros } from '../../operators/timestamp-micros.js';

t.test('RFC 3339 to microseconds, fractions kept past milliseconds', async (t) => {
  t.equal(timestampMicros('2023-11-19T01:02:21.547893Z'), 1_700_355_741_547_893);
  t.equal(timestampMicros('2023-11-19T01:02:21.5478939Z'), 1_700_355_741_547_893,
    '7th digit ignored');
  t.equal(timestampMicros('2023-11-19T01:02:21.5Z'), 1_700_355_741_500_000);
  t.equal(timestampMicros('1970-01-01T00:00:00Z'), 0);
  t.equal(timestampMicros('1969-12-31T23:59:59.999999Z'), -1);
  t.equal(timestampMicros('2024-02-29T00:00:00Z'), Date.parse('2024-02-29T00:00:00Z') * 1000);
  t.equal(timestampMicros('2024-03-05T08:15:30+02:00'), Date.parse('2024-03-05T06:15:30Z') * 1000);
  t.equal(timestampMicros('2024-03-05T08:15:30-00:30'), Date.parse('2024-03-05T08:45:30Z') * 1000);
});

t.test('anything else is undefined', async (t) => {
  for (const text of [
    '', '2024-03-05', '2024-03-05 08:15:30', '2024-03-05T08:15:30', '2023-02-29T00:00:00Z',
    '2024-13-01T00:00:00Z', '2024-01-01T24:00:00Z', '2024-01-01T00:00:00+25:00', 'soon',
  ]) {
    t.equal(timestampMicros(text), undefined, text);
  }
});

t.test('the Z fast path gives what the pattern gives for +00:00', async (t) => {
  let state = 5;
  const random = (): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const bases = ['2023-11-19T01:02:21.547893Z', '2024-02-29T23:59:60.1234567Z',
    '1970-01-01T00:00:00Z', '2023-02-29T00:00:00.5Z', '0001-12-31T24:00:00Z'];
  let same = 0;
  let defined = 0;
  for (let i = 0; i < 10_000; i++) {
    const base = bases[i % bases.length];
    const at = Math.floor(random() * (base.length - 1));
    const c = '0123456789-:.T '[Math.floor(random() * 15)];
    const text = i < bases.length ? base : base.slice(0, at) + c + base.slice(at + 1);
    const viaPattern = timestampMicros(`${text.slice(0, -1)}+00:00`);
    if (timestampMicros(text) === viaPattern) same++;
    if (viaPattern !== undefined) defined++;
  }
  t.equal(same, 10_000);
  t.ok(defined > 2000, `many mutants are valid (${defined})`);
  t.equal(timestampMicros('2024-02-29T23:59:60.1234567Z'), 1709251200123456);
});
