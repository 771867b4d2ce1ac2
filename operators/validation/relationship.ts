import * as t from 'io-ts';
import type { JsonObject } from '../../core/json.js';
import { COMMON_PROPERTY_NAMES, CommonProperties } from './common-properties.js';
import type { Findings } from './findings.js';
import { parseIdentifier, Reference } from './identifier.js';
import type { ObjectShape } from './object-shape.js';
import { refinedString } from './string-codecs.js';
import { Timestamp } from './timestamp.js';

const RelationshipType = refinedString(
  'relationship_type',
  (text) => /^[a-z0-9-]+$/.test(text),
  'relationship-type',
  (u) => `relationship_type ${JSON.stringify(u)} is not lowercase a-z, 0-9 and -`,
);

const RelationshipProperties = t.intersection([
  t.type({
    relationship_type: RelationshipType,
    source_ref: Reference,
    target_ref: Reference,
  }),
  t.partial({ description: t.string, start_time: Timestamp, stop_time: Timestamp }),
]);

/** Types a relationship may not connect (STIX 2.1). */
const NOT_ENDPOINTS: ReadonlySet<string> = new Set([
  'relationship', 'sighting', 'bundle', 'marking-definition', 'language-content',
]);

function checkEndpoints(object: JsonObject, findings: Findings): void {
  for (const key of ['source_ref', 'target_ref']) {
    const ref = object[key];
    const type = typeof ref === 'string' ? parseIdentifier(ref)?.type : undefined;
    if (type === undefined || !NOT_ENDPOINTS.has(type)) continue;
    findings.reject(`/${key}`, 'ref-type', ref, `a relationship cannot connect a ${type}`);
  }
}

/** A relationship: `relationship_type`, `source_ref` and `target_ref`
 * required, the two ends well-formed identifiers of connectable types. */
export const relationshipShape: ObjectShape = {
  codec: t.intersection([CommonProperties, RelationshipProperties]),
  properties: new Set([
    ...COMMON_PROPERTY_NAMES,
    'relationship_type', 'description', 'source_ref', 'target_ref', 'start_time',
    'stop_time',
  ]),
  check: checkEndpoints,
};
