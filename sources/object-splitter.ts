import { HashState } from './bytes-hash.js';
import {
  BUNDLE_BYTES, CREATED_BY_REF, encodingOfHead, FIELD_BYTES, FIELD_NAMES, FIELD_OF_LENGTH, ID,
  jsonPointerOf, MODIFIED, OBJECTS, rangeOf, stringOf, TYPE, type Field,
} from './split-helpers.js';
import {
  resolveSplitterOptions, type SplitEvent, type SplitFormat, type SplitterOptions,
} from './split-event.js';
import {
  EncodingError, JsonSyntaxError, TruncatedInputError, type LastComplete, type SyntaxPosition,
} from './source-error.js';

// Where the splitter stands outside of an element.
const START = 0;
const BUNDLE_OPEN = 1; // after `{`: a key or `}`
const BUNDLE_KEY = 2; // after `,`: a key
const BUNDLE_IN_KEY = 3;
const BUNDLE_COLON = 4;
const BUNDLE_VALUE = 5;
const BUNDLE_NEXT = 6; // `,` or `}`
const ARRAY_OPEN = 7; // after `[`: an element or `]`
const ARRAY_ELEMENT = 8; // after `,`
const ARRAY_NEXT = 9; // `,` or `]`
const LINES = 10; // NDJSON, between lines
const DONE = 11;
const IN_ELEMENT = 12;
const FAILED = 13;

// Results of scanElement besides an end position; GO_ON from its helpers.
const NEED_MORE = -1;
const GO_ON = -1;
const SWITCHED = -2;
const FAILED_HERE = -3;

// Roles of the string being scanned inside an element.
const ROLE_NONE = 0;
const ROLE_KEY = 1;
const ROLE_FIELD = 2;

const SKIP_NONE = 0;
const SKIP_OVERSIZE = 1;
const SKIP_DEPTH = 2;

const EMPTY = Buffer.alloc(0);

/** `{ [ " - 0-9 t f n`: the bytes a JSON value can start with. */
const isValueStart = (c: number): boolean =>
  c === 0x7b || c === 0x5b || c === 0x22 || c === 0x2d || (c >= 0x30 && c <= 0x39) ||
  c === 0x74 || c === 0x66 || c === 0x6e;
const PREFIX_BYTES = 800;

/**
 * Finds the elements of a bundle's `objects` array (or of a top-level
 * array, or the lines of NDJSON) in a stream of byte chunks, and hands each
 * one's bytes over for `JSON.parse`. It tracks only strings, escapes and
 * bracket depth, jumping through strings with `indexOf`; the value of any
 * other bundle key is skipped without being kept. The events do not depend
 * on how the input is cut into chunks.
 *
 * Memory: the element being read (at most `maxObjectBytes` plus one chunk);
 * a larger element is reported as `oversize` and scanned to its end without
 * keeping its bytes. A syntax error inside an element is left to the decoder
 * (the element is rejected, the rest flows); broken structure between
 * elements, mismatched brackets and a cut input are fatal (the last event).
 *
 * @example
 * const splitter = new ObjectSplitter({ source: 'a.json' });
 * for await (const chunk of stream) handle(splitter.push(chunk));
 * handle(splitter.end());
 */
export class ObjectSplitter {
  readonly options: SplitterOptions;
  private format: SplitFormat;
  private events: SplitEvent[] = [];
  private head: Buffer | undefined = EMPTY;
  private state = START;
  private base = 0; // absolute offset of the chunk being scanned
  private line = 1;
  private lineStart = 0;
  private nextIndex = 0;
  private inBundle = false;
  private lastIndex = -1; // the last element read whole
  private lastText: Buffer | undefined;
  private lastIdStart = -1;
  private lastIdEnd = -1;
  private lastId: string | undefined;

  // Bundle keys.
  private keyStart = 0;
  private keyParts: Buffer[] = [];
  private keyIsObjects = false;

  // The element being read.
  private skipValue = false; // a bundle value other than `objects`
  private lineMode = false;
  private undecided = false;
  private scalar = false;
  private keep = false;
  private hashing = false;
  private elStart = 0;
  private elLine = 1;
  private parts: Buffer[] = [];
  private capPos = 0;
  private depth = 0;
  private kinds = new Uint8Array(128);
  private inString = false;
  private escapePending = false;
  private stringStart = 0;
  private role = ROLE_NONE;
  private inNumber = false;
  private numberCarry = '';
  private exact = false;
  private objectAtTop = false;
  private expectKey = false;
  private pendingField: Field | -1 = -1;
  private lastKeyStart = -1;
  private lastKeyEnd = -1;
  private readonly fieldStart = new Int32Array(FIELD_NAMES.length);
  private readonly fieldEnd = new Int32Array(FIELD_NAMES.length);
  private skip = SKIP_NONE;
  private skipPointer = '';
  private skipId: string | undefined;
  private skipPrefix = '';
  private readonly hash = new HashState();
  private resumeAt = 0;

