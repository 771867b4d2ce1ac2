const isSpace = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const isHex = (c: number): boolean =>
  isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);

const VALUE = 0;
const VALUE_OR_END = 1; // after `[`
const KEY = 2; // after `,` in an object
const KEY_OR_END = 3; // after `{`
const COLON = 4;
const AFTER = 5; // after a value

/**
 * Where a JSON text stops being valid: the index of the first character
 * that cannot belong to it (`text.length` when it ends too early), or -1
 * when it is valid. Used only to place a syntax error that `JSON.parse`
 * reported without a position; iterative, so depth costs no stack.
 */
export function jsonErrorIndex(text: string): number {
  const n = text.length;
  const open: number[] = []; // 0x7d for an object, 0x5d for an array
  let state = VALUE;
  let i = 0;
  for (;;) {
    while (i < n && isSpace(text.charCodeAt(i))) i++;
    if (i >= n) return state === AFTER && open.length === 0 ? -1 : n;
    const c = text.charCodeAt(i);
    if (state === AFTER) {
      if (open.length === 0) return i;
      const close = open[open.length - 1];
      if (c === 0x2c) state = close === 0x7d ? KEY : VALUE;
      else if (c === close) open.pop();
      else return i;
      i++;
      continue;
    }
    if (state === COLON) {
      if (c !== 0x3a) return i;
      state = VALUE;
      i++;
      continue;
    }
    if (state === KEY || state === KEY_OR_END) {
      if (c === 0x7d && state === KEY_OR_END) {
        open.pop();
        state = AFTER;
        i++;
        continue;
      }
      if (c !== 0x22) return i;
      i = stringEnd(text, i + 1);
      if (i < 0) return -i - 1;
      state = COLON;
      continue;
    }
    if (c === 0x5d && state === VALUE_OR_END) {
      open.pop();
      state = AFTER;
      i++;
      continue;
    }
    if (c === 0x7b || c === 0x5b) {
      open.push(c === 0x7b ? 0x7d : 0x5d);
      state = c === 0x7b ? KEY_OR_END : VALUE_OR_END;
      i++;
      continue;
    }
    let end: number;
    if (c === 0x22) end = stringEnd(text, i + 1);
    else if (c === 0x2d || isDigit(c)) end = numberEnd(text, i);
    else end = literalEnd(text, i);
    if (end < 0) return -end - 1;
    i = end;
    state = AFTER;
  }
}

/** Index after the closing quote, or -(error index) - 1. */
function stringEnd(text: string, i: number): number {
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x22) return i + 1;
    if (c < 0x20) return -i - 1;
    if (c !== 0x5c) {
      i++;
      continue;
    }
    const e = text.charCodeAt(i + 1);
    if (e === 0x75) {
      for (let k = 2; k < 6; k++) {
        if (!isHex(text.charCodeAt(i + k))) return -Math.min(i + k, n) - 1;
      }
      i += 6;
    } else if ('"\\/bfnrt'.includes(text.charAt(i + 1)) && i + 1 < n) {
      i += 2;
    } else {
      return -Math.min(i + 1, n) - 1;
    }
  }
  return -n - 1;
}

function numberEnd(text: string, i: number): number {
  const digits = (from: number): number => {
    let k = from;
    while (isDigit(text.charCodeAt(k))) k++;
    return k;
  };
  if (text.charCodeAt(i) === 0x2d) i++;
  if (text.charCodeAt(i) === 0x30) i++;
  else if (isDigit(text.charCodeAt(i))) i = digits(i);
  else return -Math.min(i, text.length) - 1;
  if (text.charCodeAt(i) === 0x2e) {
    if (!isDigit(text.charCodeAt(i + 1))) return -Math.min(i + 1, text.length) - 1;
    i = digits(i + 1);
  }
  const e = text.charCodeAt(i);
  if (e === 0x65 || e === 0x45) {
    i++;
    const sign = text.charCodeAt(i);
    if (sign === 0x2b || sign === 0x2d) i++;
    if (!isDigit(text.charCodeAt(i))) return -Math.min(i, text.length) - 1;
    i = digits(i);
  }
  return i;
}

function literalEnd(text: string, i: number): number {
  const word = text.startsWith('t', i) ? 'true' : text.startsWith('f', i) ? 'false' : 'null';
  for (let k = 0; k < word.length; k++) {
    if (text.charCodeAt(i + k) !== word.charCodeAt(k)) return -Math.min(i + k, text.length) - 1;
  }
  return i + word.length;
}

/** `JSON.parse`'s message without the position and the quoted text, which
 * V8 gives whole (`, "…"`) or cut short (`, ..."…"`). */
export function jsonParseReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split(/, "|, \.\.\.|\n/)[0].replace(/ in JSON at position \d+.*$/, '');
}

/** The newlines in the first `end` bytes of `bytes`, and where the last of
 * them is (-1 when none): the line and column of byte `end` follow. */
export function newlinesBefore(bytes: Buffer, end: number): { count: number; last: number } {
  let count = 0;
  let last = -1;
  for (let at = bytes.indexOf(0x0a); at >= 0 && at < end; at = bytes.indexOf(0x0a, at + 1)) {
    count++;
    last = at;
  }
  return { count, last };
}
