import * as t from 'io-ts';
import type { JsonObject } from '../../core/json.js';
import { SpecVersion } from './common-properties.js';
import { decodeProblems } from './decode-problems.js';
import type { Findings } from './findings.js';
import { Identifier, StixType } from './identifier.js';
import type { ObjectShape } from './object-shape.js';
import { Timestamp } from './timestamp.js';

/** A marking definition has no `modified`, and `name` is optional. */
const MarkingDefinitionProperties = t.intersection([
  t.type({ type: StixType, spec_version: SpecVersion, id: Identifier, created: Timestamp }),
  t.partial({
    name: t.string,
    definition_type: t.string,
    definition: t.UnknownRecord,
    external_references: t.UnknownArray,
    extensions: t.UnknownRecord,
  }),
]);

/** The definitions STIX 2.1 defines, by `definition_type`. */
const DEFINITIONS: ReadonlyMap<string, t.Decoder<unknown, unknown>> = new Map<
  string, t.Decoder<unknown, unknown>
>([
  ['tlp', t.type({ tlp: t.string })],
  ['statement', t.type({ statement: t.string })],
]);

/**
 * Without `extensions`, `definition_type` and `definition` are required
 * (`required-property`); a `tlp` or `statement` definition must hold its
 * string (`marking-definition`).
 */
function checkDefinition(object: JsonObject, findings: Findings): void {
  const { definition_type: kind, definition, extensions } = object;
  if (extensions === undefined) {
    for (const key of ['definition_type', 'definition']) {
      if (object[key] !== undefined) continue;
      const message = `${key} is required when there are no extensions`;
      findings.reject(`/${key}`, 'required-property', undefined, message);
    }
  }
  if (typeof kind !== 'string' || definition === undefined) return;

  const codec = DEFINITIONS.get(kind.toLowerCase());
  if (codec === undefined) return;
  for (const p of decodeProblems(codec, definition, ['definition'])) {
    const message = `a ${kind} marking needs definition.${kind.toLowerCase()} (a string)`;
    findings.reject(p.pointer, 'marking-definition', p.value, message);
  }
}

/** A marking definition, per STIX 2.1. */
export const markingDefinitionShape: ObjectShape = {
  codec: MarkingDefinitionProperties,
  properties: new Set([
    'type', 'spec_version', 'id', 'created_by_ref', 'created', 'external_references',
    'object_marking_refs', 'granular_markings', 'extensions', 'name',
    'definition_type', 'definition',
  ]),
  check: checkDefinition,
};
