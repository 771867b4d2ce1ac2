import type { JsonValue } from './json.js';
import type { Position } from './record.js';

/** How bad a problem is: an `error` rejects, drops or defers something; a
 * `warning` is reported only; a `fix` is a counted, lossless normalisation. */
export type Severity = 'error' | 'warning' | 'fix';

/** A structured finding about one object (never just text): the reader gets
 * the source, the position, the id, the JSON pointer, the rule and the value.
 * Text is made from it only at the edge (logs, reports). */
export interface Problem extends Position {
  readonly severity: Severity;
  /** The STIX id of the object, when it has a readable one. */
  readonly id?: string;
  /** JSON pointer into the object (`/external_references/0`), `''` for the whole. */
  readonly pointer: string;
  /** A stable rule name, kebab-case: `id-format`, `timestamp-utc`, `ref-dangling`. */
  readonly rule: string;
  /** The offending value as read (for a fix: the original value). */
  readonly value?: JsonValue;
  /** A likely intended value, e.g. the nearest existing id for a dangling
   * reference. */
  readonly suggestion?: string;
  /** One sentence for a person. */
  readonly message: string;
}
