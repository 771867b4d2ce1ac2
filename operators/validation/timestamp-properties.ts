import type { JsonObject } from '../../core/json.js';
import type { Findings } from './findings.js';
import { jsonPointer } from './json-pointer.js';
import { withProperty } from './object-edit.js';
import { compareTimestamps, readTimestamp } from './timestamp.js';

/** Timestamp properties of STIX 2.1 objects; names ending in `_time` (not
 * custom `x_…` ones) are timestamps too. */
const TIMESTAMP_PROPERTIES: ReadonlySet<string> = new Set([
  'created', 'modified', 'valid_from', 'valid_until', 'first_seen', 'last_seen',
  'first_observed', 'last_observed', 'published', 'analysis_started',
  'analysis_ended', 'submitted',
]);

/** Pairs that must be in order: [earlier, later, may they be equal]. */
const ORDER: readonly (readonly [string, string, boolean])[] = [
  ['created', 'modified', true],
  ['first_seen', 'last_seen', true],
  ['first_observed', 'last_observed', true],
  ['start_time', 'stop_time', false],
  ['valid_from', 'valid_until', false],
];

// Only top-level properties are read: a timestamp nested in `extensions` or
// in an observable's sub-objects is neither normalised nor checked. That
// matters once extensions carrying times are loaded; the datasets have none.
const isTimestampProperty = (name: string): boolean =>
  TIMESTAMP_PROPERTIES.has(name) || (name.endsWith('_time') && !name.startsWith('x_'));

/**
 * Brings every top-level timestamp to UTC `Z` form (one counted fix per
 * field, the original as value) or rejects it (see `readTimestamp`); then
 * `created` and `modified` without millisecond precision are a warning
 * (`timestamp-precision`) and pairs out of order (`modified` before
 * `created`, to the last fraction digit) are rejected (`timestamp-order`).
 */
export function normaliseTimestamps(
  object: JsonObject,
  findings: Findings,
  assumeUtc: boolean,
): JsonObject {
  let out = object;
  const valid = new Map<string, string>();
  for (const key of Object.keys(object)) {
    if (!isTimestampProperty(key)) continue;
    const value = object[key];
    if (typeof value !== 'string') {
      const message = `${key} must be a timestamp string`;
      findings.reject(jsonPointer([key]), 'timestamp-format', value, message);
      continue;
    }

    const reading = readTimestamp(value, assumeUtc);
    if (reading.kind === 'utc') {
      valid.set(key, value);
    } else if (reading.kind === 'fixed') {
      const message = `${key} written in UTC as ${reading.text}`;
      findings.fix(jsonPointer([key]), reading.rule, value, message);
      out = withProperty(out, key, reading.text);
      valid.set(key, reading.text);
    } else {
      findings.reject(jsonPointer([key]), reading.rule, value, `${key}: ${reading.reason}`);
    }
  }

  checkPrecision(valid, findings);
  checkOrder(valid, findings);
  return out;
}

/** `valid`: the object's valid timestamps, in UTC `Z` form, by name. */
function checkPrecision(valid: ReadonlyMap<string, string>, findings: Findings): void {
  for (const key of ['created', 'modified']) {
    const value = valid.get(key);
    if (value === undefined || /\.\d{3,}Z$/.test(value)) continue;
    const message = `${key} should be precise to the millisecond (STIX 2.1)`;
    findings.warn(`/${key}`, 'timestamp-precision', value, message);
  }
}

function checkOrder(valid: ReadonlyMap<string, string>, findings: Findings): void {
  for (const [earlier, later, equalOk] of ORDER) {
    const a = valid.get(earlier);
    const b = valid.get(later);
    if (a === undefined || b === undefined) continue;

    const order = compareTimestamps(a, b);
    if (order < 0 || (order === 0 && equalOk)) continue;
    const message = `${later} ${b} is ${order === 0 ? 'equal to' : 'before'} ${earlier} ${a}`;
    findings.reject(`/${later}`, 'timestamp-order', b, message);
  }
}
