import * as t from 'io-ts';
import { COMMON_PROPERTY_NAMES, CommonProperties } from './common-properties.js';
import type { ObjectShape } from './object-shape.js';
import { stringOneOf } from './string-codecs.js';

/** The STIX 2.1 `identity-class-ov` vocabulary. */
export const IDENTITY_CLASSES: readonly string[] = [
  'individual', 'group', 'system', 'organization', 'class', 'unknown',
];

/** `identity_class` (rule `identity-class`). Never guessed when missing:
 * OpenCTI derives an identity's id from its name and class. */
const IdentityClass = stringOneOf('identity_class', IDENTITY_CLASSES, 'identity-class');

const IdentityProperties = t.intersection([
  t.type({ name: t.string, identity_class: IdentityClass }),
  t.partial({
    description: t.string,
    roles: t.array(t.string),
    sectors: t.array(t.string),
    contact_information: t.string,
  }),
]);

/** An identity: `name` and `identity_class` required. */
export const identityShape: ObjectShape = {
  codec: t.intersection([CommonProperties, IdentityProperties]),
  properties: new Set([
    ...COMMON_PROPERTY_NAMES,
    'name', 'description', 'roles', 'identity_class', 'sectors', 'contact_information',
  ]),
};
