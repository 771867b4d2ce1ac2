/** The top-level keys the splitter reads without parsing (`objects` only
 * matters while `auto` decides whether the input is a bundle). */
export const FIELD_NAMES = ['id', 'type', 'modified', 'created_by_ref', 'objects'] as const;
export type Field = 0 | 1 | 2 | 3 | 4;
export const ID: Field = 0;
export const TYPE: Field = 1;
export const MODIFIED: Field = 2;
export const CREATED_BY_REF: Field = 3;
export const OBJECTS: Field = 4;

/** The field whose name has this many bytes, or -1 (all lengths differ);
 * a dense typed array, so that a lookup past its end is cheap. */
export const FIELD_OF_LENGTH: Int8Array = (() => {
  const table = new Int8Array(32).fill(-1);
  FIELD_NAMES.forEach((name, field) => {
    table[name.length] = field;
  });
  return table;
})();

export const FIELD_BYTES: readonly Buffer[] =
  FIELD_NAMES.map((name) => Buffer.from(name, 'latin1'));

export const BUNDLE_BYTES = Buffer.from('bundle', 'latin1');

/**
 * Bytes `from`..`to` (absolute offsets) of an element that started at
 * `start` and is kept as `parts` (covering `start`..`base`) followed by the
 * chunk `buf` (starting at `base`).
 */
export function rangeOf(
  parts: readonly Buffer[], start: number, buf: Buffer, base: number, from: number, to: number,
): Buffer {
  if (from >= base) return buf.subarray(from - base, to - base);
  const pieces: Buffer[] = [];
  let at = start;
  for (const part of parts) {
    const partEnd = at + part.length;
    if (partEnd > from && at < to) {
      pieces.push(part.subarray(Math.max(from - at, 0), Math.min(to - at, part.length)));
    }
    at = partEnd;
  }
  if (to > base) pieces.push(buf.subarray(0, to - base));
  return pieces.length === 1 ? pieces[0] : Buffer.concat(pieces);
}

/** The value of a JSON string from the raw bytes between its quotes
 * (`from`..`to` of `bytes`, the whole of it by default). */
export function stringOf(bytes: Buffer, from = 0, to = bytes.length): string {
  const text = bytes.toString('utf8', from, to);
  if (!text.includes('\\')) return text;
  try {
    return JSON.parse(`"${text}"`) as string;
  } catch {
    return text;
  }
}

/** `/name` with `~` and `/` escaped (RFC 6901). */
export function jsonPointerOf(key: string): string {
  return `/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

/** A UTF-16 or UTF-32 input, told by its byte order mark or its NUL bytes. */
export function encodingOfHead(head: Buffer): 'UTF-16' | 'UTF-32' | undefined {
  const [a, b, c, d] = head;
  if (a === 0x00 && b === 0x00 && c === 0xfe && d === 0xff) return 'UTF-32';
  if (a === 0xff && b === 0xfe) return c === 0x00 && d === 0x00 ? 'UTF-32' : 'UTF-16';
  if (a === 0xfe && b === 0xff) return 'UTF-16';
  // Without a mark, JSON text starts with an ASCII character (RFC 4627 §3):
  // its NUL bytes say the encoding; other bytes are not JSON at all.
  if (a === 0 && b === 0 && c === 0 && isJsonStart(d)) return 'UTF-32';
  if (isJsonStart(a) && b === 0 && c === 0 && d === 0) return 'UTF-32';
  if ((a === 0 && isJsonStart(b)) || (isJsonStart(a) && b === 0)) return 'UTF-16';
  return undefined;
}

/** A byte that can open JSON text: a bracket, a quote, whitespace, a digit,
 * a minus sign, or the first letter of true, false or null. */
const isJsonStart = (c: number | undefined): boolean =>
  c !== undefined && (c === 0x7b || c === 0x5b || c === 0x22 || c === 0x20 || c === 0x09 ||
    c === 0x0a || c === 0x0d || c === 0x2d || (c >= 0x30 && c <= 0x39) || c === 0x74 ||
    c === 0x66 || c === 0x6e);
