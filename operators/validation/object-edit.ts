import type { JsonObject, JsonValue } from '../../core/json.js';

/*
 * Repaired objects are built here, never by assignment: `copy[key] = value`
 * with `key === '__proto__'` would replace the copy's prototype. Every write
 * goes through `Object.defineProperty`, which only ever creates an own
 * property, whatever the key.
 */

const define = (target: JsonObject, key: string, value: JsonValue): void => {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
};

/** A copy of `object` with `key` set to `value` (in place when present,
 * else after `after` when given and present, else last). */
export function withProperty(
  object: JsonObject,
  key: string,
  value: JsonValue,
  after?: string,
): JsonObject {
  const copy: JsonObject = {};
  const placeAfter = after !== undefined && !Object.hasOwn(object, key) &&
    Object.hasOwn(object, after);
  for (const name of Object.keys(object)) {
    define(copy, name, name === key ? value : object[name]);
    if (placeAfter && name === after) define(copy, key, value);
  }
  if (!Object.hasOwn(copy, key)) define(copy, key, value);
  return copy;
}

/** A copy of `object` without the properties in `keys`. */
export function withoutProperties(
  object: JsonObject,
  keys: ReadonlySet<string>,
): JsonObject {
  const copy: JsonObject = {};
  for (const name of Object.keys(object)) {
    if (!keys.has(name)) define(copy, name, object[name]);
  }
  return copy;
}

/** A copy of `object` with property `from` renamed to `to`, in place. */
export function withRenamedProperty(
  object: JsonObject,
  from: string,
  to: string,
): JsonObject {
  const copy: JsonObject = {};
  for (const name of Object.keys(object)) {
    define(copy, name === from ? to : name, object[name]);
  }
  return copy;
}
