import type * as t from 'io-ts';
import type { JsonObject, JsonValue } from '../../core/json.js';
import {
  COMMON_PROPERTY_NAMES,
  CommonProperties,
  OBSERVABLE_COMMON_PROPERTY_NAMES,
  OBSERVABLE_TYPES,
  ObservableCommonProperties,
} from './common-properties.js';
import type { Findings } from './findings.js';
import { identityShape } from './identity.js';
import { locationShape } from './location.js';
import { markingDefinitionShape } from './marking-definition.js';
import { relationshipShape } from './relationship.js';

/** What validation knows about one STIX type: the io-ts codec of its shape
 * (types, required properties, enums), the names the specification defines
 * for it, and the rules a codec cannot say. */
export interface ObjectShape {
  readonly codec: t.Decoder<unknown, unknown>;
  readonly properties: ReadonlySet<string>;
  readonly check?: (object: JsonObject, findings: Findings) => void;
}

const DOMAIN: ObjectShape = {
  codec: CommonProperties,
  properties: new Set(COMMON_PROPERTY_NAMES),
};

const OBSERVABLE: ObjectShape = {
  codec: ObservableCommonProperties,
  properties: new Set(OBSERVABLE_COMMON_PROPERTY_NAMES),
};

const SHAPES: ReadonlyMap<string, ObjectShape> = new Map([
  ['identity', identityShape],
  ['location', locationShape],
  ['relationship', relationshipShape],
  ['marking-definition', markingDefinitionShape],
]);

/** The shape of an object of `type`; types without rules of their own get the
 * common properties only (observables their own common properties). */
export function shapeOf(type: JsonValue | undefined): ObjectShape {
  if (typeof type !== 'string') return DOMAIN;
  return SHAPES.get(type) ?? (OBSERVABLE_TYPES.has(type) ? OBSERVABLE : DOMAIN);
}
