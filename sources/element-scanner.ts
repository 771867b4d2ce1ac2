import { HashState } from '../core/bytes-hash.js';
import {
  BUNDLE_BYTES, FIELD_BYTES, FIELD_NAMES, FIELD_OF_LENGTH, ID, jsonPointerOf, OBJECTS, rangeOf,
  stringOf, TYPE, type Field,
} from './split-helpers.js';
import type { SplitterOptions } from './split-event.js';

// Results of scanElement besides an end position; GO_ON from its helpers.
export const NEED_MORE = -1;
const GO_ON = -1;
export const SWITCHED = -2;
export const FAILED_HERE = -3;

// Roles of the string being scanned inside an element.
const ROLE_NONE = 0;
const ROLE_KEY = 1;
const ROLE_FIELD = 2;

// Why an element is no longer kept.
export const SKIP_NONE = 0;
export const SKIP_OVERSIZE = 1;
const SKIP_DEPTH = 2;

export const EMPTY = Buffer.alloc(0);
const PREFIX_BYTES = 800;

/**
 * The hot half of the {@link ObjectSplitter}: scans one element (an object
 * of `objects`, an NDJSON line, or a bundle value being skipped) across
 * chunks. It tracks strings, escapes, bracket depth, the top-level keys it
 * must report, numbers that would not survive `Number`, the content hash,
 * and the size and depth limits. Short strings are walked inline; longer
 * ones are crossed with `indexOf`.
 */
export abstract class ElementScanner {
  protected base = 0; // absolute offset of the chunk being scanned
  protected line = 1;
  protected lineStart = 0;

  protected skipValue = false; // a bundle value other than `objects`
  protected lineMode = false; // NDJSON: the line's end ends the element
  protected undecided = false; // `auto`: bundle or NDJSON, not known yet
  protected scalar = false;
  protected keep = false; // the element's bytes are kept
  protected hashing = false;
  protected elStart = 0;
  protected elLine = 1;
  protected parts: Buffer[] = []; // kept bytes of earlier chunks
  protected capPos = 0; // the first absolute offset past maxObjectBytes
  protected depth = 0;
  protected kinds = new Uint8Array(128); // 1 for `{`, 0 for `[`, per depth
  protected inString = false;
  protected escapePending = false;
  protected stringStart = 0;
  protected role = ROLE_NONE;
  protected inNumber = false;
  protected numberCarry = '';
  protected exact = false;
  // Whether the element is written as `JSON.stringify` writes (see `compact`
  // in `ObjectSlice`), and its members so far (colons outside strings).
  protected compact = true;
  protected members = 0;
  // The next backslash at or after a position in `backslashChunk`, found
  // once per chunk and stretch, so that strings need not search far each.
  private backslashChunk: Buffer = EMPTY;
  private nextBackslash = -1;
  protected objectAtTop = false;
  protected expectKey = false;
  protected pendingField: Field | -1 = -1;
  protected lastKeyStart = -1;
  protected lastKeyEnd = -1;
  protected readonly fieldStart = new Int32Array(FIELD_NAMES.length);
  protected readonly fieldEnd = new Int32Array(FIELD_NAMES.length);
  protected skip = SKIP_NONE;
  protected skipPointer = '';
  protected skipId: string | undefined;
  protected skipPrefix = '';
  protected readonly hash = new HashState();

  constructor(readonly options: SplitterOptions) {}

  /** An `auto` input turned out to be a bundle: at its `objects` array
   * (`atObjects`) or after its `type`; go on at `resumeAt`. */
  protected abstract becomeBundle(atObjects: boolean, resumeAt: number): void;

  /** A fatal syntax error at `i` of the current chunk. */
  protected abstract unexpected(i: number, c: number, expected: string): false;

