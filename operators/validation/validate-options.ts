import type { JsonObject } from '../../core/json.js';
import { DATASET_ROLES, type DatasetRole } from '../../core/record.js';
import { CUSTOM_PROPERTY_NAME } from './custom-properties.js';
import { FORBIDDEN_KEYS } from './forbidden-keys.js';

/** Options of the validate operator; every one has a default. */
export interface ValidateOptions {
  /** The dataset role for role rules; default: the record's own role. */
  readonly role?: DatasetRole;
  /** Reject STIX 2.0 objects instead of upgrading them. Default false. */
  readonly strict?: boolean;
  /** Read timestamps without a zone as UTC (a counted fix). Default false. */
  readonly assumeUtc?: boolean;
  /** Set a wrong `identity_class` to the role's (a counted fix). Default false. */
  readonly fixIdentityClass?: boolean;
  /** Which identities are authors, exempt from role rules. Default: an
   * identity with no `created_by_ref` of its own. */
  readonly isAuthor?: (id: string) => boolean;
  /** Explicit renames of top-level custom properties, old name → new name. */
  readonly renameProperties?: Readonly<Record<string, string>>;
  /** Fill a missing `source_name` of an external reference from its URL's
   * host (a counted fix). Default false. */
  readonly deriveSourceName?: boolean;
}

/** {@link ValidateOptions} with the defaults applied and checked. */
export interface ResolvedValidateOptions {
  readonly role: DatasetRole | undefined;
  readonly strict: boolean;
  readonly assumeUtc: boolean;
  readonly fixIdentityClass: boolean;
  readonly isAuthor: (object: JsonObject) => boolean;
  readonly renames: ReadonlyMap<string, string>;
  readonly deriveSourceName: boolean;
}

export const VALIDATE_DEFAULTS = {
  strict: false,
  assumeUtc: false,
  fixIdentityClass: false,
  deriveSourceName: false,
} as const;

const noCreator = (object: JsonObject): boolean => object.created_by_ref === undefined;

/**
 * Applies the defaults once. Throws a `RangeError` for bad configuration:
 * an unknown role, or a rename whose new name is not a valid custom property
 * name (or either name is a forbidden key).
 */
export function resolveValidateOptions(
  options: ValidateOptions = {},
): ResolvedValidateOptions {
  const { role, isAuthor } = options;
  if (role !== undefined && !DATASET_ROLES.includes(role)) {
    throw new RangeError(`unknown dataset role ${JSON.stringify(role)}`);
  }
  return {
    role,
    strict: options.strict ?? VALIDATE_DEFAULTS.strict,
    assumeUtc: options.assumeUtc ?? VALIDATE_DEFAULTS.assumeUtc,
    fixIdentityClass: options.fixIdentityClass ?? VALIDATE_DEFAULTS.fixIdentityClass,
    isAuthor: isAuthor === undefined
      ? noCreator
      : (object) => typeof object.id === 'string' && isAuthor(object.id),
    renames: resolveRenames(options.renameProperties ?? {}),
    deriveSourceName: options.deriveSourceName ?? VALIDATE_DEFAULTS.deriveSourceName,
  };
}

function resolveRenames(
  map: Readonly<Record<string, string>>,
): ReadonlyMap<string, string> {
  const renames = new Map<string, string>();
  for (const [from, to] of Object.entries(map)) {
    if (FORBIDDEN_KEYS.has(from) || FORBIDDEN_KEYS.has(to) || from === to) {
      throw new RangeError(`renameProperties: cannot rename ${from} to ${to}`);
    }
    if (typeof to !== 'string' || !CUSTOM_PROPERTY_NAME.test(to)) {
      throw new RangeError(
        `renameProperties: ${JSON.stringify(to)} is not a valid custom property name`);
    }
    renames.set(from, to);
  }
  return renames;
}
