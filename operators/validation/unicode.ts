import { isJsonObject, type JsonObject, type JsonValue } from '../../core/json.js';
import type { Findings } from './findings.js';
import { jsonPointer } from './json-pointer.js';

// `String.prototype.isWellFormed` is in Node 20 but not in the ES2023 lib.
const isWellFormed = (text: string): boolean =>
  (text as unknown as { isWellFormed(): boolean }).isWellFormed();

/**
 * Rejects the object when a string anywhere in it, property names included,
 * holds a lone UTF-16 surrogate (`unicode-lone-surrogate`, pointing at the
 * string): it cannot be written as UTF-8 without loss.
 */
export function checkUnicode(object: JsonObject, findings: Findings): void {
  walk(object, [], findings);
}

/** `path` is the position of `value`, pushed and popped while descending. */
function walk(value: JsonValue, path: (string | number)[], findings: Findings): void {
  if (typeof value === 'string') {
    if (!isWellFormed(value)) report(path, value, findings);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((entry, i) => {
      path.push(i);
      walk(entry, path, findings);
      path.pop();
    });
    return;
  }
  if (!isJsonObject(value)) return;
  for (const key of Object.keys(value)) {
    path.push(key);
    if (!isWellFormed(key)) report(path, key, findings);
    walk(value[key], path, findings);
    path.pop();
  }
}

function report(path: (string | number)[], text: string, findings: Findings): void {
  const message = 'a string holds a lone UTF-16 surrogate (not valid Unicode)';
  findings.reject(jsonPointer(path), 'unicode-lone-surrogate', text, message);
}
