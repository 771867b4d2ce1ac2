const TYPE_NAME = /^[a-z][a-z0-9-]*[a-z0-9]$/;
const HEX = new Int8Array(128).fill(-1);
for (let digit = 0; digit < 16; digit++) HEX['0123456789abcdef'.charCodeAt(digit)] = digit;
// Type names checked lately, reused as the same strings: an input mixes a
// few types (a relationship's ends alternate), so most ids match one here.
const recentTypes: string[] = [];
const RECENT_TYPES = 8;

/** `<type>--<uuid>` split into its type name and the UUID's 16 bytes as four
 * 32-bit words, written into `words`; `undefined` when the id is not of that
 * form (the UUID must be lowercase hex, 8-4-4-4-12). Allocates only the type
 * name. */
export function parseStixId(id: string, words: Uint32Array): string | undefined {
  // The same ids come back within an object and from object to object (its
  // own id in dedupe and order, the author and markings in every object):
  // the last few answers are kept, replaced in "clock" order (an answer used
  // since the hand last passed is spared once).
  for (let slot = 0; slot < RECENT_IDS; slot++) {
    if (recentIds[slot] !== id) continue;
    used[slot] = 1;
    const result = recentResults[slot];
    if (result !== undefined) {
      for (let k = 0; k < 4; k++) words[k] = recentWords[slot * 4 + k];
    }
    return result;
  }
  const result = parseFresh(id, words);
  remember(id, result, words);
  return result;
}

const RECENT_IDS = 8;
const recentIds: Array<string | undefined> = new Array<string | undefined>(RECENT_IDS);
const recentResults: Array<string | undefined> = new Array<string | undefined>(RECENT_IDS);
const recentWords = new Uint32Array(4 * RECENT_IDS);
const used = new Uint8Array(RECENT_IDS);
let hand = 0;

function remember(id: string, result: string | undefined, words: Uint32Array): void {
  while (used[hand] === 1) {
    used[hand] = 0;
    hand = (hand + 1) % RECENT_IDS;
  }
  recentIds[hand] = id;
  recentResults[hand] = result;
  if (result !== undefined) {
    for (let k = 0; k < 4; k++) recentWords[hand * 4 + k] = words[k];
  }
  hand = (hand + 1) % RECENT_IDS;
}

function parseFresh(id: string, words: Uint32Array): string | undefined {
  const cut = id.indexOf('--');
  if (cut < 1 || id.length - cut - 2 !== 36) return undefined;
  const type = recentType(id, cut) ?? checkedType(id.slice(0, cut));
  return type !== undefined && parseUuid(id, cut + 2, words) ? type : undefined;
}

function recentType(id: string, cut: number): string | undefined {
  for (const type of recentTypes) if (type.length === cut && id.startsWith(type)) return type;
  return undefined;
}

function checkedType(type: string): string | undefined {
  if (!TYPE_NAME.test(type)) return undefined;
  if (recentTypes.length === RECENT_TYPES) recentTypes.shift();
  recentTypes.push(type);
  return type;
}

function parseUuid(text: string, at: number, words: Uint32Array): boolean {
  const dashes =
    text.charCodeAt(at + 8) === 0x2d && text.charCodeAt(at + 13) === 0x2d &&
    text.charCodeAt(at + 18) === 0x2d && text.charCodeAt(at + 23) === 0x2d;
  if (!dashes) return false;
  const w0 = hexRun(text, at, 8, 0);
  const w1 = hexRun(text, at + 14, 4, hexRun(text, at + 9, 4, 0));
  const w2 = hexRun(text, at + 24, 4, hexRun(text, at + 19, 4, 0));
  const w3 = hexRun(text, at + 28, 8, 0);
  if (w0 < 0 || w1 < 0 || w2 < 0 || w3 < 0) return false;
  words[0] = w0;
  words[1] = w1;
  words[2] = w2;
  words[3] = w3;
  return true;
}

/** `value` followed by `length` hex digits read from `at`, or -1. */
function hexRun(text: string, at: number, length: number, value: number): number {
  if (value < 0) return -1;
  for (let i = at; i < at + length; i++) {
    const code = text.charCodeAt(i);
    const nibble = code < 128 ? HEX[code] : -1;
    if (nibble < 0) return -1;
    value = value * 16 + nibble;
  }
  return value;
}

/** The 8-4-4-4-12 lowercase text of a UUID stored as four words from
 * `offset` in `words`. */
export function formatUuid(words: Uint32Array, offset: number): string {
  const hex =
    hex8(words[offset]) + hex8(words[offset + 1]) +
    hex8(words[offset + 2]) + hex8(words[offset + 3]);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-` +
    `${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const hex8 = (word: number): string => word.toString(16).padStart(8, '0');