  /** Starts an element at `i` (relative to the chunk at `base`). */
  protected startElement(i: number, c: number, skipValue: boolean, lineMode: boolean): void {
    this.skipValue = skipValue;
    this.lineMode = lineMode;
    this.scalar = c !== 0x7b && c !== 0x5b && c !== 0x22 && !lineMode;
    this.keep = !skipValue;
    this.hashing = this.keep && (this.options.hash || this.options.summarize);
    this.elStart = this.base + i;
    this.elLine = this.line;
    if (this.parts.length > 0) this.parts = [];
    this.capPos = this.elStart + this.options.maxObjectBytes;
    this.depth = 0;
    this.inString = false;
    this.escapePending = false;
    this.inNumber = false;
    this.exact = false;
    this.compact = true;
    this.members = 0;
    this.objectAtTop = false;
    this.expectKey = false;
    this.pendingField = -1;
    this.lastKeyStart = -1;
    this.fieldStart.fill(-1);
    this.skip = SKIP_NONE;
    if (this.hashing) this.hash.reset();
  }

  // Known limitation: lines are counted outside strings only (strings are
  // crossed with indexOf). Valid JSON has no raw newline in a string, so
  // this is exact for valid input; after an invalid raw newline, the line
  // and column of a later fatal error are off (the byte offset never is).
  protected newLine(i: number): void {
    this.line++;
    this.lineStart = this.base + i + 1;
  }

  /**
   * Scans an element from `i` up to `limit`. Returns the position after its
   * last byte, or NEED_MORE at the limit, SWITCHED when an `auto` input
   * turned out to be a bundle (go on at `resumeAt`), or FAILED_HERE.
   * The hot loop: short strings are walked inline, the rest of the work is
   * done by helpers only for top-level strings, brackets and numbers.
   */
  protected scanElement(buf: Buffer, i: number, limit: number): number {
    if (this.inString) {
      const pending = this.escapePending;
      const close = this.scanString(buf, i, limit);
      if (this.compact) this.checkEscapes(buf, i, close < 0 ? limit : close, pending);
      this.mixRange(buf, i, close < 0 ? limit : close + 1);
      if (close < 0) return NEED_MORE;
      this.inString = false;
      const result = this.closeString(buf, this.stringStart - this.base, close, this.role);
      if (result !== GO_ON) return result;
      i = close + 1;
    } else if (this.inNumber) {
      i = this.continueNumber(buf, i, limit);
      if (i < 0) return NEED_MORE;
    }
    if (this.scalar) return this.scanScalar(buf, i, limit);
    const lineMode = this.lineMode;
    const hashing = this.hashing;
    let depth = this.depth;
    while (i < limit) {
      const c = buf[i];
      if (c === 0x22) {
        let j = i + 1;
        const walkEnd = j + 64 < limit ? j + 64 : limit;
        let d = 0;
        while (j < walkEnd) {
          d = buf[j];
          if (d === 0x22 || d === 0x5c) break;
          j++;
        }
        const role = depth === 1 ? this.roleNow() : ROLE_NONE;
        let close = j;
        if (j === walkEnd || d === 0x5c) {
          close = this.scanString(buf, j, limit);
          if (close < 0) {
            if (this.compact) this.checkEscapes(buf, j, limit, false);
            this.depth = depth;
            this.inString = true;
            this.stringStart = this.base + i;
            this.role = role;
            this.mixRange(buf, i, limit);
            return NEED_MORE;
          }
        }
        if (close > j && this.compact) this.checkEscapes(buf, j, close, false);
        if (hashing) this.mixRange(buf, i, close + 1);
        if (depth === 0 && !lineMode) return close + 1;
        if (role !== ROLE_NONE) {
          this.depth = depth;
          const result = this.closeString(buf, i, close, role);
          if (result !== GO_ON) return result;
        }
        i = close + 1;
        continue;
      }
      if (c <= 0x20) {
        if (c === 0x0a) this.newLine(i);
        if (depth > 0) this.compact = false;
        i++;
        continue;
      }
      if (hashing) this.hash.byte(c);
      if (c === 0x2c) {
        if (depth === 1) {
          this.expectKey = this.objectAtTop;
          this.pendingField = -1;
        }
      } else if (c === 0x3a) {
        this.members++;
        if (depth === 1) this.expectKey = false;
      } else if (c === 0x7b || c === 0x5b) {
        depth++;
        if (depth >= this.kinds.length) this.growKinds();
        this.kinds[depth] = c === 0x7b ? 1 : 0;
        if (depth <= 2 || depth > this.options.maxDepth) {
          this.depth = depth;
          const result = this.opened(buf, i, c);
          if (result !== GO_ON) return result;
        }
      } else if (c === 0x7d || c === 0x5d) {
        if (depth > 0) {
          if ((c === 0x7d) === (this.kinds[depth] === 1)) depth--;
          else if (!lineMode) {
            this.depth = depth;
            return this.mismatch(i, c);
          }
          if (depth === 0 && !lineMode) {
            this.depth = 0;
            return i + 1;
          }
        }
      } else if ((c === 0x2d || (c >= 0x30 && c <= 0x39)) && this.keep && !this.exact) {
        i = this.scanNumber(buf, i, limit);
        if (i < 0) {
          this.depth = depth;
          return NEED_MORE;
        }
        continue;
      }
      i++;
    }
    this.depth = depth;
    return NEED_MORE;
  }