  constructor(options: Partial<SplitterOptions> & { readonly source: string }) {
    this.options = resolveSplitterOptions(options);
    this.format = this.options.format;
  }

  /** Scans one more chunk; returns the events it completed. */
  push(chunk: Buffer): SplitEvent[] {
    this.events = [];
    if (this.state === FAILED || chunk.length === 0) return this.events;
    if (this.head !== undefined) {
      const joined = this.head.length === 0 ? chunk : Buffer.concat([this.head, chunk]);
      if (joined.length < 4) {
        this.head = joined;
        return this.events;
      }
      this.head = undefined;
      chunk = this.openHead(joined);
      if (this.state === FAILED) return this.events;
    }
    this.scan(chunk);
    this.base += chunk.length;
    return this.events;
  }

  /** Ends the input; returns the last events (a fatal one if it was cut). */
  end(): SplitEvent[] {
    this.events = [];
    if (this.state === FAILED) return this.events;
    if (this.head !== undefined && this.head.length > 0) {
      const head = this.openHead(this.head);
      this.head = undefined;
      if (this.state === FAILED) return this.events;
      this.scan(head);
      this.base += head.length;
      if (this.state === FAILED) return this.events;
    }
    this.finishInput();
    this.state = FAILED; // nothing more can come
    return this.events;
  }

  // --- the first bytes -----------------------------------------------------

