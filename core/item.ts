import type { JsonObject } from './json.js';
import type { Problem } from './problem.js';
import type { SourceRecord } from './record.js';

/**
 * What flows between operators. Every object read ends as exactly one of
 * `emitted` (reached the sink), `merged`, `rejected` or `deferred`, so that
 * `read = emitted + merged + rejected + deferred` holds on every run.
 * Operators transform `object` items and pass every other kind through.
 */
export type Item = ObjectItem | MergedItem | RejectedItem | DeferredItem | NoteItem;

/** A live object, still on its way to the sink. */
export interface ObjectItem {
  readonly kind: 'object';
  readonly record: SourceRecord;
}

/** Folded into another copy of the same id (identical, or an older version). */
export interface MergedItem {
  readonly kind: 'merged';
  readonly record: SourceRecord;
  /** Position of the copy that was kept. */
  readonly into: { readonly source: string; readonly index: number };
  readonly reason: 'identical' | 'older-version' | 'newer-version-elsewhere';
}

/** Refused: the object goes to the rejects output with every problem found. */
export interface RejectedItem {
  readonly kind: 'rejected';
  readonly record: SourceRecord;
  readonly problems: readonly Problem[];
}

/** Valid, but not sent because something it needs is missing or rejected. */
export interface DeferredItem {
  readonly kind: 'deferred';
  readonly record: SourceRecord;
  readonly problems: readonly Problem[];
}

/** A problem that does not end the object: a warning, a counted fix, or a
 * dropped part of an object (with the part's original value in `value`). */
export interface NoteItem {
  readonly kind: 'note';
  readonly problem: Problem;
}

export const objectItem = (record: SourceRecord): ObjectItem => ({ kind: 'object', record });

export const withObject = (item: ObjectItem, object: JsonObject): ObjectItem => ({
  kind: 'object',
  record: { ...item.record, object },
});

export const isObjectItem = (item: Item): item is ObjectItem => item.kind === 'object';

/** The object's `id` when it is a string, for messages. */
export const idOf = (object: JsonObject): string | undefined =>
  typeof object.id === 'string' ? object.id : undefined;
