import * as t from 'io-ts';
import type { JsonObject } from '../../core/json.js';
import { decodeProblems } from './decode-problems.js';
import type { Findings } from './findings.js';
import { parseIdentifier, Reference } from './identifier.js';
import { jsonPointer } from './json-pointer.js';

const References = t.array(Reference);

/** Reference properties whose target must be of one type. */
const TARGET_TYPE: Readonly<Record<string, string>> = {
  created_by_ref: 'identity',
  object_marking_refs: 'marking-definition',
};

// Only top-level references are read here (and `granular_markings` refs by the
// common codec): references nested in `extensions` are not checked. That
// matters for extension-defined objects; the datasets have none.

/**
 * Every top-level `*_ref` must be an identifier and every `*_refs` a list of
 * them (`ref-format`, rejects); `created_by_ref` must name an identity and
 * `object_marking_refs` marking definitions (`ref-type`). Whether the targets
 * exist is not checked here: the order operator knows every id.
 */
export function checkReferences(object: JsonObject, findings: Findings): void {
  for (const key of Object.keys(object)) {
    const many = key.endsWith('_refs');
    if (!many && !key.endsWith('_ref')) continue;

    const value = object[key];
    const codec = many ? References : Reference;
    const problems = decodeProblems(codec, value, [key]);
    for (const p of problems) findings.reject(p.pointer, p.rule, p.value, p.message);
    if (problems.length > 0 || TARGET_TYPE[key] === undefined) continue;

    const refs = Array.isArray(value) ? value : [value];
    refs.forEach((ref, i) => {
      const type = parseIdentifier(String(ref))?.type;
      if (type === TARGET_TYPE[key]) return;
      const pointer = jsonPointer(many ? [key, i] : [key]);
      const message = `${key} must reference a ${TARGET_TYPE[key]}, not a ${type}`;
      findings.reject(pointer, 'ref-type', ref, message);
    });
  }
}
