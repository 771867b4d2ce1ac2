import { jsonErrorIndex, jsonParseReason, newlinesBefore } from './json-error-index.js';

/** Bytes of a bundle's own members kept to check them; past it, unchecked. */
const WRAPPER_LIMIT = 1 << 20;

/** Where the bundle's own text stops being JSON, and why. */
export interface WrapperFault {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
  readonly reason: string;
}

/**
 * The text of a bundle around its `objects` elements: the splitter skips the
 * bundle's other members by their structure, without parsing them, so it
 * keeps them here, from the start to the `[` of `objects` (the head) and
 * from its `]` to the end (the tail). At the end of the input, head + tail
 * must parse as JSON (`{…"objects":[` + `]…}`); elements and the separators
 * between them are checked by the splitter itself.
 *
 * Known limitation: past 1 MiB of the bundle's own members (not of objects)
 * nothing is kept and they are not checked. No known producer writes so
 * much outside `objects`.
 */
export class BundleWrapper {
  private parts: Buffer[] = [];
  private bytes = 0;
  private phase: 'head' | 'inside' | 'tail' | 'off' = 'head';
  private headStart = -1;
  private head: Buffer | undefined;
  private tailStart = -1;
  private tailLine = 1;
  private tailLineStart = 0;

  /** A chunk starting at absolute `base` is about to be scanned. */
  chunk(chunk: Buffer, base: number): void {
    if (this.phase === 'head' && this.headStart < 0) this.headStart = base;
    if (this.phase === 'head' || this.phase === 'tail') this.keep(chunk);
  }

  /** The `[` of `objects` ends at absolute `end`: the head is complete. */
  headEnds(end: number): void {
    if (this.phase !== 'head') return;
    const kept = Buffer.concat(this.parts);
    this.head = Buffer.from(kept.subarray(0, Math.max(end - this.headStart, 0)));
    this.parts = [];
    this.phase = 'inside';
  }

  /** The `]` of `objects` is at `i` of `buf`, absolute `at`, on `line`
   * (which starts at absolute `lineStart`): the tail starts there. */
  tailStarts(buf: Buffer, i: number, at: number, line: number, lineStart: number): void {
    if (this.phase !== 'inside') return;
    this.phase = 'tail';
    this.tailStart = at;
    this.tailLine = line;
    this.tailLineStart = lineStart;
    this.keep(Buffer.from(buf.subarray(i)));
  }

  /** Not a bundle (an array, NDJSON), or too much to keep: nothing to check. */
  off(): void {
    this.phase = 'off';
    this.parts = [];
    this.head = undefined;
  }

  /** At the end of a bundle: why its own text is not JSON, if it is not. */
  check(): WrapperFault | undefined {
    if (this.phase === 'off' || this.phase === 'inside') return undefined;
    const head = this.phase === 'head' ? Buffer.concat(this.parts) : this.head ?? Buffer.alloc(0);
    const tail = this.phase === 'tail' ? Buffer.concat(this.parts) : Buffer.alloc(0);
    const text = Buffer.concat([head, tail]).toString('utf8');
    try {
      JSON.parse(text);
      return undefined;
    } catch (error) {
      const index = jsonErrorIndex(text);
      const byte = Buffer.byteLength(text.slice(0, index < 0 ? text.length : index));
      const first = jsonParseReason(error);
      const reason = `${first.charAt(0).toLowerCase()}${first.slice(1)} in the bundle's own ` +
        'members (outside objects)';
      if (byte < head.length) {
        return { ...lineOf(head, byte, this.headStart, 1, 0), reason };
      }
      const at = byte - head.length;
      return { ...lineOf(tail, at, this.tailStart, this.tailLine, this.tailLineStart), reason };
    }
  }

  private keep(chunk: Buffer): void {
    this.bytes += chunk.length;
    if (this.bytes > WRAPPER_LIMIT) this.off();
    else this.parts.push(chunk);
  }
}

/** The absolute offset, line and column of byte `at` of `part`, which starts
 * at absolute `start` on `line` (itself starting at absolute `lineStart`). */
function lineOf(
  part: Buffer, at: number, start: number, line: number, lineStart: number,
): Omit<WrapperFault, 'reason'> {
  const newlines = newlinesBefore(part, at);
  const begins = newlines.last < 0 ? lineStart : start + newlines.last + 1;
  const offset = start + at;
  return { offset, line: line + newlines.count, column: offset - begins + 1 };
}
