/**
 * Demand that flows back from the sinks to the byte source. RxJS has no
 * backpressure, so a source takes one credit per object it emits and waits
 * for room before it reads the next chunk; whoever ends an object's journey
 * (a sink after its write is flushed or confirmed, or the accounting of a
 * reject, merge or deferral) gives the credit back. An operator that parks
 * objects in a bounded buffer of its own gives their credit back while they
 * are parked and takes it again when it lets them go, so parking never
 * starves the source.
 *
 * Memory is then bounded by `limit` objects in flight plus one chunk.
 */
export class CreditWindow {
  private outstanding = 0;
  private waiters: Array<() => void> = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) {
      throw new RangeError(`credit window limit must be a positive integer, got ${limit}`);
    }
  }

  /** Objects taken and not yet given back. */
  get inFlight(): number {
    return this.outstanding;
  }

  /** Record that `n` objects entered the pipeline (never waits). */
  take(n = 1): void {
    this.outstanding += n;
  }

  /** Give back `n` credits; wakes the source when there is room again. */
  release(n = 1): void {
    this.outstanding = Math.max(0, this.outstanding - n);
    if (this.outstanding < this.limit && this.waiters.length > 0) {
      const waiters = this.waiters;
      this.waiters = [];
      for (const wake of waiters) wake();
    }
  }

  /** `undefined` when there is room now, else a promise that resolves when there is. */
  room(): Promise<void> | undefined {
    if (this.outstanding < this.limit) return undefined;
    return new Promise((resolve) => this.waiters.push(resolve));
  }
}
