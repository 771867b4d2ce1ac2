import type { JsonValue } from '../../core/json.js';
import { ExactNumber } from '../../core/json.js';
import { FORBIDDEN_KEYS } from './forbidden-keys.js';

// `String.prototype.isWellFormed` is in Node 20 but not in the ES2023 lib.
const isWellFormed = (text: string): boolean =>
  (text as unknown as { isWellFormed(): boolean }).isWellFormed();

/**
 * True when nothing in `value` concerns `stripForbiddenKeys` or
 * `checkUnicode`: no `__proto__`, `constructor` or `prototype` key at any
 * depth, and no lone surrogate in any string or key. One walk instead of
 * their two, so the common clean object skips both; when it is false they
 * run as usual and report.
 */
export function isCleanTree(value: JsonValue): boolean {
  if (typeof value === 'string') return isWellFormed(value);
  if (typeof value !== 'object' || value === null || value instanceof ExactNumber) return true;
  if (Array.isArray(value)) {
    for (const entry of value) if (!isCleanTree(entry)) return false;
    return true;
  }
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key) || !isWellFormed(key) || !isCleanTree(value[key])) {
      return false;
    }
  }
  return true;
}
