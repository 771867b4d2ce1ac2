const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const ID_VALUE =
  /^\s*:\s*"([a-z][a-z0-9-]*--[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12})"/;

/**
 * The id of an object that could not be decoded (bad bytes, bad syntax), as
 * far as its text shows it: a `"id"` member of the outermost object whose
 * value looks like a STIX id, found by a walk that tracks strings and
 * nesting. `undefined` when the damage comes first or there is none. Only a
 * hint for the rejects file and messages, so that a person can find the
 * object. Read as latin1, which any bytes are, since an id is ASCII.
 */
export function idHint(bytes: Buffer): string | undefined {
  const text = bytes.toString('latin1');
  let depth = 0;
  for (let at = 0; at < text.length; at++) {
    const code = text.charCodeAt(at);
    if (code === QUOTE) {
      const end = stringEnd(text, at);
      if (end < 0) return undefined;
      if (depth === 1 && end === at + 3 && text.startsWith('id', at + 1)) {
        const value = ID_VALUE.exec(text.slice(end + 1, end + 120));
        if (value) return value[1];
      }
      at = end;
    } else if (code === 0x7b || code === 0x5b) depth++;
    else if (code === 0x7d || code === 0x5d) depth--;
  }
  return undefined;
}

/** Where the string opened at `start` closes, or -1. */
function stringEnd(text: string, start: number): number {
  for (let at = start + 1; at < text.length; at++) {
    const code = text.charCodeAt(at);
    if (code === BACKSLASH) at++;
    else if (code === QUOTE) return at;
  }
  return -1;
}
