import type { JsonObject } from '../../core/json.js';
import type { Findings } from './findings.js';
import { refinedString } from './string-codecs.js';

// `([a-z][a-z0-9]*)+` in the STIX schema, without its nested quantifier.
const TYPE = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*-?$/;
/**
 * The version (1 to 8) of the UUID that fills `text` from `at` to its end,
 * or 0 when it is not one: `8-4-4-4-12` hex digits (either case), RFC 4122
 * variant (`8`, `9`, `a`, `b`), versions 1 to 8 (RFC 9562 added 6 to 8).
 * Read with `charCodeAt`: ids are checked several times per object.
 */
function uuidVersion(text: string, at: number): number {
  if (text.length - at !== 36) return 0;
  for (let i = 0; i < 36; i++) {
    const c = text.charCodeAt(at + i);
    const ok = i === 8 || i === 13 || i === 18 || i === 23 ? c === 0x2d : isHex(c);
    if (!ok) return 0;
  }
  const version = text.charCodeAt(at + 14) - 48;
  const variant = text.charCodeAt(at + 19) | 0x20; // lowercase
  const rfc4122 = variant === 0x38 || variant === 0x39 || variant === 0x61 || variant === 0x62;
  return version >= 1 && version <= 8 && rfc4122 ? version : 0;
}

const isHex = (c: number): boolean =>
  (c >= 48 && c <= 57) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66);

/** True for a STIX type name: lowercase ASCII words joined by `-`, 3 to 250
 * characters. */
export const isStixType = (text: string): boolean =>
  text.length >= 3 && text.length <= 250 && TYPE.test(text);

type ParsedIdentifier = { readonly type: string; readonly version: number };

// The same ids come back in every object (the author, the markings): up to
// 512 short texts parsed are remembered; the memo is emptied when full.
const recent = new Map<string, ParsedIdentifier | undefined>();
const RECENT_LIMIT = 512;

/** The type prefix and UUID version of `<type>--<UUID>`, or `undefined`. */
export function parseIdentifier(text: string): ParsedIdentifier | undefined {
  const known = recent.get(text);
  if (known !== undefined || recent.has(text)) return known;
  const cut = text.lastIndexOf('--');
  const type = text.slice(0, Math.max(cut, 0));
  const version = cut < 0 ? 0 : uuidVersion(text, cut + 2);
  const parsed = version === 0 || !isStixType(type) ? undefined : { type, version };

  if (text.length > 300) return parsed;
  if (recent.size >= RECENT_LIMIT) recent.clear();
  recent.set(text, parsed);
  return parsed;
}

const quote = (u: unknown): string => JSON.stringify(u) ?? 'undefined';

/** Whether `text` is `<type>--<UUID>`, as `parseIdentifier` says, without
 * allocating: the codecs ask it of every id and ref, mostly distinct. */
function isIdentifier(text: string): boolean {
  const cut = text.lastIndexOf('--');
  if (cut < 3 || cut > 250 || uuidVersion(text, cut + 2) === 0) return false;
  return isTypeName(text, cut);
}

/** `TYPE` over `text[0..end)`, with `charCodeAt`. */
function isTypeName(text: string, end: number): boolean {
  let previous = 0x2d;
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    const word = (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39 && i > 0);
    if (!word && !(c === 0x2d && previous !== 0x2d)) return false;
    previous = c;
  }
  return true;
}

/** A STIX type name (rule `type-format`). */
export const StixType = refinedString('StixType', isStixType, 'type-format',
  (u) => `type ${quote(u)} is not a STIX type name`);

/** An object's own `id` (rule `id-format`). */
export const Identifier = refinedString('Identifier', isIdentifier, 'id-format',
  (u) => `id ${quote(u)} is not <type>--<RFC 4122 UUID>`);

/** A reference to another object (rule `ref-format`). */
export const Reference = refinedString('Reference', isIdentifier, 'ref-format',
  (u) => `reference ${quote(u)} is not <type>--<RFC 4122 UUID>`);

/**
 * Rules on a well-formed `id` beyond its shape: the prefix must equal `type`
 * (`id-prefix`, rejects); a UUID version other than 4 (recommended) or 5
 * (the datasets' deterministic ids) is a warning (`id-uuid-version`). Ids
 * are never rewritten: that would break every reference to them.
 */
export function checkIdentifier(object: JsonObject, findings: Findings): void {
  const { id, type } = object;
  if (typeof id !== 'string') return;
  const parsed = parseIdentifier(id);
  if (parsed === undefined) return;

  if (typeof type === 'string' && isStixType(type) && parsed.type !== type) {
    const message = `id prefix "${parsed.type}" does not match type "${type}"`;
    findings.reject('/id', 'id-prefix', id, message);
  }
  if (parsed.version !== 4 && parsed.version !== 5) {
    const message = `id is a version ${parsed.version} UUID; STIX recommends version 4`;
    findings.warn('/id', 'id-uuid-version', id, message);
  }
}
