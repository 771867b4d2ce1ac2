import type { JsonObject } from './json.js';
import type { Verbatim } from './verbatim-text.js';

/** Where an object came from: enough to point a person at it. */
export interface Position {
  /** The source's name: a file path, a URL, or `stdin`. */
  readonly source: string;
  /** 0-based index in the bundle's `objects` (or the array, or among NDJSON's non-blank lines). */
  readonly index: number;
  /** Byte offset of the object's first byte in the source, when known. */
  readonly offset?: number;
  /** 1-based line of that byte (of the problem's byte, in a problem), when
   * known: what an editor shows, for pretty-printed bundles and NDJSON. */
  readonly line?: number;
}

/** One STIX object read from a source, with its position.
 * `bytes` is the length of its JSON text in the source (used for batching
 * and size limits without serialising again). */
export interface SourceRecord extends Position {
  readonly object: JsonObject;
  readonly bytes: number;
  /** Content hash of the object's JSON text, whitespace outside strings
   * ignored (see `contentHash`): the same value pass 1 stored in the
   * `IdIndex`, when the source computed it. */
  readonly hash?: number;
  /** `false` when the source knows `object` holds no `ExactNumber` (every
   * number in its text survives `Number`), so `serializeRecord` can skip the
   * walk; `true` when it may hold some; absent when unknown. Edited copies
   * keep it: no operator creates `ExactNumber`s. */
  readonly exactNumbers?: boolean;
  /** The dataset role of the source, when it is one of the known datasets. */
  readonly role?: DatasetRole;
  /** The validate options object under which this object was already found
   * valid as read, off the main thread (see `VerdictLookup`): `validateRecord`
   * given that same object passes the record at once. */
  readonly validatedUnder?: object;
  /** The object's text as read, when `JSON.stringify` would write the same
   * (see `verbatimText`); it applies only while `verbatim.object` is
   * `object`. */
  readonly verbatim?: Verbatim;
}

/** The three OpenCTI reference datasets, in the order they must be loaded. */
export const DATASET_ROLES = ['sectors', 'geography', 'companies'] as const;
export type DatasetRole = (typeof DATASET_ROLES)[number];
