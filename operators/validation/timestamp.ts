import * as t from 'io-ts';
import { ruleFailure } from './decode-problems.js';

const RFC3339 =
  /^(\d{4})-(\d\d)-(\d\d)[Tt ](\d\d):(\d\d):(\d\d)(\.\d+)?([Zz]|[+-]\d\d:\d\d)?$/;
const DATE_ONLY = /^\d{4}-\d\d-\d\d$/;

/** How a timestamp text reads: already UTC `Z` form, repaired losslessly
 * (with the rule of the fix), or refused (with the rule and a reason). */
export type TimestampReading =
  | { readonly kind: 'utc' }
  | { readonly kind: 'fixed'; readonly text: string; readonly rule: string }
  | { readonly kind: 'error'; readonly rule: string; readonly reason: string };

const UTC: TimestampReading = { kind: 'utc' };

/**
 * Reads an RFC 3339 timestamp and brings it to the UTC `Z` form by string
 * arithmetic on its fields, never through `Date`: every fraction digit is
 * kept (a repaired one gets at least milliseconds, `.000`). An offset
 * (`+02:00`, `-00:00`), a lowercase `t`/`z` or a space for `T` is a
 * `timestamp-utc` fix; no zone at all is an error
 * (`timestamp-no-zone`: `Date` would read it as host-local time) unless
 * `assumeUtc` (a `timestamp-assume-utc` fix); anything else, a date alone
 * included, is `timestamp-format`.
 *
 * @example readTimestamp('2024-03-05T10:15:30.000+02:00', false)
 * // { kind: 'fixed', text: '2024-03-05T08:15:30.000Z', rule: 'timestamp-utc' }
 */
export function readTimestamp(text: string, assumeUtc: boolean): TimestampReading {
  if (isUtcTimestamp(text)) return UTC;
  const match = RFC3339.exec(text);
  if (match === null) {
    const reason = DATE_ONLY.test(text) ? 'a date without a time' : 'not RFC 3339';
    return { kind: 'error', rule: 'timestamp-format', reason };
  }
  const [y, mo, d, h, mi, s] = match.slice(1, 7).map(Number);
  const fraction = match[7] ?? '';
  const zone = match[8];
  if (!fieldsInRange(y, mo, d, h, mi, s)) {
    return { kind: 'error', rule: 'timestamp-format', reason: 'a field is out of range' };
  }

  if (zone === undefined) {
    if (!assumeUtc) {
      const reason = 'no time zone (Date would read it as host-local time)';
      return { kind: 'error', rule: 'timestamp-no-zone', reason };
    }
    const fixed = format(y, mo, d, h, mi, s, millis(fraction));
    return { kind: 'fixed', text: fixed, rule: 'timestamp-assume-utc' };
  }

  const offset = zone.length === 1 ? 0 : offsetMinutes(zone);
  if (offset === undefined) {
    return { kind: 'error', rule: 'timestamp-format', reason: 'the offset is out of range' };
  }
  const minutes = h * 60 + mi - offset;
  const dayShift = Math.floor(minutes / 1440);
  const [y2, mo2, d2] = civilFromDays(daysFromCivil(y, mo, d) + dayShift);
  if (y2 < 0 || y2 > 9999) {
    return { kind: 'error', rule: 'timestamp-format', reason: 'the year leaves 0000-9999' };
  }
  const inDay = minutes - dayShift * 1440;
  const [h2, mi2] = [Math.floor(inDay / 60), inDay % 60];
  const utc = format(y2, mo2, d2, h2, mi2, s, millis(fraction));
  return { kind: 'fixed', text: utc, rule: 'timestamp-utc' };
}

/** A repaired timestamp has at least millisecond precision (STIX requires it
 * of `created` and `modified`): `''` → `.000`, `.5` → `.500`; more digits are
 * kept as they are. */
const millis = (fraction: string): string =>
  fraction === '' ? '.000' : fraction.padEnd(4, '0');

/** True for the UTC `Z` form with valid fields: `YYYY-MM-DDTHH:MM:SS`, an
 * optional `.` and digits, `Z`, read with `charCodeAt` rather than a regular
 * expression (it runs for every timestamp of every object). */
export function isUtcTimestamp(text: string): boolean {
  const n = text.length;
  if (n < 20 || text.charCodeAt(n - 1) !== Z) return false;
  if (n > 20 && (n === 21 || text.charCodeAt(19) !== DOT || !digitsIn(text, 20, n - 1))) {
    return false;
  }
  for (let i = 0; i < 19; i++) {
    const c = text.charCodeAt(i);
    if (c !== SHAPE[i] && !(SHAPE[i] === DIGIT && c >= 48 && c <= 57)) return false;
  }
  const two = (at: number): number =>
    (text.charCodeAt(at) - 48) * 10 + text.charCodeAt(at + 1) - 48;
  return fieldsInRange(two(0) * 100 + two(2), two(5), two(8), two(11), two(14), two(17));
}

const Z = 0x5a;
const DOT = 0x2e;
const DIGIT = -1;
/** `dddd-dd-ddTdd:dd:dd`: a char code, or `DIGIT` for any of 0-9. */
const SHAPE = [...'dddd-dd-ddTdd:dd:dd'].map((c) => (c === 'd' ? DIGIT : c.charCodeAt(0)));

function digitsIn(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** A timestamp in UTC `Z` form (rule `timestamp-format`). */
export const Timestamp = new t.Type<string, string, unknown>(
  'Timestamp',
  (u): u is string => typeof u === 'string' && isUtcTimestamp(u),
  (u, c) =>
    typeof u === 'string' && isUtcTimestamp(u)
      ? t.success(u)
      : ruleFailure(u, c, 'timestamp-format', 'expected an RFC 3339 timestamp in UTC Z form'),
  t.identity,
);

/**
 * Compares two UTC `Z` timestamps as instants, to the last fraction digit
 * (`Date` would round to milliseconds): negative, zero or positive.
 */
export function compareTimestamps(a: string, b: string): number {
  const base = compareText(a.slice(0, 19), b.slice(0, 19));
  if (base !== 0) return base;
  const fa = a.slice(20, -1);
  const fb = b.slice(20, -1);
  const width = Math.max(fa.length, fb.length);
  return compareText(fa.padEnd(width, '0'), fb.padEnd(width, '0'));
}

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function fieldsInRange(
  y: number, mo: number, d: number, h: number, mi: number, s: number,
): boolean {
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo) &&
    h <= 23 && mi <= 59 && s <= 60;
}

function offsetMinutes(zone: string): number | undefined {
  const hours = Number(zone.slice(1, 3));
  const minutes = Number(zone.slice(4, 6));
  if (hours > 23 || minutes > 59) return undefined;
  return (zone[0] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

function format(
  y: number, mo: number, d: number, h: number, mi: number, s: number, fraction: string,
): string {
  return `${pad(y, 4)}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(s)}${fraction}Z`;
}

function daysInMonth(year: number, month: number): number {
  if (month !== 2) return [4, 6, 9, 11].includes(month) ? 30 : 31;
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
}

/** Days since 1970-01-01 of a proleptic Gregorian date, and back
 * (H. Hinnant's civil calendar algorithms). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

function civilFromDays(days: number): [number, number, number] {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) -
    Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, day];
}
