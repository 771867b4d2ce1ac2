const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/**
 * A 32-bit FNV-1a hash of a JSON text's UTF-8 bytes, skipping whitespace
 * outside strings, so that a pretty-printed object and its compact form hash
 * the same. Takes the raw bytes (what a splitter sees in pass 1) or a string
 * (e.g. `serialize(object)` in pass 2); both give the same value for the same
 * bytes. Escapes are hashed as written: `"\u00e9"` and `"é"` differ.
 *
 * @example contentHash('{"a": 1}') === contentHash(Buffer.from('{"a":1}'))
 */
export function contentHash(json: string | Uint8Array): number {
  return typeof json === 'string' ? hashText(json) : hashBytes(json);
}

const isSpace = (code: number): boolean =>
  code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;

function hashBytes(bytes: Uint8Array): number {
  let hash = FNV_OFFSET;
  let inString = false;
  let escaped = false;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    if (inString) {
      if (escaped) escaped = false;
      else if (byte === 0x5c) escaped = true;
      else if (byte === 0x22) inString = false;
    } else if (isSpace(byte)) {
      continue;
    } else if (byte === 0x22) {
      inString = true;
    }
    hash = Math.imul(hash ^ byte, FNV_PRIME);
  }
  return hash >>> 0;
}

function hashText(text: string): number {
  let hash = FNV_OFFSET;
  let inString = false;
  let escaped = false;
  const mix = (byte: number): void => {
    hash = Math.imul(hash ^ byte, FNV_PRIME);
  };
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    if (inString) {
      if (escaped) escaped = false;
      else if (code === 0x5c) escaped = true;
      else if (code === 0x22) inString = false;
    } else if (isSpace(code)) {
      continue;
    } else if (code === 0x22) {
      inString = true;
    }
    if (code < 0x80) {
      mix(code);
      continue;
    }
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
        i++;
      }
    }
    if (code >= 0xd800 && code <= 0xdfff) code = 0xfffd; // lone surrogate, as TextEncoder
    utf8(code, mix);
  }
  return hash >>> 0;
}

function utf8(code: number, mix: (byte: number) => void): void {
  if (code < 0x800) {
    mix(0xc0 | (code >> 6));
  } else if (code < 0x10000) {
    mix(0xe0 | (code >> 12));
    mix(0x80 | ((code >> 6) & 0x3f));
  } else {
    mix(0xf0 | (code >> 18));
    mix(0x80 | ((code >> 12) & 0x3f));
    mix(0x80 | ((code >> 6) & 0x3f));
  }
  mix(0x80 | (code & 0x3f));
}
