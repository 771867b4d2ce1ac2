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
  // `for...in` and a look at the last letter first: this runs on every
  // object of a run, and most properties are neither.
  for (const property in object) {
    const last = property.charCodeAt(property.length - 1);
    if (last !== F && last !== S) continue;
    const value = object[property];
    if (last === F && property.endsWith('_ref')) {
      if (typeof value === 'string' && value !== self) refs.push(new Ref(property, -1, value));
    } else if (last === S && property.endsWith('_refs') && Array.isArray(value)) {
      for (let at = 0; at < value.length; at++) {
        const target = value[at];
        if (typeof target === 'string' && target !== self) refs.push(new Ref(property, at, target));
      }
    }
  }
  return refs;
}

const F = 0x66;
const S = 0x73;

/** An `ObjectRef` whose pointer is built only when asked for: most never are. */
class Ref implements ObjectRef {
  constructor(
    readonly property: string,
    private readonly at: number,
    readonly target: string,
  ) {}

  get pointer(): string {
    const token = pointerToken(this.property);
    return this.at < 0 ? `/${token}` : `/${token}/${this.at}`;
  }
}

/** A property name as a JSON pointer token (RFC 6901). */
const pointerToken = (token: string): string =>
  token.includes('~') || token.includes('/')
    ? token.replace(/~/g, '~0').replace(/\//g, '~1')
    : token;
