import type { Item } from '../core/item.js';
import { addTally, countItem, emptyTally, isBalanced, type Tally } from './tally.js';

/**
 * The accounting of one run, per source and in total. Objects handed to the
 * sink are queued in send order (run-length encoded, so memory stays small)
 * and become `emitted` as the sink confirms them; whatever is still
 * unconfirmed when a run fails is counted as deferred, so the equation
 * `read = emitted + merged + rejected + deferred` holds on failed runs too.
 */
export class RunReport {
  private readonly tallies = new Map<string, Tally>();
  private readonly unconfirmed: Array<{ source: string; count: number }> = [];
  failure?: Error;

  constructor(sources: readonly string[] = []) {
    for (const source of sources) this.tallyOf(source);
  }

  read(source: string, n = 1): void {
    this.tallyOf(source).read += n;
  }

  /** Counts a terminal or note item (`read` is counted by the source). */
  count(item: Item): void {
    if (item.kind === 'note') countItem(this.tallyOf(item.problem.source), item);
    else if (item.kind !== 'object') countItem(this.tallyOf(item.record.source), item);
  }

  /** An object was handed to the sink. */
  sent(source: string): void {
    const last = this.unconfirmed[this.unconfirmed.length - 1];
    if (last && last.source === source) last.count += 1;
    else this.unconfirmed.push({ source, count: 1 });
  }

  /** The sink gave back one object of `source` it will not deliver (it is
   * then counted as rejected or deferred instead). */
  unsent(source: string): void {
    const run = this.unconfirmed.find((entry) => entry.source === source && entry.count > 0);
    if (!run) return;
    run.count -= 1;
    if (run.count === 0) this.unconfirmed.splice(this.unconfirmed.indexOf(run), 1);
  }

  /** The sink confirmed `n` more objects, in send order. */
  confirmed(n: number): void {
    let left = n;
    while (left > 0 && this.unconfirmed.length > 0) {
      const head = this.unconfirmed[0];
      const take = Math.min(head.count, left);
      this.tallyOf(head.source).emitted += take;
      head.count -= take;
      left -= take;
      if (head.count === 0) this.unconfirmed.shift();
    }
  }

  /**
   * Ends the run. On failure, objects sent but unconfirmed and objects read
   * but still in flight are counted as deferred (they did not arrive). With
   * `nothingKept` (an atomic file, removed when the run fails) the objects it
   * had confirmed are deferred as well. On success nothing is filled in: a
   * gap then shows as an unbalanced report.
   */
  close(failure?: Error, nothingKept = false): void {
    if (!failure) return;
    this.failure = failure;
    if (nothingKept) {
      for (const tally of this.tallies.values()) {
        tally.deferred += tally.emitted;
        tally.emitted = 0;
      }
    }
    for (const { source, count } of this.unconfirmed.splice(0))
      this.tallyOf(source).deferred += count;
    for (const tally of this.tallies.values()) {
      const missing = tally.read - (tally.emitted + tally.merged + tally.rejected + tally.deferred);
      if (missing > 0) tally.deferred += missing;
    }
  }

  get sources(): ReadonlyMap<string, Tally> {
    return this.tallies;
  }

  get total(): Tally {
    const total = emptyTally();
    for (const tally of this.tallies.values()) addTally(total, tally);
    return total;
  }

  get balanced(): boolean {
    return [...this.tallies.values()].every(isBalanced) && isBalanced(this.total);
  }

  /** 0 clean, 2 when anything was rejected, deferred (not on purpose) or
   * dropped, 1 on failure. */
  get exitCode(): 0 | 1 | 2 {
    if (this.failure || !this.balanced) return 1;
    const total = this.total;
    return total.rejected + total.deferred - total.withheld + total.dropped > 0 ? 2 : 0;
  }

  private tallyOf(source: string): Tally {
    let tally = this.tallies.get(source);
    if (!tally) this.tallies.set(source, (tally = emptyTally()));
    return tally;
  }
}
