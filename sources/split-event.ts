import type { SourceError } from './source-error.js';

/** How a source lays out its objects. `auto` decides from the first byte:
 * `[` is an array; `{` is a bundle when its `type` is `bundle` or it has an
 * `objects` array, else NDJSON (one object per line). */
export type SplitFormat = 'auto' | 'bundle' | 'array' | 'ndjson';

/** What the index pass needs from an object without parsing it: the
 * top-level string values of four keys, and a 53-bit hash of its bytes that
 * ignores whitespace outside strings (see `bytesHash`). */
export interface ObjectSummary {
  readonly id?: string;
  readonly type?: string;
  readonly modified?: string;
  readonly createdByRef?: string;
  readonly hash: number;
}

/** Where an element starts: `index` in `objects` (the array; for NDJSON,
 * among the non-blank lines), its first byte and its 1-based line. */
export interface SlicePosition {
  readonly index: number;
  readonly offset: number;
  readonly line: number;
}

/** The bytes of one element, ready for `JSON.parse`. `exactNumbers` is set
 * when a number literal in it would not survive `Number` (`1.50`, 20 digits). */
export interface ObjectSlice extends SlicePosition {
  readonly kind: 'object';
  readonly text: Buffer;
  readonly exactNumbers: boolean;
  /**
   * Set when the scan found the text written as `JSON.stringify` writes:
   * no whitespace between its tokens, and no escapes in its strings but
   * those `JSON.stringify` uses for `"`, `\\` and `\n \r \t \b \f`. With
   * canonical numbers (not `exactNumbers`), no repeated keys and no
   * integer-like keys (which `JSON.parse` moves first), it is exactly
   * `JSON.stringify(JSON.parse(text))` (see `isVerbatim`).
   */
  readonly compact?: boolean;
  /** With `compact`: the members of every object in it (its colons). */
  readonly members?: number;
  readonly summary?: ObjectSummary;
  /** The content hash, when `hash` or `summarize` is on. */
  readonly hash?: number;
  /** The verdict bits (see `VerdictLookup`) when the splitter took the
   * object by its known length, having looked them up already. */
  readonly verdict?: number;
}

/** An element that was scanned but not kept: larger than `maxObjectBytes`
 * (`oversize`) or nested deeper than `maxDepth` (`too-deep`). */
export interface SkippedSlice extends SlicePosition {
  readonly kind: 'oversize' | 'too-deep';
  /** The element's whole length in bytes. */
  readonly bytes: number;
  /** JSON pointer of the top-level key being read when the limit was hit. */
  readonly pointer: string;
  readonly id?: string;
  /** The element's first characters (at most 200). */
  readonly prefix: string;
}

/** A UTF-8 byte order mark was skipped at byte 0. */
export interface BomSkipped {
  readonly kind: 'bom';
  readonly offset: 0;
}

/** The source cannot be read on; always the last event. */
export interface SplitFailure {
  readonly kind: 'fatal';
  readonly error: SourceError;
}

export type SplitEvent = ObjectSlice | SkippedSlice | BomSkipped | SplitFailure;

/** Options of the {@link ObjectSplitter}; see `resolveSplitterOptions`. */
export interface SplitterOptions {
  /** The source's name, for errors. */
  readonly source: string;
  readonly format: SplitFormat;
  /** Larger elements are reported as `oversize`, never buffered whole. */
  readonly maxObjectBytes: number;
  /** Deeper elements are reported as `too-deep`. */
  readonly maxDepth: number;
  /** Attach a {@link ObjectSummary} to every object (the index pass). */
  readonly summarize: boolean;
  /** Attach the content hash to every object. */
  readonly hash: boolean;
}

export const DEFAULT_MAX_OBJECT_BYTES = 16 * 1024 * 1024;
export const DEFAULT_MAX_DEPTH = 64;
const FORMATS: readonly SplitFormat[] = ['auto', 'bundle', 'array', 'ndjson'];

/** Completes partial options with the defaults; throws on a bad value. */
export function resolveSplitterOptions(
  options: Partial<SplitterOptions> & { readonly source: string },
): SplitterOptions {
  const resolved: SplitterOptions = {
    source: options.source,
    format: options.format ?? 'auto',
    maxObjectBytes: options.maxObjectBytes ?? DEFAULT_MAX_OBJECT_BYTES,
    maxDepth: options.maxDepth ?? DEFAULT_MAX_DEPTH,
    summarize: options.summarize ?? false,
    hash: options.hash ?? false,
  };
  if (!FORMATS.includes(resolved.format)) {
    throw new RangeError(`unknown format ${String(resolved.format)}; use ${FORMATS.join(', ')}`);
  }
  for (const key of ['maxObjectBytes', 'maxDepth'] as const) {
    const value = resolved[key];
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new RangeError(`${key} must be a positive integer, got ${value}`);
    }
  }
  return resolved;
}
