import type { JsonObject } from '../core/json.js';

/** One reference held by an object. */
export interface ObjectRef {
  /** The property: `created_by_ref`, `object_marking_refs`, `target_ref`… */
  readonly property: string;
  /** JSON pointer into the object: `/target_ref`, `/object_refs/2`. */
  readonly pointer: string;
  /** The referenced id. */
  readonly target: string;
}

/**
 * The references an object holds in its top-level `*_ref` (a string) and
 * `*_refs` (a list of strings) properties, in property order: this covers
 * `created_by_ref`, `object_marking_refs`, relationship and sighting ends,
 * `object_refs` and custom `x_*_ref(s)`. Non-string values are skipped (the
 * validator reports them), and so are references to the object itself.
 * Nested references (`granular_markings[].marking_ref`, extensions) are not
 * followed.
 */
export function objectRefs(object: JsonObject): ObjectRef[] {
  const refs: ObjectRef[] = [];
  const self = object.id;
  for (const property of Object.keys(object)) {
    const value = object[property];
    if (property.endsWith('_ref')) {
      if (typeof value === 'string' && value !== self) {
        refs.push({ property, pointer: `/${pointerToken(property)}`, target: value });
      }
    } else if (property.endsWith('_refs') && Array.isArray(value)) {
      value.forEach((target, at) => {
        if (typeof target === 'string' && target !== self) {
          refs.push({ property, pointer: `/${pointerToken(property)}/${at}`, target });
        }
      });
    }
  }
  return refs;
}

/** A property name as a JSON pointer token (RFC 6901). */
const pointerToken = (token: string): string =>
  token.includes('~') || token.includes('/')
    ? token.replace(/~/g, '~0').replace(/\//g, '~1')
    : token;