  // The bracket kinds take one byte per level of nesting, also inside
  // values that are skipped (other bundle keys, elements past maxDepth).
  protected growKinds(): void {
    const grown = new Uint8Array(this.kinds.length * 2);
    grown.set(this.kinds);
    this.kinds = grown;
  }

  /** After `{` or `[` at depth 1, 2 or past `maxDepth` (in `this.depth`). */
  protected opened(buf: Buffer, i: number, c: number): number {
    const depth = this.depth;
    if (depth === 1) {
      this.objectAtTop = c === 0x7b;
      this.expectKey = this.objectAtTop;
    } else if (depth === 2 && this.undecided && c === 0x5b && this.pendingField === OBJECTS) {
      this.becomeBundle(true, i + 1);
      return SWITCHED;
    } else if (depth > this.options.maxDepth && this.keep) {
      this.startSkip(buf, SKIP_DEPTH, this.base + i);
    }
    return GO_ON;
  }

  protected mismatch(i: number, c: number): number {
    const opened = this.kinds[this.depth] === 1 ? '{' : '[';
    this.unexpected(i, c, `the close of ${opened} (brackets do not match)`);
    return FAILED_HERE;
  }

  /** A top-level number, `true`, `false` or `null` element: up to a delimiter. */
  protected scanScalar(buf: Buffer, i: number, limit: number): number {
    while (i < limit) {
      const c = buf[i];
      if (c === 0x2c || c === 0x5d || c === 0x7d || c <= 0x20) return i;
      if (this.hashing) this.hash.byte(c);
      i++;
    }
    return NEED_MORE;
  }

  /** The role of a string that opens at depth 1 now. */
  protected roleNow(): number {
    if (!this.objectAtTop || !this.keep) return ROLE_NONE;
    if (this.expectKey) return ROLE_KEY;
    return this.pendingField >= 0 ? ROLE_FIELD : ROLE_NONE;
  }

  /**
   * From `i` inside a string, the position of its closing quote, or -1 at
   * `limit` (then `escapePending` says whether a backslash is still open).
   * Short stretches are walked; longer ones jump from quote to quote with
   * `indexOf` and count the backslashes before each.
   */
  protected scanString(buf: Buffer, i: number, limit: number): number {
    let j = i;
    if (this.escapePending) {
      if (j >= limit) return -1;
      j++;
      this.escapePending = false;
    }
    const walkEnd = Math.min(limit, j + 24);
    while (j < walkEnd) {
      const c = buf[j];
      if (c === 0x22) return j;
      j += c === 0x5c ? 2 : 1;
    }
    if (j >= limit) {
      this.escapePending = j > limit;
      return -1;
    }
    let from = j;
    for (;;) {
      const quote = buf.indexOf(0x22, j);
      const stop = quote < 0 || quote >= limit ? limit : quote;
      let k = stop - 1;
      while (k >= from && buf[k] === 0x5c) k--;
      const escaped = ((stop - 1 - k) & 1) === 1;
      if (stop === limit) {
        this.escapePending = escaped;
        return -1;
      }
      if (!escaped) return quote;
      j = quote + 1;
      from = j;
    }
  }

