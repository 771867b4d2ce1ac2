/** Exponential backoff between connection attempts. */
export interface BackoffOptions {
  /** First delay in ms (default 100). */
  readonly initialDelay?: number;
  /** Longest delay in ms (default 5,000). */
  readonly maxDelay?: number;
  /** Growth per attempt (default 2). */
  readonly factor?: number;
  /** Random spread, 0 to 1, so that many clients do not retry in step (default 0.2). */
  readonly jitter?: number;
}

/** Below this much time left, another attempt is not worth making. */
const LAST_ATTEMPT_MS = 50;

/**
 * The delays between connection attempts within a fixed time budget: each
 * delay grows by `factor` up to `maxDelay`, is spread by `jitter`, and is cut
 * short at the deadline; `next()` says `undefined` once the budget is spent.
 *
 * @example
 * const schedule = new ReconnectSchedule(60_000);
 * for (let d = schedule.next(); d !== undefined; d = schedule.next()) { ... }
 */
export class ReconnectSchedule {
  private readonly deadline: number;
  private delay: number;
  private stopped = false;

  constructor(timeout: number, private readonly options: BackoffOptions = {}) {
    if (!(timeout > 0)) throw new RangeError(`reconnect timeout must be positive, got ${timeout}`);
    this.deadline = Date.now() + timeout;
    this.delay = options.initialDelay ?? 100;
  }

  /** The next delay in ms, or `undefined` when no attempt is left. */
  next(): number | undefined {
    const left = this.remaining();
    if (this.stopped || left < LAST_ATTEMPT_MS) return undefined;
    const spread = 1 + (this.options.jitter ?? 0.2) * (2 * Math.random() - 1);
    const wait = Math.min(Math.round(this.delay * spread), Math.max(0, left - LAST_ATTEMPT_MS));
    const maxDelay = this.options.maxDelay ?? 5000;
    this.delay = Math.min(maxDelay, this.delay * (this.options.factor ?? 2));
    return wait;
  }

  /** Time left before the deadline, in ms (never negative). */
  remaining(): number {
    return Math.max(0, this.deadline - Date.now());
  }

  /** No more attempts (for errors that retrying cannot fix). */
  giveUp(): void {
    this.stopped = true;
  }
}
