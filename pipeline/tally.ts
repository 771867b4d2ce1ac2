import type { Item } from '../core/item.js';

/** What became of the objects of one source (or of the whole run). */
export interface Tally {
  read: number;
  emitted: number;
  merged: number;
  rejected: number;
  deferred: number;
  /** Of `deferred`: withheld on purpose (only warnings, e.g. an author
   * dropped on request); they do not make a run partial. */
  withheld: number;
  /** Parts of objects dropped (an external reference, a bad property). */
  dropped: number;
  warnings: number;
  /** Counted normalisations, per rule. */
  fixes: Record<string, number>;
}

export const emptyTally = (): Tally => ({
  read: 0,
  emitted: 0,
  merged: 0,
  rejected: 0,
  deferred: 0,
  withheld: 0,
  dropped: 0,
  warnings: 0,
  fixes: {},
});

/** `read = emitted + merged + rejected + deferred`. */
export const isBalanced = (tally: Tally): boolean =>
  tally.read === tally.emitted + tally.merged + tally.rejected + tally.deferred;

/** Adds what a terminal or note item says to `tally` (objects are counted
 * as emitted elsewhere: only a sink knows when an object really left). */
export function countItem(tally: Tally, item: Item): void {
  switch (item.kind) {
    case 'merged':
      tally.merged += 1;
      break;
    case 'rejected':
      tally.rejected += 1;
      break;
    case 'deferred':
      tally.deferred += 1;
      if (item.problems.every((problem) => problem.severity === 'warning')) tally.withheld += 1;
      break;
    case 'note':
      if (item.problem.severity === 'error') tally.dropped += 1;
      else if (item.problem.severity === 'warning') tally.warnings += 1;
      else tally.fixes[item.problem.rule] = (tally.fixes[item.problem.rule] ?? 0) + 1;
      break;
    case 'object':
      break;
  }
}

export function addTally(into: Tally, from: Tally): void {
  into.read += from.read;
  into.emitted += from.emitted;
  into.merged += from.merged;
  into.rejected += from.rejected;
  into.deferred += from.deferred;
  into.withheld += from.withheld;
  into.dropped += from.dropped;
  into.warnings += from.warnings;
  for (const [rule, n] of Object.entries(from.fixes))
    into.fixes[rule] = (into.fixes[rule] ?? 0) + n;
}
