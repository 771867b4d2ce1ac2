const RFC3339 =
  /^(\d{4})-(\d\d)-(\d\d)[Tt](\d\d):(\d\d):(\d\d)(?:\.(\d+))?([Zz]|[+-]\d\d:\d\d)$/;

/**
 * Microseconds since the Unix epoch of an RFC 3339 timestamp, computed from
 * the text (no `Date`, so `.547893` is not rounded to milliseconds); digits
 * past the sixth are ignored. `undefined` when the text is not RFC 3339.
 * Exact up to year 2255 (2^53 microseconds), comparable beyond.
 *
 * @example timestampMicros('2023-11-19T01:02:21.547893Z') // 1700355741547893
 */
export function timestampMicros(text: string): number | undefined {
  if (isZulu(text)) return zuluMicros(text);
  const match = RFC3339.exec(text);
  if (match === null) return undefined;

  const [, year, month, day, hour, minute, second, fraction, zone] = match;
  const y = Number(year);
  const m = Number(month);
  const d = Number(day);
  const h = Number(hour);
  const mi = Number(minute);
  const s = Number(second);
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return undefined;
  if (h > 23 || mi > 59 || s > 60) return undefined;

  const offset = zoneSeconds(zone);
  if (offset === undefined) return undefined;
  const seconds = daysFromCivil(y, m, d) * 86_400 + h * 3600 + mi * 60 + s - offset;
  const micros = fraction === undefined ? 0 : Number(fraction.slice(0, 6).padEnd(6, '0'));
  return seconds * 1_000_000 + micros;
}

/** `dddd-dd-ddTdd:dd:dd[.d+]Z`, the form of nearly every STIX timestamp:
 * read with `charCodeAt` (pass 1 and dedupe read one per object), the same
 * result as the pattern. */
function isZulu(text: string): boolean {
  const n = text.length;
  if (n < 20 || text.charCodeAt(n - 1) !== 0x5a) return false;
  if (n > 20 && (n === 21 || text.charCodeAt(19) !== 0x2e || !digits(text, 20, n - 1))) {
    return false;
  }
  return digits(text, 0, 4) && digits(text, 5, 7) && digits(text, 8, 10) &&
    digits(text, 11, 13) && digits(text, 14, 16) && digits(text, 17, 19) &&
    text.charCodeAt(4) === 0x2d && text.charCodeAt(7) === 0x2d &&
    text.charCodeAt(10) === 0x54 && text.charCodeAt(13) === 0x3a && text.charCodeAt(16) === 0x3a;
}

function zuluMicros(text: string): number | undefined {
  const two = (at: number): number =>
    (text.charCodeAt(at) - 48) * 10 + text.charCodeAt(at + 1) - 48;
  const y = two(0) * 100 + two(2);
  const m = two(5);
  const d = two(8);
  const h = two(11);
  const mi = two(14);
  const s = two(17);
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return undefined;
  if (h > 23 || mi > 59 || s > 60) return undefined;
  let micros = 0;
  for (let i = 20, scale = 100_000; i < text.length - 1 && scale >= 1; i++, scale /= 10) {
    micros += (text.charCodeAt(i) - 48) * scale;
  }
  return (daysFromCivil(y, m, d) * 86_400 + h * 3600 + mi * 60 + s) * 1_000_000 + micros;
}

function digits(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

function zoneSeconds(zone: string): number | undefined {
  if (zone === 'Z' || zone === 'z') return 0;
  const hours = Number(zone.slice(1, 3));
  const minutes = Number(zone.slice(4, 6));
  if (hours > 23 || minutes > 59) return undefined;
  const sign = zone[0] === '-' ? -1 : 1;
  return sign * (hours * 3600 + minutes * 60);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) {
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    return leap ? 29 : 28;
  }
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (civil calendar). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}
