import type { CreditWindow } from '../core/credit-window.js';
import type { JsonObject } from '../core/json.js';
import type { DatasetRole } from '../core/record.js';
import {
  DEFAULT_MAX_DEPTH, DEFAULT_MAX_OBJECT_BYTES, resolveSplitterOptions, type SplitFormat,
} from './split-event.js';

/** Options of every byte source (file, URL, stdin). */
export interface SourceOptions {
  /** `auto` (default) decides from the first byte; see {@link SplitFormat}. */
  readonly format?: SplitFormat;
  /** Larger objects are rejected (`object-too-large`) without being
   * buffered whole. Default 16 MiB. */
  readonly maxObjectBytes?: number;
  /** Deeper objects are rejected (`object-too-deep`). Default 64. */
  readonly maxDepth?: number;
  /** The dataset role put on every record. */
  readonly role?: DatasetRole;
  /** Backpressure: one credit is taken per object read; the next chunk is
   * read only when the window has room. */
  readonly window?: CreditWindow;
  /** Put the content hash (`bytesHash`) on every record. Default false. */
  readonly hash?: boolean;
  /** Without `hash`: put the content hash only on the records whose parsed
   * object this accepts (hashed from the same bytes, after parsing). */
  readonly hashWhen?: (object: JsonObject) => boolean;
  /** The name used in records and errors, when not the path or URL. */
  readonly name?: string;
  /** Verdicts found on another thread (`ValidationThread`), looked up as
   * each object is decoded: records valid as read carry `validatedUnder`,
   * and those whose text is what `JSON.stringify` would write keep it for
   * the sinks (`verbatim`). With verdicts, objects must not be changed in
   * place. */
  readonly verdicts?: VerdictLookup;
}

/** Verdicts on a source's objects, found elsewhere before they are read. */
export interface VerdictLookup {
  /** The validate options object the verdicts hold under. */
  readonly token: object;
  /** Verdict bits for the object at `index` whose bytes are `text`; 0 when
   * nothing is known of those very bytes. */
  verdictOf(index: number, text: Uint8Array): number;
  /** The length in bytes of the object at `index` when it was judged valid
   * as read, else 0: a hint that lets the splitter take the object without
   * scanning it, once `verdictOf` has confirmed its bytes. */
  knownLength?(index: number): number;
  /** The limits the objects were split under: lengths are used only by a
   * splitter with the same ones. */
  readonly splitLimits?: { readonly maxObjectBytes: number; readonly maxDepth: number };
}

/** Verdict bit: the object is valid as read under the lookup's `token`. */
export const VALID_AS_READ = 1;
/** Verdict bit: `JSON.stringify` of the object gives back its text. */
export const VERBATIM = 2;
/** Verdict bit: some number in the object would not survive `Number` (the
 * splitter's `exactNumbers`). */
export const EXACT_NUMBERS = 8;

/** {@link SourceOptions} with every default filled in. */
export interface ResolvedSourceOptions {
  readonly format: SplitFormat;
  readonly maxObjectBytes: number;
  readonly maxDepth: number;
  readonly role: DatasetRole | undefined;
  readonly window: CreditWindow | undefined;
  readonly hash: boolean;
  readonly hashWhen: ((object: JsonObject) => boolean) | undefined;
  readonly name: string | undefined;
  readonly verdicts: VerdictLookup | undefined;
}

/** Completes the options once, when a source is built; throws on a bad value. */
export function resolveSourceOptions(options: SourceOptions = {}): ResolvedSourceOptions {
  const split = resolveSplitterOptions({
    source: options.name ?? '',
    format: options.format ?? 'auto',
    maxObjectBytes: options.maxObjectBytes ?? DEFAULT_MAX_OBJECT_BYTES,
    maxDepth: options.maxDepth ?? DEFAULT_MAX_DEPTH,
  });
  return {
    format: split.format,
    maxObjectBytes: split.maxObjectBytes,
    maxDepth: split.maxDepth,
    role: options.role,
    window: options.window,
    hash: options.hash ?? false,
    hashWhen: options.hashWhen,
    name: options.name,
    verdicts: options.verdicts,
  };
}
