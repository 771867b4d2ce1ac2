import type { JsonObject } from '../../core/json.js';
import type { DatasetRole } from '../../core/record.js';
import type { Findings } from './findings.js';
import { looksLikeCountry } from './looks-like-country.js';
import { withProperty } from './object-edit.js';
import type { ResolvedValidateOptions } from './validate-options.js';

/** What each dataset holds, besides relationships, markings and its author. */
type Expected = { readonly type: string; readonly identityClass?: string };
const EXPECTED: ReadonlyMap<DatasetRole, Expected> = new Map<DatasetRole, Expected>([
  ['sectors', { type: 'identity', identityClass: 'class' }],
  ['geography', { type: 'location' }],
  ['companies', { type: 'identity', identityClass: 'organization' }],
]);

const ANY_ROLE: ReadonlySet<string> = new Set(['relationship', 'marking-definition']);

/**
 * The rules of a dataset role (C03): sectors holds identities of class
 * `class`, geography locations, companies identities of class
 * `organization`; relationships, marking definitions and authors are allowed
 * everywhere. Another type is `role-object-type`; another class is
 * `role-identity-class` (an error, or a counted fix with `fixIdentityClass`),
 * plus a `role-possible-country` warning when the identity looks like a
 * country (never "fixed" into a class or organization).
 */
export function applyRoleRules(
  object: JsonObject,
  role: DatasetRole | undefined,
  options: ResolvedValidateOptions,
  findings: Findings,
): JsonObject {
  const expected = role === undefined ? undefined : EXPECTED.get(role);
  const { type, identity_class: actual } = object;
  if (expected === undefined || typeof type !== 'string' || ANY_ROLE.has(type)) return object;
  if (type === 'identity' && options.isAuthor(object)) return object;

  if (type !== expected.type) {
    const message = `${role} role expects ${expected.type} objects, not ${type}`;
    findings.reject('/type', 'role-object-type', type, message);
    return object;
  }
  const wanted = expected.identityClass;
  if (wanted === undefined || typeof actual !== 'string' || actual === wanted) return object;

  const country = looksLikeCountry(object);
  if (options.fixIdentityClass && !country) {
    const message = `identity_class ${actual} set to ${wanted} for the ${role} role`;
    findings.fix('/identity_class', 'role-identity-class', actual, message);
    return withProperty(object, 'identity_class', wanted);
  }
  const message = `${role} role expects identity_class=${wanted}`;
  findings.reject('/identity_class', 'role-identity-class', actual, message);
  if (country) {
    const warning = 'possible country modelled as identity';
    findings.warn('/name', 'role-possible-country', object.name, warning);
  }
  return object;
}