  private openHead(head: Buffer): Buffer {
    const encoding = encodingOfHead(head);
    if (encoding) {
      this.fail(new EncodingError(this.options.source, encoding));
      return EMPTY;
    }
    if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) {
      this.events.push({ kind: 'bom', offset: 0 });
      this.base = 3;
      return head.subarray(3);
    }
    return head;
  }

  // --- outside elements ----------------------------------------------------

  private scan(buf: Buffer): void {
    const len = buf.length;
    let i = 0;
    while (i < len) {
      const state = this.state;
      if (state === IN_ELEMENT) {
        let limit = len;
        if (this.lineMode) {
          const newline = buf.indexOf(0x0a, i);
          if (newline >= 0) limit = newline;
        }
        const end = this.scanElement(buf, i, limit);
        if (end === FAILED_HERE) return;
        if (end === SWITCHED) {
          i = this.resumeAt;
        } else if (end >= 0) {
          this.finishElement(buf, end);
          i = end;
        } else if (limit < len) {
          this.finishElement(buf, limit);
          i = limit;
        } else {
          this.carryElement(buf);
          return;
        }
        continue;
      }
      if (state === BUNDLE_IN_KEY) {
        const close = this.scanString(buf, i, len);
        if (close < 0) {
          this.keyParts.push(buf.subarray(Math.max(this.keyStart - this.base, 0)));
          return;
        }
        this.closeBundleKey(buf, close);
        i = close + 1;
        continue;
      }
      const c = buf[i];
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
        if (c === 0x0a) this.newLine(i);
        i++;
        continue;
      }
      if (!this.step(buf, i, c)) return;
      if (this.state !== IN_ELEMENT) i++;
    }
  }

  /** One structural byte outside elements; false when the input failed. */
  private step(buf: Buffer, i: number, c: number): boolean {
    switch (this.state) {
      case START:
        return this.start(buf, i, c);
      case BUNDLE_OPEN:
      case BUNDLE_KEY:
        if (c === 0x22) return this.openBundleKey(i);
        if (c === 0x7d && this.state === BUNDLE_OPEN) return this.to(DONE);
        return this.unexpected(i, c, this.state === BUNDLE_OPEN ? 'a key or }' : 'a key');
      case BUNDLE_COLON:
        return c === 0x3a ? this.to(BUNDLE_VALUE) : this.unexpected(i, c, ':');
      case BUNDLE_VALUE:
        if (this.keyIsObjects) {
          if (c !== 0x5b) return this.unexpected(i, c, '[ (objects must be an array)');
          this.inBundle = true;
          return this.to(ARRAY_OPEN);
        }
        if (!isValueStart(c)) return this.unexpected(i, c, 'a value');
        this.openElement(i, c, true);
        return true;
      case BUNDLE_NEXT:
        if (c === 0x2c) return this.to(BUNDLE_KEY);
        return c === 0x7d ? this.to(DONE) : this.unexpected(i, c, ', or }');
      case ARRAY_OPEN:
      case ARRAY_ELEMENT:
        if (c === 0x5d && this.state === ARRAY_OPEN) return this.closeArray();
        if (!isValueStart(c)) {
          return this.unexpected(i, c, this.state === ARRAY_OPEN ? 'an object or ]' : 'an object');
        }
        this.openElement(i, c, false);
        return true;
      case ARRAY_NEXT:
        if (c === 0x2c) return this.to(ARRAY_ELEMENT);
        return c === 0x5d ? this.closeArray() : this.unexpected(i, c, ', or ]');
      case LINES:
        this.openElement(i, c, false);
        return true;
      default:
        return this.unexpected(i, c, 'nothing after the end of the input');
    }
  }

  private start(buf: Buffer, i: number, c: number): boolean {
    const format = this.format;
    if (format === 'ndjson') return this.to(LINES) && this.step(buf, i, c);
    if (c === 0x5b && format !== 'bundle') {
      this.format = 'array';
      return this.to(ARRAY_OPEN);
    }
    if (c === 0x7b && format === 'bundle') return this.to(BUNDLE_OPEN);
    if (c === 0x7b && format === 'auto') {
      this.undecided = true;
      this.openElement(i, c, false);
      return true;
    }
    const expected = format === 'bundle' ? '{' : format === 'array' ? '[' : '{ or [';
    return this.unexpected(i, c, expected);
  }

  private to(state: number): boolean {
    this.state = state;
    return true;
  }

  private closeArray(): boolean {
    return this.to(this.inBundle ? BUNDLE_NEXT : DONE);
  }

  private openBundleKey(i: number): boolean {
    this.state = BUNDLE_IN_KEY;
    this.keyStart = this.base + i + 1;
    this.keyParts = [];
    this.escapePending = false;
    return true;
  }

  private closeBundleKey(buf: Buffer, close: number): void {
    const tail = buf.subarray(Math.max(this.keyStart - this.base, 0), close);
    const key = this.keyParts.length === 0 ? tail : Buffer.concat([...this.keyParts, tail]);
    this.keyParts = [];
    this.keyIsObjects = key.length === 7 && key.toString('latin1') === 'objects';
    this.state = BUNDLE_COLON;
  }

  private newLine(i: number): void {
    this.line++;
    this.lineStart = this.base + i + 1;
  }

  // --- elements --------------------------------------------------------------

  private openElement(i: number, c: number, skipValue: boolean): void {
    this.state = IN_ELEMENT;
    this.skipValue = skipValue;
    this.lineMode = this.format === 'ndjson';
    this.scalar = c !== 0x7b && c !== 0x5b && c !== 0x22 && !this.lineMode;
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
    this.objectAtTop = false;
    this.expectKey = false;
    this.pendingField = -1;
    this.lastKeyStart = -1;
    this.fieldStart.fill(-1);
    this.skip = SKIP_NONE;
    if (this.hashing) this.hash.reset();
  }

  /**
   * Scans an element from `i` up to `limit`. Returns the position after its
   * last byte, or NEED_MORE at the limit, SWITCHED when an `auto` input
   * turned out to be a bundle (go on at `resumeAt`), or FAILED_HERE.
   * The hot loop: short strings are walked inline, the rest of the work is
   * done by helpers only for top-level strings, brackets and numbers.
   */
  private scanElement(buf: Buffer, i: number, limit: number): number {
    if (this.inString) {
      const close = this.scanString(buf, i, limit);
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
            this.depth = depth;
            this.inString = true;
            this.stringStart = this.base + i;
            this.role = role;
            this.mixRange(buf, i, limit);
            return NEED_MORE;
          }
        }
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

  private growKinds(): void {
    const grown = new Uint8Array(this.kinds.length * 2);
    grown.set(this.kinds);
    this.kinds = grown;
  }

  /** After `{` or `[` at depth 1, 2 or past `maxDepth` (in `this.depth`). */
  private opened(buf: Buffer, i: number, c: number): number {
    const depth = this.depth;
    if (depth === 1) {
      this.objectAtTop = c === 0x7b;
      this.expectKey = this.objectAtTop;
    } else if (depth === 2 && this.undecided && c === 0x5b && this.pendingField === OBJECTS) {
      this.becomeBundle(ARRAY_OPEN, i + 1);
      return SWITCHED;
    } else if (depth > this.options.maxDepth && this.keep) {
      this.startSkip(buf, SKIP_DEPTH, this.base + i);
    }
    return GO_ON;
  }

  private mismatch(i: number, c: number): number {
    const opened = this.kinds[this.depth] === 1 ? '{' : '[';
    this.unexpected(i, c, `the close of ${opened} (brackets do not match)`);
    return FAILED_HERE;
  }

  /** A top-level number, `true`, `false` or `null` element: up to a delimiter. */
  private scanScalar(buf: Buffer, i: number, limit: number): number {
    while (i < limit) {
      const c = buf[i];
      if (c === 0x2c || c === 0x5d || c === 0x7d || c <= 0x20) return i;
      if (this.hashing) this.hash.byte(c);
      i++;
    }
    return NEED_MORE;
  }

  /** The role of a string that opens at depth 1 now. */
  private roleNow(): number {
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
  private scanString(buf: Buffer, i: number, limit: number): number {
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

  private mixRange(buf: Buffer, from: number, to: number): void {
    if (this.hashing) this.hash.range(buf, from, to);
  }

  /**
   * After a string's closing quote; `open` is its opening quote relative to
   * `buf` (negative when it opened in an earlier chunk). Notes top-level keys
   * and fields. Returns the element's end for a top-level string, SWITCHED,
   * or GO_ON. Keys and fields that close past the size cap are not noted, so
   * that what an oversize report names does not depend on the chunking.
   */
  private closeString(buf: Buffer, open: number, quote: number, role: number): number {
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
        this.becomeBundle(BUNDLE_NEXT, quote + 1);
        return SWITCHED;
      }
      this.undecided = false;
    }
    return GO_ON;
  }

  /** Whether the element's bytes from `start` (absolute) are `word`. */
  private sameBytes(buf: Buffer, start: number, word: Buffer): boolean {
    if (start < this.base) return this.range(buf, start, start + word.length).equals(word);
    const at = start - this.base;
    for (let k = 0; k < word.length; k++) if (buf[at + k] !== word[k]) return false;
    return true;
  }

  private becomeBundle(state: number, resumeAt: number): void {
    this.format = 'bundle';
    this.undecided = false;
    this.hashing = false;
    this.inBundle = state === ARRAY_OPEN;
    this.state = state;
    this.parts = [];
    this.resumeAt = resumeAt;
  }

  /**
   * A number inside a kept element: does it survive `Number`? Integers of
   * up to 15 digits and decimals of up to 15 digits without a trailing zero
   * (and not below 1) always do; the rest is checked by printing it back.
   */
  private scanNumber(buf: Buffer, i: number, limit: number): number {
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
    const safe = !exponent && digits <= 15 && buf[i + sign] !== 0x30 && (dot < 0 || buf[j - 1] !== 0x30);
    if (!safe) this.checkNumber(buf.toString('latin1', i, j));
    return j;
  }

  private continueNumber(buf: Buffer, i: number, limit: number): number {
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

  private checkNumber(text: string): void {
    if (String(Number(text)) !== text) this.exact = true;
  }

  /** The chunk ended inside the element: keep its bytes, or give up on them. */
  private carryElement(buf: Buffer): void {
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
  private startSkip(buf: Buffer, reason: number, at: number): void {
    const available = Math.min(at + 1, this.base + buf.length);
    this.skip = at - this.elStart + 1 > this.options.maxObjectBytes ? SKIP_OVERSIZE : reason;
    this.skipPointer = this.lastKeyStart < 0 ? '' : jsonPointerOf(stringOf(this.range(buf, this.lastKeyStart, this.lastKeyEnd)));
    const idStart = this.fieldStart[ID];
    this.skipId = idStart < 0 ? undefined : stringOf(this.range(buf, this.elStart + idStart, this.elStart + this.fieldEnd[ID]));
    const prefix = this.range(buf, this.elStart, Math.min(this.elStart + PREFIX_BYTES, available));
    this.skipPrefix = prefix.toString('utf8').slice(0, 200);
    this.keep = false;
    this.hashing = false;
    this.undecided = false;
    this.parts = [];
  }

  private range(buf: Buffer, from: number, to: number): Buffer {
    return rangeOf(this.parts, this.elStart, buf, this.base, from, to);
  }

  /** The element ended before `end` (relative to `buf`). */
  private finishElement(buf: Buffer, end: number): void {
    if (this.skipValue) {
      this.state = BUNDLE_NEXT;
      return;
    }
    if (this.undecided || this.format === 'auto') {
      this.format = 'ndjson';
      this.undecided = false;
    }
    const lines = this.format === 'ndjson';
    this.state = lines ? LINES : ARRAY_NEXT;
    const index = lines ? this.elLine - 1 : this.nextIndex++;
    const endAbs = this.base + end;
    if (this.keep && endAbs - this.elStart > this.options.maxObjectBytes) {
      this.startSkip(buf, SKIP_OVERSIZE, this.capPos);
    }
    this.lastIndex = index;
    if (this.skip !== SKIP_NONE) {
      this.events.push({
        kind: this.skip === SKIP_OVERSIZE ? 'oversize' : 'too-deep',
        index, offset: this.elStart, line: this.elLine, bytes: endAbs - this.elStart,
        pointer: this.skipPointer, id: this.skipId, prefix: this.skipPrefix,
      });
      this.lastText = undefined;
      this.lastId = this.skipId;
      return;
    }
    const text = this.textUpTo(buf, end);
    const hash = this.hashing ? this.hash.finish() : undefined;
    this.hashing = false;
    const summary = this.options.summarize
      ? {
        id: this.fieldOf(text, ID), type: this.fieldOf(text, TYPE),
        modified: this.fieldOf(text, MODIFIED), createdByRef: this.fieldOf(text, CREATED_BY_REF),
        hash: hash as number,
      }
      : undefined;
    this.events.push({
      kind: 'object', index, offset: this.elStart, line: this.elLine, text,
      exactNumbers: this.exact, summary, hash,
    });
    this.lastText = text;
    this.lastIdStart = this.fieldStart[ID];
    this.lastIdEnd = this.fieldEnd[ID];
  }

  private fieldOf(text: Buffer, field: Field): string | undefined {
    const start = this.fieldStart[field];
    return start < 0 ? undefined : stringOf(text, start, this.fieldEnd[field]);
  }

  /** The index and id of the last element read whole, for errors. */
  private lastComplete(): LastComplete | undefined {
    if (this.lastIndex < 0) return undefined;
    const text = this.lastText;
    const id = text === undefined
      ? this.lastId
      : this.lastIdStart < 0 ? undefined : stringOf(text, this.lastIdStart, this.lastIdEnd);
    return { index: this.lastIndex, label: this.label(this.lastIndex), id };
  }

  private textUpTo(buf: Buffer, end: number): Buffer {
    const from = Math.max(this.elStart - this.base, 0);
    let text = this.parts.length === 0
      ? buf.subarray(from, end)
      : Buffer.concat([...this.parts, buf.subarray(from, end)]);
    this.parts = [];
    if (this.lineMode) {
      let n = text.length;
      while (n > 0 && (text[n - 1] === 0x0d || text[n - 1] === 0x20 || text[n - 1] === 0x09)) n--;
      text = text.subarray(0, n);
    }
    return text;
  }

  private label(index: number): string {
    if (this.format === 'ndjson') return `line ${index + 1}`;
    return this.inBundle ? `objects[${index}]` : `[${index}]`;
  }

  // --- the end and failures --------------------------------------------------

  private finishInput(): void {
    const state = this.state;
    if (state === IN_ELEMENT && this.lineMode) {
      if (this.inNumber) {
        this.inNumber = false;
        this.checkNumber(this.numberCarry);
      }
      this.finishElement(EMPTY, 0);
      return;
    }
    if (state === DONE || state === LINES) return;
    if (state === START && this.format === 'ndjson') return;
    this.fail(new TruncatedInputError(this.position(this.base)));
  }

  private unexpected(i: number, c: number, expected: string): false {
    const what = c >= 0x21 && c <= 0x7e ? `'${String.fromCharCode(c)}'` : `byte 0x${c.toString(16)}`;
    this.fail(new JsonSyntaxError(`unexpected ${what}, expected ${expected}`, this.position(this.base + i)));
    return false;
  }

  private position(offset: number): SyntaxPosition {
    return {
      source: this.options.source, offset, line: this.line, column: offset - this.lineStart + 1,
      inside: this.inside(), lastComplete: this.lastComplete(),
    };
  }

  private inside(): string | undefined {
    const state = this.state;
    if (state === IN_ELEMENT && !this.skipValue) {
      return this.label(this.format === 'ndjson' ? this.elLine - 1 : this.nextIndex);
    }
    if (state >= ARRAY_OPEN && state <= ARRAY_NEXT) return this.inBundle ? 'objects' : 'the array';
    if (state >= BUNDLE_OPEN && state <= BUNDLE_NEXT) return 'the bundle';
    if (state === IN_ELEMENT) return 'the bundle';
    return undefined;
  }

  private fail(error: EncodingError | JsonSyntaxError): void {
    this.state = FAILED;
    this.parts = [];
    this.events.push({ kind: 'fatal', error });
  }
}
