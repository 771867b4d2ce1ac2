import type { JsonObject } from '../../core/json.js';
import { OBSERVABLE_TYPES } from './common-properties.js';
import type { Findings } from './findings.js';
import { withProperty } from './object-edit.js';

/**
 * STIX 2.0 content, told per object: a domain or relationship object with no
 * `spec_version` (or `"2.0"`). By default it is upgraded: `spec_version:
 * "2.1"` is added after `type` (a counted `upgraded-from-2.0` fix) and the
 * 2.1 rules apply; a 2.0 `gathering` relationship (old sectors datasets:
 * parent → child) becomes `part-of` with its ends swapped (child → parent),
 * a `gathering-to-part-of` fix. With `strict` it is rejected
 * (`spec-version`). Other versions are left to the shape codec.
 */
export function applySpecVersion(
  object: JsonObject,
  findings: Findings,
  strict: boolean,
): JsonObject {
  const { type, spec_version: version } = object;
  if (typeof type === 'string' && OBSERVABLE_TYPES.has(type)) return object;
  if (version !== undefined && version !== '2.0') return object;

  if (strict) {
    const message = 'STIX 2.0 content (no spec_version 2.1) is refused in strict mode';
    findings.reject('/spec_version', 'spec-version', version, message);
    return object;
  }
  findings.fix('/spec_version', 'upgraded-from-2.0', version, 'STIX 2.0 object upgraded to 2.1');
  const upgraded = withProperty(object, 'spec_version', '2.1', 'type');
  return type === 'relationship' ? gatheringToPartOf(upgraded, findings) : upgraded;
}

function gatheringToPartOf(object: JsonObject, findings: Findings): JsonObject {
  const { relationship_type: kind, source_ref: parent, target_ref: child } = object;
  if (kind !== 'gathering' || parent === undefined || child === undefined) return object;

  const message = 'gathering (parent to child) written as part-of (child to parent), ' +
    'source_ref and target_ref swapped';
  findings.fix('/relationship_type', 'gathering-to-part-of', kind, message);
  const renamed = withProperty(object, 'relationship_type', 'part-of');
  return withProperty(withProperty(renamed, 'source_ref', child), 'target_ref', parent);
}
