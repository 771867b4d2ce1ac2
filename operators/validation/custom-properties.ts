import type { JsonObject } from '../../core/json.js';
import type { Findings } from './findings.js';
import { jsonPointer } from './json-pointer.js';
import { withoutProperties, withRenamedProperty } from './object-edit.js';

/** A valid custom property name (STIX 2.1). */
export const CUSTOM_PROPERTY_NAME = /^[a-z0-9_]{3,250}$/;

/**
 * Applies the explicit rename map to top-level property names, one counted
 * `property-renamed` fix each (value: the old name). When the new name is
 * already taken the old property is dropped (`property-rename-conflict`).
 * Nothing is renamed implicitly.
 */
export function renameProperties(
  object: JsonObject,
  renames: ReadonlyMap<string, string>,
  findings: Findings,
): JsonObject {
  let out = object;
  for (const from of Object.keys(object)) {
    const to = renames.get(from);
    if (to === undefined) continue;
    const pointer = jsonPointer([from]);
    if (Object.hasOwn(out, to)) {
      const message = `${from} was not renamed: ${to} already exists`;
      findings.drop(pointer, 'property-rename-conflict', object[from], message);
      out = withoutProperties(out, new Set([from]));
      continue;
    }
    findings.fix(pointer, 'property-renamed', from, `${from} renamed to ${to}`);
    out = withRenamedProperty(out, from, to);
  }
  return out;
}

/**
 * Drops every top-level property that the specification does not define for
 * the type (`known`) and whose name is not a valid custom property name:
 * one `custom-property-name` error note each, with the dropped value. No
 * automatic lower-casing: `x_opencti_Aliases` would quietly merge into
 * OpenCTI's alias field.
 */
export function dropInvalidPropertyNames(
  object: JsonObject,
  known: ReadonlySet<string>,
  findings: Findings,
): JsonObject {
  const invalid = new Set<string>();
  for (const key of Object.keys(object)) {
    if (known.has(key) || CUSTOM_PROPERTY_NAME.test(key)) continue;
    const message =
      `${key} is not a valid custom property name (${CUSTOM_PROPERTY_NAME.source})`;
    findings.drop(jsonPointer([key]), 'custom-property-name', object[key], message);
    invalid.add(key);
  }
  return invalid.size === 0 ? object : withoutProperties(object, invalid);
}
