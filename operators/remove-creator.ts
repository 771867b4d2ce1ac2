import { Observable, type OperatorFunction } from 'rxjs';
import { idOf, withObject, type Item, type ObjectItem } from '../core/item.js';
import type { JsonObject } from '../core/json.js';
import type { IdIndex } from './id-index.js';
import { objectRefs } from './object-refs.js';
import { recordProblem } from '../core/record-problem.js';
import { verbatimWithout } from '../core/verbatim-text.js';

export interface RemoveCreatorOptions {
  /** Also drop authors that nothing but a `created_by_ref` references
   * (default false). */
  readonly dropUnreferencedAuthor?: boolean;
  /** The pass-1 index: tells which ids are authors before they arrive. */
  readonly index?: IdIndex;
}

/** `object` without `created_by_ref` (a new object; the same one when it
 * has none). */
export function stripCreator(object: JsonObject): JsonObject {
  if (!('created_by_ref' in object)) return object;
  const { created_by_ref: _dropped, ...rest } = object;
  return rest;
}

/**
 * The state of `removeCreator` with `dropUnreferencedAuthor`: an author is
 * held from its arrival until another kind of reference to it appears (then
 * it leaves just before that object) or until the end (then it is dropped).
 * Held authors keep their credit: they are few (usually one).
 */
export class AuthorHold {
  private readonly held = new Map<string, ObjectItem[]>();
  private readonly authors = new Set<string>();
  private readonly needed = new Set<string>();

  constructor(private readonly index?: IdIndex) {}

  push(item: Item): Item[] {
    if (item.kind !== 'object') return [item];
    const out: Item[] = [];
    const { object } = item.record;
    for (const ref of objectRefs(object)) {
      if (ref.property === 'created_by_ref' || !this.isAuthor(ref.target)) continue;
      this.needed.add(ref.target);
      for (const author of this.held.get(ref.target) ?? []) out.push(strip(author));
      this.held.delete(ref.target);
    }
    if (typeof object.created_by_ref === 'string') this.authors.add(object.created_by_ref);

    const id = idOf(object);
    if (id !== undefined && this.isAuthor(id) && !this.needed.has(id)) {
      this.held.set(id, [...(this.held.get(id) ?? []), item]);
    } else {
      out.push(strip(item));
    }
    return out;
  }

  /** Every author still held, as `deferred` with the `author-dropped`
   * warning: valid, not sent, on purpose. */
  finish(): Item[] {
    const out = [...this.held.values()].flat().map((item): Item => ({
      kind: 'deferred',
      record: item.record,
      problems: [recordProblem(item.record, {
        severity: 'warning',
        pointer: '',
        rule: 'author-dropped',
        message: `author ${idOf(item.record.object)} dropped: only created_by_ref ` +
          'referenced it, and that was removed',
      })],
    }));
    this.held.clear();
    return out;
  }

  private isAuthor(id: string): boolean {
    return this.authors.has(id) || (this.index?.isAuthor(id) ?? false);
  }
}

/** The item without `created_by_ref`; a verbatim text loses the member too. */
const strip = (item: ObjectItem): ObjectItem => {
  const { record } = item;
  const object = stripCreator(record.object);
  if (object === record.object) return item;
  const verbatim = verbatimWithout(record, object, 'created_by_ref');
  return verbatim === undefined
    ? withObject(item, object)
    : { kind: 'object', record: { ...record, object, verbatim } };
};

/**
 * Removes `created_by_ref` from every object (the `CONFIG_REMOVE_CREATOR` of
 * the datasets connector); other items pass through. With
 * `dropUnreferencedAuthor`, authors referenced only by `created_by_ref` are
 * not sent either: each ends as `deferred` with one `author-dropped`
 * warning, so the accounting still holds. An author is known as such from
 * the index, or, without one, only once an earlier object named it as its
 * creator: in dependency order (author first) nothing is dropped then.
 *
 * @example source.pipe(removeCreator({ dropUnreferencedAuthor: true, index }))
 */
export function removeCreator(options: RemoveCreatorOptions = {}): OperatorFunction<Item, Item> {
  return (source) =>
    new Observable<Item>((subscriber) => {
      const hold = options.dropUnreferencedAuthor ? new AuthorHold(options.index) : undefined;
      return source.subscribe({
        next: (item) => {
          if (hold === undefined) subscriber.next(item.kind === 'object' ? strip(item) : item);
          else for (const out of hold.push(item)) subscriber.next(out);
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => {
          for (const out of hold?.finish() ?? []) subscriber.next(out);
          subscriber.complete();
        },
      });
    });
}
