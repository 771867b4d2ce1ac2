import { Observable, type OperatorFunction } from 'rxjs';
import type { Item } from '../core/item.js';
import { DependencyOrder, type DependencyOrderOptions } from './dependency-order.js';

export type OrderOptions = DependencyOrderOptions;

/**
 * Lets an object go only after everything it references has gone: its
 * `created_by_ref`, `object_marking_refs`, relationship and sighting ends,
 * `object_refs` and any other top-level `*_ref(s)`. Well-known TLP markings
 * are always satisfied.
 *
 * - A target not emitted yet, but in the index (or, without an index, not
 *   known yet), parks the object; it leaves as soon as its last target has.
 * - A target absent from the index: a `created_by_ref` or marking is
 *   `rejected` (`ref-dangling`); another ref is `deferred` (`ref-not-found`)
 *   unless an existing id of that type is within 2 edits, then `rejected`
 *   (`ref-dangling`, the id in `suggestion`; searches are bounded by
 *   `suggestBudget`). One problem per ref.
 * - When the copy of an id that would have gone is rejected or deferred
 *   (here or upstream: terminal items pass through this operator), what
 *   waits for it is `deferred` (`ref-target-rejected`), down the chain.
 * - On completion, what still waits is `deferred`, its refs named
 *   (`ref-not-found`, or `ref-unresolved` for a target that waits itself).
 *
 * Memory: with an `index`, a few bits in each of its entries; without, about
 * 30 bytes per id seen. Plus the waiting objects, at most
 * `maxPending` (then `order-buffer-full`). Waiting objects give their credit
 * back to `credit` and take it again when they leave.
 *
 * @example source.pipe(dedupeById({ index }), orderByDependency({ index, credit }))
 */
export function orderByDependency(options: OrderOptions = {}): OperatorFunction<Item, Item> {
  // Bad options throw now, not on subscription; the index's marks are taken
  // (a pass over every entry) only by the order each subscription builds.
  DependencyOrder.checkOptions(options);
  return (source) =>
    new Observable<Item>((subscriber) => {
      const order = new DependencyOrder(options);
      return source.subscribe({
        next: (item) => {
          for (const out of order.push(item)) subscriber.next(out);
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => {
          for (const out of order.finish()) subscriber.next(out);
          subscriber.complete();
        },
      });
    });
}
