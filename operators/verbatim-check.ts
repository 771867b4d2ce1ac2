import type { JsonObject, JsonValue } from '../core/json.js';
import type { ObjectSlice } from '../sources/split-event.js';

/**
 * Whether `JSON.stringify(object)` gives back exactly `slice.text`, where
 * `object` is `JSON.parse` of that text, without serializing it: the scan
 * found the text compact with canonical numbers (see `ObjectSlice.compact`),
 * and parsing kept every member in place (no key repeated, none
 * integer-like). False means "not known", never "different": the object is
 * then serialized when written.
 */
export function isVerbatim(slice: ObjectSlice, object: JsonObject): boolean {
  if (slice.compact !== true || slice.exactNumbers) return false;
  return membersInPlace(object) === slice.members;
}

/**
 * The members of every object in `value`, or -1 as soon as a key starts
 * with a digit: V8 lists integer-like keys first, whatever their place in
 * the text. A repeated key is one member after parsing, so the count falls
 * short of the text's.
 */
function membersInPlace(value: JsonValue): number {
  if (typeof value !== 'object' || value === null) return 0;
  let count = 0;
  if (Array.isArray(value)) {
    for (const element of value) {
      const inner = membersInPlace(element);
      if (inner < 0) return -1;
      count += inner;
    }
    return count;
  }
  for (const key in value) {
    const first = key.charCodeAt(0);
    if (first >= 0x30 && first <= 0x39) return -1;
    const inner = membersInPlace((value as JsonObject)[key]);
    if (inner < 0) return -1;
    count += 1 + inner;
  }
  return count;
}
