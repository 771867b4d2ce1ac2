import { Observable, type OperatorFunction } from 'rxjs';
import type { Item, ObjectItem } from '../core/item.js';
import type { JsonObject } from '../core/json.js';
import {
  dropInvalidPropertyNames,
  renameProperties,
} from './validation/custom-properties.js';
import { decodeProblems } from './validation/decode-problems.js';
import { isCleanTree } from './validation/clean-tree.js';
import { cleanExternalReferences } from './validation/external-references.js';
import { Findings } from './validation/findings.js';
import { stripForbiddenKeys } from './validation/forbidden-keys.js';
import { checkIdentifier } from './validation/identifier.js';
import { shapeOf, type ObjectShape } from './validation/object-shape.js';
import { checkReferences } from './validation/references.js';
import { applyRoleRules } from './validation/role-rules.js';
import { applySpecVersion } from './validation/spec-version.js';
import { normaliseTimestamps } from './validation/timestamp-properties.js';
import { checkUnicode } from './validation/unicode.js';
import {
  resolveValidateOptions,
  type ResolvedValidateOptions,
  type ValidateOptions,
} from './validation/validate-options.js';

const resolved = new WeakMap<ValidateOptions, ResolvedValidateOptions>();

function resolveOnce(options: ValidateOptions): ResolvedValidateOptions {
  let found = resolved.get(options);
  if (found === undefined) {
    found = resolveValidateOptions(options);
    resolved.set(options, found);
  }
  return found;
}

/**
 * Validates one STIX 2.1 object and repairs it losslessly. Returns zero or
 * more `note` items (warnings, counted fixes, dropped parts with their
 * original value) followed by exactly one item: the object (the same item
 * when nothing changed, else a repaired copy; values are kept exactly as
 * written) or a `rejected` item carrying every error found and the object as
 * read. Options are resolved once per options object; a bad option throws.
 *
 * @example
 * const items = validateRecord(objectItem(record), { role: 'sectors' });
 * const outcome = items[items.length - 1]; // kind 'object' or 'rejected'
 * const notes = items.slice(0, -1); // warnings, fixes, dropped parts
 */
export function validateRecord(item: ObjectItem, options: ValidateOptions = {}): Item[] {
  if (item.record.validatedUnder === options) return [item];
  const settings = resolveOnce(options);
  const findings = new Findings(item);

  let object = item.record.object;
  if (!isCleanTree(object)) {
    object = stripForbiddenKeys(object, findings);
    checkUnicode(object, findings);
  }
  object = applySpecVersion(object, findings, settings.strict);
  const shape = shapeOf(object.type);
  object = renameProperties(object, settings.renames, findings);
  object = dropInvalidPropertyNames(object, shape.properties, findings);
  object = normaliseTimestamps(object, findings, settings.assumeUtc);
  object = cleanExternalReferences(object, findings, settings.deriveSourceName);

  checkShape(object, shape, findings);
  object = applyRoleRules(object, settings.role ?? item.record.role, settings, findings);
  return findings.items(object);
}

/** The type's codec, then the rules no codec can say. */
function checkShape(object: JsonObject, shape: ObjectShape, findings: Findings): void {
  for (const p of decodeProblems(shape.codec, object)) {
    findings.reject(p.pointer, p.rule, p.value, p.message);
  }
  checkIdentifier(object, findings);
  checkReferences(object, findings);
  shape.check?.(object, findings);
}

/**
 * The validate operator: {@link validateRecord} on every `object` item;
 * other kinds pass through unchanged, in order. Options are resolved (and
 * checked) when the operator is built. Holds no state between items.
 */
export function validate(options: ValidateOptions = {}): OperatorFunction<Item, Item> {
  resolveOnce(options);
  // A loop rather than `concatMap` over arrays: the same order and the same
  // synchronous delivery, without an inner subscription per object.
  return (source) =>
    new Observable<Item>((subscriber) =>
      source.subscribe({
        next: (item) => {
          if (item.kind !== 'object') return subscriber.next(item);
          let out: Item[];
          try {
            out = validateRecord(item, options);
          } catch (error) {
            return subscriber.error(error);
          }
          for (const next of out) subscriber.next(next);
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => subscriber.complete(),
      }));
}
