import * as t from 'io-ts';
import { Identifier, Reference, StixType } from './identifier.js';
import { numberInRange } from './json-number.js';
import { stringOneOf } from './string-codecs.js';
import { Timestamp } from './timestamp.js';

/** `spec_version` of a STIX 2.1 object (rule `spec-version`). */
export const SpecVersion = stringOneOf('spec_version', ['2.1'], 'spec-version');

const Confidence = numberInRange(
  'confidence', { min: 0, max: 100, integer: true }, 'confidence-range');

const GranularMarking = t.intersection([
  t.type({ selectors: t.array(t.string) }),
  t.partial({ marking_ref: Reference, lang: t.string }),
]);

/**
 * The common properties of domain, relationship and meta objects (SDO, SRO,
 * SMO). `created_by_ref` and `object_marking_refs` are checked with every
 * other reference (`checkReferences`), `external_references` entries by
 * `cleanExternalReferences`.
 */
export const CommonProperties = t.intersection([
  t.type({
    type: StixType,
    spec_version: SpecVersion,
    id: Identifier,
    created: Timestamp,
    modified: Timestamp,
  }),
  t.partial({
    labels: t.array(t.string),
    revoked: t.boolean,
    confidence: Confidence,
    lang: t.string,
    external_references: t.UnknownArray,
    granular_markings: t.array(GranularMarking),
    extensions: t.UnknownRecord,
  }),
]);

/** The common properties of cyber-observable objects (no `created`,
 * `modified`; `spec_version` optional). */
export const ObservableCommonProperties = t.intersection([
  t.type({ type: StixType, id: Identifier }),
  t.partial({
    spec_version: SpecVersion,
    granular_markings: t.array(GranularMarking),
    defanged: t.boolean,
    extensions: t.UnknownRecord,
  }),
]);

export const COMMON_PROPERTY_NAMES: readonly string[] = [
  'type', 'spec_version', 'id', 'created_by_ref', 'created', 'modified',
  'revoked', 'labels', 'confidence', 'lang', 'external_references',
  'object_marking_refs', 'granular_markings', 'extensions',
];

export const OBSERVABLE_COMMON_PROPERTY_NAMES: readonly string[] = [
  'type', 'spec_version', 'id', 'object_marking_refs', 'granular_markings',
  'defanged', 'extensions',
];

/** The STIX 2.1 cyber-observable types: no `created`/`modified`, and no
 * STIX 2.0 form as top-level objects. */
export const OBSERVABLE_TYPES: ReadonlySet<string> = new Set([
  'artifact', 'autonomous-system', 'directory', 'domain-name', 'email-addr',
  'email-message', 'file', 'ipv4-addr', 'ipv6-addr', 'mac-addr', 'mutex',
  'network-traffic', 'process', 'software', 'url', 'user-account',
  'windows-registry-key', 'x509-certificate',
]);
