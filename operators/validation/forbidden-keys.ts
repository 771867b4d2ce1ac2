import { isJsonObject, type JsonObject, type JsonValue } from '../../core/json.js';
import type { Findings } from './findings.js';
import { jsonPointer } from './json-pointer.js';

/** Keys that could reach a prototype if a consumer assigned them. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set([
  '__proto__', 'constructor', 'prototype',
]);

/**
 * `object` without any `__proto__`, `constructor` or `prototype` key, at any
 * depth: each one is dropped as an error note (`forbidden-key`) with its
 * pointer and value. Only the branches that held one are copied, with
 * `Object.defineProperty`, so nothing ever touches a prototype; the same
 * object is returned when there was none (checked first, without copying).
 */
export function stripForbiddenKeys(object: JsonObject, findings: Findings): JsonObject {
  if (!holdsForbiddenKey(object)) return object;
  return strip(object, [], findings) as JsonObject;
}

function holdsForbiddenKey(value: JsonValue): boolean {
  if (Array.isArray(value)) return value.some(holdsForbiddenKey);
  if (!isJsonObject(value)) return false;
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key) || holdsForbiddenKey(value[key])) return true;
  }
  return false;
}

/** `path` is the position of `value`, pushed and popped while descending. */
function strip(value: JsonValue, path: (string | number)[], findings: Findings): JsonValue {
  if (!holdsForbiddenKey(value)) return value;
  if (Array.isArray(value)) {
    return value.map((entry, i) => {
      path.push(i);
      const kept = strip(entry, path, findings);
      path.pop();
      return kept;
    });
  }

  const copy: JsonObject = {};
  for (const key of Object.keys(value as JsonObject)) {
    const entry = (value as JsonObject)[key];
    path.push(key);
    if (FORBIDDEN_KEYS.has(key)) {
      const message = `the key ${key} is not allowed in a STIX object`;
      findings.drop(jsonPointer(path), 'forbidden-key', entry, message);
    } else {
      Object.defineProperty(copy, key, {
        value: strip(entry, path, findings),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    path.pop();
  }
  return copy;
}
