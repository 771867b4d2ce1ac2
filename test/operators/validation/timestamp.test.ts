import t from 'tap';
import { decodeProblems } from '../../../operators/validation/decode-problems.js';
import {
  compareTimestamps,
  readTimestamp,
  Timestamp,
} from '../../../operators/validation/timestamp.js';

const fixed = (text: string, rule = 'timestamp-utc') => ({ kind: 'fixed', text, rule });

t.test('the UTC Z form passes unchanged, every fraction digit kept', async (t) => {
  for (const text of [
    '2024-03-05T08:15:30Z',
    '2024-03-05T08:15:30.1Z',
    '2023-11-19T01:02:21.547893Z',
    '2024-03-05T08:15:30.123456789Z',
    '2016-12-31T23:59:60.5Z',
    '2024-02-29T00:00:00.000Z',
  ]) {
    t.same(readTimestamp(text, false), { kind: 'utc' }, text);
  }
});

t.test('an offset is converted to UTC by string arithmetic', async (t) => {
  t.same(readTimestamp('2024-03-05T10:15:30.000+02:00', false), fixed('2024-03-05T08:15:30.000Z'));
  t.same(readTimestamp('2024-03-01T02:00:00.123456789+05:30', false),
    fixed('2024-02-29T20:30:00.123456789Z'), 'back over a leap day, 9 digits kept');
  t.same(readTimestamp('2023-12-31T20:00:00.5-08:00', false),
    fixed('2024-01-01T04:00:00.500Z'), 'forward over a year end');
  t.same(readTimestamp('2024-03-05T08:15:30.000-00:00', false), fixed('2024-03-05T08:15:30.000Z'));
  t.same(readTimestamp('2024-03-05t08:15:30.000z', false), fixed('2024-03-05T08:15:30.000Z'));
  t.same(readTimestamp('2024-03-05 10:15:30+02:00', false), fixed('2024-03-05T08:15:30.000Z'),
    'a repaired timestamp gets millisecond precision');
  t.same(readTimestamp('2016-12-31T23:59:60Z', false), { kind: 'utc' }, 'a leap second');
});

t.test('conversions agree with Date to the millisecond', async (t) => {
  let seed = 12345;
  const next = (n: number) => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) % n;
  const two = (n: number) => String(n).padStart(2, '0');
  let checked = 0;
  for (let i = 0; i < 500; i++) {
    const date = `${1990 + next(60)}-${two(1 + next(12))}-${two(1 + next(28))}`;
    const millis = String(next(1000)).padStart(3, '0');
    const time = `${two(next(24))}:${two(next(60))}:${two(next(60))}.${millis}`;
    const zone = `${next(2) === 0 ? '+' : '-'}${two(next(15))}:${two(next(4) * 15)}`;
    const text = `${date}T${time}${zone}`;
    const reading = readTimestamp(text, false);
    if (reading.kind !== 'fixed') t.fail(`${text} was not fixed`);
    else if (Date.parse(reading.text) !== Date.parse(text)) t.fail(`${text} → ${reading.text}`);
    else checked++;
  }
  t.equal(checked, 500);
});

t.test('no zone is refused unless assumeUtc', async (t) => {
  const noZone = { kind: 'error', rule: 'timestamp-no-zone' };
  t.match(readTimestamp('2024-03-05 08:15:30', false), noZone);
  t.match(readTimestamp('2024-03-05T08:15:30.25', false), noZone);
  t.same(readTimestamp('2024-03-05 08:15:30', true),
    fixed('2024-03-05T08:15:30.000Z', 'timestamp-assume-utc'));
  t.same(readTimestamp('2024-03-05T08:15:30.123456', true),
    fixed('2024-03-05T08:15:30.123456Z', 'timestamp-assume-utc'));
});

t.test('anything else is timestamp-format', async (t) => {
  for (const text of [
    '2024-03-05', '2024-03-05T08:15Z', '2024-13-05T08:15:30Z', '2023-02-29T08:15:30Z',
    '2024-03-05T24:00:00Z', '2024-03-05T08:15:30+24:00', '9999-12-31T23:00:00-02:00',
    '0000-01-01T00:30:00+01:00', '1709626530', '', ' 2024-03-05T08:15:30Z',
  ]) {
    t.match(readTimestamp(text, true), { kind: 'error', rule: 'timestamp-format' }, text);
  }
  t.match(readTimestamp('2024-03-05', false), { reason: 'a date without a time' });
});

t.test('comparison is exact below the millisecond', async (t) => {
  t.ok(compareTimestamps('2024-03-05T08:15:30.1234Z', '2024-03-05T08:15:30.12341Z') < 0);
  t.ok(compareTimestamps('2024-03-05T08:15:30.0001Z', '2024-03-05T08:15:30Z') > 0);
  t.equal(compareTimestamps('2024-03-05T08:15:30.1Z', '2024-03-05T08:15:30.100000Z'), 0);
  t.ok(compareTimestamps('2024-03-05T08:15:31Z', '2024-03-05T08:15:30.999999Z') > 0);
  t.ok(compareTimestamps('2023-12-31T23:59:59.9Z', '2024-01-01T00:00:00Z') < 0);
});

t.test('the Timestamp codec accepts only the Z form', async (t) => {
  t.same(decodeProblems(Timestamp, '2024-03-05T08:15:30.000Z'), []);
  t.same(decodeProblems(Timestamp, '2024-03-05T10:15:30.000+02:00', ['created']), [{
    pointer: '/created',
    rule: 'timestamp-format',
    value: '2024-03-05T10:15:30.000+02:00',
    message: 'expected an RFC 3339 timestamp in UTC Z form',
  }]);
  t.match(decodeProblems(Timestamp, 1709626530), [{ rule: 'timestamp-format', value: 1709626530 }]);
});