  /**
   * Clears `compact` unless the string bytes `[from, to)` hold only the
   * escapes `JSON.stringify` writes for a character it must escape: `\"`,
   * `\\`, `\n`, `\r`, `\t`, `\b`, `\f`. A `\u` escape is taken as not
   * plain, though `JSON.stringify` writes some (control characters): that
   * only costs such an object a serialization later. `pending`: the chunk
   * before ended on a backslash, whose character is the first here. A
   * backslash on the last byte is left to the next chunk.
   */
  private checkEscapes(buf: Buffer, from: number, to: number, pending: boolean): void {
    if (pending) {
      if (from < to && !isPlainEscape(buf[from])) this.compact = false;
      from += 1;
    }
    let at = this.nextBackslash;
    if (this.backslashChunk !== buf || at < from) {
      this.backslashChunk = buf;
      at = buf.indexOf(0x5c, from);
      if (at < 0) at = buf.length;
    }
    while (at + 1 < to) {
      if (!isPlainEscape(buf[at + 1])) {
        this.compact = false;
        break;
      }
      at = buf.indexOf(0x5c, at + 2);
      if (at < 0) at = buf.length;
    }
    this.nextBackslash = at;
  }

  protected mixRange(buf: Buffer, from: number, to: number): void {
    if (this.hashing) this.hash.range(buf, from, to);
  }

  /**
   * After a string's closing quote; `open` is its opening quote relative to
   * `buf` (negative when it opened in an earlier chunk). Notes top-level keys
   * and fields. Returns the element's end for a top-level string, SWITCHED,
   * or GO_ON. Keys and fields that close past the size cap are not noted, so
   * that what an oversize report names does not depend on the chunking.
   */
  protected closeString(buf: Buffer, open: number, quote: number, role: number): number {
    if (this.depth === 0 && !this.lineMode) return quote + 1;
    const end = this.base + quote;
    if (role === ROLE_NONE || end >= this.capPos) return GO_ON;
    const start = this.base + open + 1;
    if (role === ROLE_KEY) {
      this.lastKeyStart = start;
      this.lastKeyEnd = end;
      const length = end - start;
      const field = length < 32 ? FIELD_OF_LENGTH[length] : -1;
      this.pendingField = field >= 0 && this.sameBytes(buf, start, FIELD_BYTES[field])
        ? field as Field
        : -1;
      return GO_ON;
    }
    const field = this.pendingField as Field;
    this.pendingField = -1;
    this.fieldStart[field] = start - this.elStart;
    this.fieldEnd[field] = end - this.elStart;
    if (field === TYPE && this.undecided) {
      if (end - start === BUNDLE_BYTES.length && this.sameBytes(buf, start, BUNDLE_BYTES)) {
        this.becomeBundle(false, quote + 1);
        return SWITCHED;
      }
      this.undecided = false;
    }
    return GO_ON;
  }

  /** Whether the element's bytes from `start` (absolute) are `word`. */
  protected sameBytes(buf: Buffer, start: number, word: Buffer): boolean {
    if (start < this.base) return this.range(buf, start, start + word.length).equals(word);
    const at = start - this.base;
    for (let k = 0; k < word.length; k++) if (buf[at + k] !== word[k]) return false;
    return true;
  }

