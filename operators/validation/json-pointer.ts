/** A path into a JSON value: property names and array indexes. */
export type JsonPath = readonly (string | number)[];

/**
 * The RFC 6901 JSON pointer of a path: `''` for the whole value, `~` and `/`
 * in names escaped as `~0` and `~1`.
 *
 * @example jsonPointer(['external_references', 0]) // '/external_references/0'
 */
export function jsonPointer(path: JsonPath): string {
  let pointer = '';
  for (const part of path) {
    pointer += '/' + String(part).replace(/~/g, '~0').replace(/\//g, '~1');
  }
  return pointer;
}
