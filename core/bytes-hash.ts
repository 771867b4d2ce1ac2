const SEED_A = 0x9e3779b9;
const SEED_B = 0x41c6ce57;
const MUL_A = 0x85ebca6b;
const MUL_B = 0xc2b2ae35;

/**
 * A streaming 53-bit hash over bytes fed in any number of pieces: the value
 * depends only on the bytes in order, never on how they were cut. Two
 * 32-bit lanes mix one little-endian word at a time.
 */
export class HashState {
  private a = SEED_A;
  private b = SEED_B;
  private word = 0; // bytes not yet mixed, low byte first
  private pending = 0; // how many (0..3)

  /** Starts over. */
  reset(): void {
    this.a = SEED_A;
    this.b = SEED_B;
    this.word = 0;
    this.pending = 0;
  }

  /** Mixes one byte. */
  byte(c: number): void {
    this.word |= c << (this.pending << 3);
    if (++this.pending === 4) this.flush();
  }

  /** Mixes `bytes[from..to)`. */
  range(bytes: Uint8Array, from: number, to: number): void {
    let k = from;
    while (this.pending !== 0 && k < to) this.byte(bytes[k++]);
    let a = this.a;
    let b = this.b;
    for (; k + 3 < to; k += 4) {
      const w = bytes[k] | (bytes[k + 1] << 8) | (bytes[k + 2] << 16) | (bytes[k + 3] << 24);
      a = Math.imul(a ^ w, MUL_A);
      a ^= a >>> 15;
      b = Math.imul(b ^ w, MUL_B);
      b ^= b >>> 13;
    }
    this.a = a;
    this.b = b;
    while (k < to) this.byte(bytes[k++]);
  }

  /** The hash of everything mixed so far (a safe integer). */
  finish(): number {
    let a = Math.imul(this.a ^ this.word ^ this.pending, MUL_A);
    let b = Math.imul(this.b ^ this.word ^ (this.pending << 8), MUL_B);
    a = Math.imul(a ^ (a >>> 16), 0x27d4eb2f);
    b = Math.imul(b ^ (b >>> 16), 0x165667b1);
    a ^= Math.imul(b ^ (b >>> 13), MUL_B);
    b ^= Math.imul(a ^ (a >>> 13), MUL_A);
    return 0x100000000 * (b & 0x1fffff) + (a >>> 0);
  }

  private flush(): void {
    const w = this.word;
    this.a = Math.imul(this.a ^ w, MUL_A);
    this.a ^= this.a >>> 15;
    this.b = Math.imul(this.b ^ w, MUL_B);
    this.b ^= this.b >>> 13;
    this.word = 0;
    this.pending = 0;
  }
}

const isSpace = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

/**
 * A 53-bit hash of a JSON text's bytes that skips whitespace outside
 * strings, so that a pretty-printed object and its compact copy hash alike;
 * the value the splitter computes while it scans (`summary.hash`). Escapes
 * count as written: `"\u00e9"` and `"é"` differ.
 *
 * @example bytesHash(Buffer.from('{"a": 1}')) === bytesHash(Buffer.from('{"a":1}'))
 */
export function bytesHash(text: Uint8Array): number {
  const state = new HashState();
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c !== 0x22) {
      if (!isSpace(c)) state.byte(c);
      i++;
      continue;
    }
    let j = i + 1;
    while (j < text.length && text[j] !== 0x22) j += text[j] === 0x5c ? 2 : 1;
    const end = Math.min(j + 1, text.length);
    state.range(text, i, end);
    i = end;
  }
  return state.finish();
}