  /**
   * A number inside a kept element: does it survive `Number`? Integers of
   * up to 15 digits and decimals of up to 15 digits without a trailing zero
   * (and not below 1) always do; the rest is checked by printing it back.
   */
  protected scanNumber(buf: Buffer, i: number, limit: number): number {
    let j = i + 1;
    let dot = -1;
    let exponent = false;
    while (j < limit) {
      const d = buf[j];
      if (d >= 0x30 && d <= 0x39) j++;
      else if (d === 0x2e && dot < 0) dot = j++;
      else if (d === 0x2e || d === 0x65 || d === 0x45 || d === 0x2b || d === 0x2d) {
        exponent = true;
        j++;
      } else break;
    }
    this.mixRange(buf, i + 1, j);
    if (j === limit && limit === buf.length) {
      this.inNumber = true;
      this.numberCarry = buf.toString('latin1', i, j);
      return -1;
    }
    const sign = buf[i] === 0x2d ? 1 : 0;
    const digits = j - i - sign - (dot < 0 ? 0 : 1);
    const safe = !exponent && digits <= 15 && buf[i + sign] !== 0x30 &&
      (dot < 0 || buf[j - 1] !== 0x30);
    if (!safe) this.checkNumber(buf.toString('latin1', i, j));
    return j;
  }

  protected continueNumber(buf: Buffer, i: number, limit: number): number {
    let j = i;
    while (j < limit) {
      const d = buf[j];
      if ((d >= 0x30 && d <= 0x39) || d === 0x2e || d === 0x65 || d === 0x45 ||
        d === 0x2b || d === 0x2d) j++;
      else break;
    }
    this.mixRange(buf, i, j);
    this.numberCarry += buf.toString('latin1', i, j);
    if (j === limit && limit === buf.length) return -1;
    this.inNumber = false;
    this.checkNumber(this.numberCarry);
    this.numberCarry = '';
    return j;
  }

  protected checkNumber(text: string): void {
    if (String(Number(text)) !== text) this.exact = true;
  }

  /** The chunk ended inside the element: keep its bytes, or give up on them. */
  protected carryElement(buf: Buffer): void {
    if (!this.keep) return;
    const end = this.base + buf.length;
    if (end - this.elStart > this.options.maxObjectBytes) {
      this.startSkip(buf, SKIP_OVERSIZE, end - 1);
      return;
    }
    const from = Math.max(this.elStart - this.base, 0);
    this.parts.push(from === 0 ? buf : buf.subarray(from));
  }

  /** Stops keeping the element; notes where and why. `at` is absolute. */
  protected startSkip(buf: Buffer, reason: number, at: number): void {
    const available = Math.min(at + 1, this.base + buf.length);
    this.skip = at - this.elStart + 1 > this.options.maxObjectBytes ? SKIP_OVERSIZE : reason;
    const key = this.lastKeyStart < 0
      ? undefined
      : this.range(buf, this.lastKeyStart, this.lastKeyEnd);
    this.skipPointer = key === undefined ? '' : jsonPointerOf(stringOf(key));
    const idStart = this.fieldStart[ID];
    this.skipId = idStart < 0
      ? undefined
      : stringOf(this.range(buf, this.elStart + idStart, this.elStart + this.fieldEnd[ID]));
    const prefix = this.range(buf, this.elStart, Math.min(this.elStart + PREFIX_BYTES, available));
    this.skipPrefix = prefix.toString('utf8').slice(0, 200);
    this.keep = false;
    this.hashing = false;
    this.undecided = false;
    this.parts = [];
  }

  protected range(buf: Buffer, from: number, to: number): Buffer {
    return rangeOf(this.parts, this.elStart, buf, this.base, from, to);
  }
}

/** `"`, `\\`, `n`, `r`, `t`, `b` or `f`: an escape `JSON.stringify` writes as read. */
const isPlainEscape = (c: number): boolean =>
  c === 0x22 || c === 0x5c || c === 0x6e || c === 0x72 || c === 0x74 || c === 0x62 || c === 0x66;
