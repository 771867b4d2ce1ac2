import {
  EMPTY, ElementScanner, FAILED_HERE, NEED_MORE, SKIP_NONE, SKIP_OVERSIZE, SWITCHED,
} from './element-scanner.js';
import {
  CREATED_BY_REF, encodingOfHead, ID, MODIFIED, stringOf, TYPE, type Field,
} from './split-helpers.js';
import { BundleWrapper } from './bundle-wrapper.js';
import { EXACT_NUMBERS, VALID_AS_READ, type VerdictLookup } from './source-options.js';
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

/** `{ [ " - 0-9 t f n`: the bytes a JSON value can start with. */
const isValueStart = (c: number): boolean =>
  c === 0x7b || c === 0x5b || c === 0x22 || c === 0x2d || (c >= 0x30 && c <= 0x39) ||
  c === 0x74 || c === 0x66 || c === 0x6e;

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
export class ObjectSplitter extends ElementScanner {
  private format: SplitFormat;
  private events: SplitEvent[] = [];
  private head: Buffer | undefined = EMPTY;
  private state = START;
  private nextIndex = 0;
  private inBundle = false;
  private resumeAt = 0;
  private lastIndex = -1; // the last element read whole
  private lastLine = 0; // and the line it starts on
  private lastText: Buffer | undefined;
  private lastIdStart = -1;
  private lastIdEnd = -1;
  private lastId: string | undefined;
  private keyStart = 0; // the bundle key being read
  private keyParts: Buffer[] = [];
  private keyIsObjects = false;
  /** Verdicts whose known lengths let objects be taken without a scan. */
  private readonly known: VerdictLookup | undefined;
  /** The first newline at or after the last known object taken in `newlineChunk`. */
  private nextNewline = 0;
  private newlineChunk: Buffer | undefined;
  private lastIdInText = false; // the last element's id is read from its text
  /** The bundle's own members, which the scan skips, kept to check them at the end. */
  private readonly wrapper = new BundleWrapper();

