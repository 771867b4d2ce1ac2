import type { ObjectItem } from './item.js';
import type { JsonObject } from './json.js';

/**
 * The JSON text an object was read with, kept on its record when
 * `JSON.stringify` of the object gives back that very text, so that writing
 * the object costs no serialization.
 *
 * It names the object it belongs to: a record copied with another object
 * (an edit) still carries it, but it no longer applies. This relies on the
 * rule every operator here follows: an object read from a source is never
 * changed in place. Only sources given `verdicts` set it.
 */
export interface Verbatim {
  readonly object: JsonObject;
  readonly text: string;
}

/** `JSON.stringify(record.object)`, when the record knows it without running it. */
export function verbatimText(record: {
  readonly object: JsonObject;
  readonly verbatim?: Verbatim;
}): string | undefined {
  const verbatim = record.verbatim;
  return verbatim !== undefined && verbatim.object === record.object ? verbatim.text : undefined;
}

/**
 * The verbatim text of `rest`, a copy of `record.object` without its
 * top-level member `key`: the record's text with that member cut out, when
 * the record has a text and the member's value is a string.
 */
export function verbatimWithout(
  record: { readonly object: JsonObject; readonly verbatim?: Verbatim },
  rest: JsonObject,
  key: string,
): Verbatim | undefined {
  const text = verbatimText(record);
  const value = record.object[key];
  if (text === undefined || typeof value !== 'string') return undefined;
  const member = `${JSON.stringify(key)}:${JSON.stringify(value)}`;
  const at = topLevelIndexOf(text, member);
  if (at < 0) return undefined;
  const end = at + member.length;
  let cut: string;
  if (text.charCodeAt(end) === COMMA) cut = text.slice(0, at) + text.slice(end + 1);
  else if (text.charCodeAt(at - 1) === COMMA) cut = text.slice(0, at - 1) + text.slice(end);
  else if (at === 1 && end === text.length - 1) cut = '{}';
  else return undefined; // not compact after all: serialize instead
  return { object: rest, text: cut };
}

/** The item with no verbatim text (the same item when it has none). */
export function withoutVerbatim(item: ObjectItem): ObjectItem {
  return item.record.verbatim === undefined
    ? item
    : { kind: 'object', record: { ...item.record, verbatim: undefined } };
}

const COMMA = 0x2c;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Where `member` starts as a member of the outermost object of `text`
 * (compact JSON, as `JSON.stringify` writes it), or -1. A match inside a
 * string or a nested object is skipped.
 */
function topLevelIndexOf(text: string, member: string): number {
  let depth = 0;
  let inString = false;
  let scanned = 0;
  for (let at = text.indexOf(member); at >= 0; at = text.indexOf(member, at + 1)) {
    // Walk from where the last walk stopped to `at`, tracking strings and depth.
    for (; scanned < at; scanned++) {
      const code = text.charCodeAt(scanned);
      if (inString) {
        if (code === BACKSLASH) scanned++;
        else if (code === QUOTE) inString = false;
      } else if (code === QUOTE) inString = true;
      else if (code === 0x7b || code === 0x5b) depth++;
      else if (code === 0x7d || code === 0x5d) depth--;
    }
    const startsMember = text.charCodeAt(at - 1) === COMMA || text.charCodeAt(at - 1) === 0x7b;
    if (!inString && depth === 1 && startsMember && scanned === at) return at;
  }
  return -1;
}