  /**
   * `known`: verdicts found on another thread (see `VerdictLookup`). In an
   * array or NDJSON, an object judged valid as read is taken by its known length
   * once `verdictOf` confirms its bytes, without scanning it; the events are
   * the same, with the verdict on them. Used only when the verdicts were
   * split under the same limits, and not for summaries or hashes.
   */
  constructor(options: Partial<SplitterOptions> & { readonly source: string },
    known?: VerdictLookup) {
    super(resolveSplitterOptions(options));
    this.format = this.options.format;
    const limits = known?.splitLimits;
    const usable = known?.knownLength !== undefined && limits !== undefined &&
      limits.maxObjectBytes === this.options.maxObjectBytes &&
      limits.maxDepth === this.options.maxDepth && !this.options.summarize && !this.options.hash;
    this.known = usable ? known : undefined;
    if (this.format === 'array' || this.format === 'ndjson') this.wrapper.off();
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
    this.wrapper.chunk(chunk, this.base);
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
      this.wrapper.chunk(head, this.base);
      this.scan(head);
      this.base += head.length;
      if (this.state === FAILED) return this.events;
    }
    this.finishInput();
    if (this.state !== FAILED && this.format === 'bundle') this.checkWrapper();
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
      this.lineStart = 3; // columns count from the first character after it
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
      if (c === 0x7b && this.known && (state === ARRAY_OPEN || state === ARRAY_ELEMENT ||
        (state === LINES && this.format === 'ndjson'))) {
        const end = this.takeKnown(this.known, buf, i);
        if (end > i) {
          i = end;
          continue;
        }
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
          this.wrapper.headEnds(this.base + i + 1);
          this.inBundle = true;
          return this.to(ARRAY_OPEN);
        }
        if (!isValueStart(c)) return this.unexpected(i, c, 'a value');
        // Skipped by structure here; `wrapper` checks its syntax at the end.
        this.openElement(i, c, true);
        return true;
      case BUNDLE_NEXT:
        if (c === 0x2c) return this.to(BUNDLE_KEY);
        return c === 0x7d ? this.to(DONE) : this.unexpected(i, c, ', or }');
      case ARRAY_OPEN:
      case ARRAY_ELEMENT:
        if (c === 0x5d && this.state === ARRAY_OPEN) return this.closeArray(buf, i);
        if (!isValueStart(c)) {
          return this.unexpected(i, c, this.state === ARRAY_OPEN ? 'an object or ]' : 'an object');
        }
        this.openElement(i, c, false);
        return true;
      case ARRAY_NEXT:
        if (c === 0x2c) return this.to(ARRAY_ELEMENT);
        return c === 0x5d ? this.closeArray(buf, i) : this.unexpected(i, c, ', or ]');
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
      this.wrapper.off();
      return this.to(ARRAY_OPEN);
    }
    if (c === 0x7b && format === 'bundle') return this.to(BUNDLE_OPEN);
    // Known limitation: `auto` decides on the first object's `type` or
    // `objects` key; a bundle that puts both after more than
    // `maxObjectBytes` of other keys is taken for NDJSON (its one line
    // rejected as too large). Pass `format: 'bundle'` for such inputs.
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

  /** The `]` at `i` of `buf`. */
  private closeArray(buf: Buffer, i: number): boolean {
    if (this.inBundle) this.wrapper.tailStarts(buf, i, this.base + i, this.line, this.lineStart);
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
    // Known limitation: keys are compared as written, so `"obj\u0065cts"`
    // is not taken for `objects` (nor `"\u0069d"` for `id` in summaries);
    // no known producer escapes plain ASCII keys. A second `objects` key is
    // read as well, where JSON.parse would keep only the last one.
    this.keyIsObjects = key.length === 7 && key.toString('latin1') === 'objects';
    this.state = BUNDLE_COLON;
  }

  // --- elements --------------------------------------------------------------

  private openElement(i: number, c: number, skipValue: boolean): void {
    this.state = IN_ELEMENT;
    this.startElement(i, c, skipValue, this.format === 'ndjson');
  }

  protected becomeBundle(atObjects: boolean, resumeAt: number): void {
    this.format = 'bundle';
    this.undecided = false;
    this.hashing = false;
    this.inBundle = atObjects;
    if (atObjects) this.wrapper.headEnds(this.base + resumeAt);
    this.state = atObjects ? ARRAY_OPEN : BUNDLE_NEXT;
    this.parts = [];
    this.resumeAt = resumeAt;
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
      this.wrapper.off();
    }
    const lines = this.format === 'ndjson';
    this.state = lines ? LINES : ARRAY_NEXT;
    const index = this.nextIndex++;
    const endAbs = this.base + end;
    if (this.keep && endAbs - this.elStart > this.options.maxObjectBytes) {
      this.startSkip(buf, SKIP_OVERSIZE, this.capPos);
    }
    this.lastIndex = index;
    this.lastLine = this.elLine;
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
      exactNumbers: this.exact, compact: this.compact, members: this.members,
      summary, hash, verdict: undefined,
    });
    this.lastText = text;
    this.lastIdStart = this.fieldStart[ID];
    this.lastIdEnd = this.fieldEnd[ID];
    this.lastIdInText = false;
  }

  /**
   * The object starting at `i` (a `{` where an array element or a line is
   * due), taken whole when `known` holds its length, it lies in this chunk
   * and its bytes are those judged valid; returns the position after it, or
   * `i` to scan it as usual. Valid JSON has no raw newline inside strings,
   * so counting every newline in it keeps lines as a scan would (and a line
   * judged valid holds nothing after its object).
   */
  private takeKnown(known: VerdictLookup, buf: Buffer, i: number): number {
    const lines = this.state === LINES;
    const index = this.nextIndex;
    const length = (known.knownLength as (index: number) => number)(index);
    if (length === 0 || i + length > buf.length) return i;
    const text = buf.subarray(i, i + length);
    const verdict = known.verdictOf(index, text);
    if ((verdict & VALID_AS_READ) === 0) return i;
    const line = this.line;
    this.countNewlines(buf, i, i + length);
    this.nextIndex++;
    if (!lines) this.state = ARRAY_NEXT;
    this.lastIndex = index;
    this.lastLine = line;
    this.lastText = text;
    this.lastIdInText = true;
    this.events.push({
      kind: 'object', index, offset: this.base + i, line, text,
      exactNumbers: (verdict & EXACT_NUMBERS) !== 0, summary: undefined, hash: undefined, verdict,
    });
    return i + length;
  }

  /** Counts the newlines of `buf` in [from, to), remembering where the next
   * one is so that objects on one long line do not search the chunk again. */
  private countNewlines(buf: Buffer, from: number, to: number): void {
    let at = this.nextNewline;
    if (this.newlineChunk !== buf || at < from) {
      this.newlineChunk = buf;
      at = buf.indexOf(0x0a, from);
      if (at < 0) at = buf.length;
    }
    while (at < to) {
      this.newLine(at);
      at = buf.indexOf(0x0a, at + 1);
      if (at < 0) at = buf.length;
    }
    this.nextNewline = at;
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
      : this.lastIdInText ? idInText(text)
        : this.lastIdStart < 0 ? undefined : stringOf(text, this.lastIdStart, this.lastIdEnd);
    return { index: this.lastIndex, label: this.label(this.lastIndex, this.lastLine), id };
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

  private label(index: number, line: number): string {
    if (this.format === 'ndjson') return `line ${line}`;
    return this.inBundle ? `objects[${index}]` : `[${index}]`;
  }

  // --- the end and failures --------------------------------------------------

  private finishInput(): void {
    const state = this.state;
    if (state === IN_ELEMENT && this.lineMode) {
      // A last line without its newline that is still inside a string or a
      // bracket was cut (a truncated file or download), not written badly.
      // Shortcoming: one with mismatched brackets is called cut too.
      if (this.inString || this.depth > 0) {
        this.fail(new TruncatedInputError(this.position(this.base)));
        return;
      }
      if (this.inNumber) {
        this.inNumber = false;
        this.checkNumber(this.numberCarry);
      }
      this.finishElement(EMPTY, 0);
      return;
    }
    if (state === DONE || state === LINES) return;
    if (state === START && this.format === 'ndjson') return;
    this.fail(new TruncatedInputError(this.position(this.base), state === START));
  }

  /** A syntax error in the bundle's own members, which the scan skipped. */
  private checkWrapper(): void {
    const fault = this.wrapper.check();
    if (fault === undefined) return;
    const { offset, line, column, reason } = fault;
    this.fail(new JsonSyntaxError(reason, {
      source: this.options.source, offset, line, column,
      inside: 'the bundle', lastComplete: this.lastComplete(),
    }));
  }

  protected unexpected(i: number, c: number, expected: string): false {
    const what = c >= 0x21 && c <= 0x7e
      ? `'${String.fromCharCode(c)}'`
      : `byte 0x${c.toString(16)}`;
    const reason = `unexpected ${what}, expected ${expected}`;
    this.fail(new JsonSyntaxError(reason, this.position(this.base + i)));
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
      return this.label(this.nextIndex, this.elLine);
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

/** The top-level `id` of a valid object's text (only for error messages). */
function idInText(text: Buffer): string | undefined {
  try {
    const id = (JSON.parse(text.toString('utf8')) as { id?: unknown }).id;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}
