import type { ConnectorState } from './connector-state.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface ScheduleOptions {
  /** Days between two successful runs. */
  readonly intervalDays: number;
  /** First wait after a failed run; doubles per consecutive failure. */
  readonly retryBaseMs: number;
  /** Retries never wait longer than this (nor longer than the interval). */
  readonly retryMaxMs: number;
}

/**
 * Milliseconds to wait before the next run: 0 when no successful run is
 * recorded or the interval has passed; after failures, a short backoff
 * instead of a whole interval.
 */
export function delayUntilNextRun(
  state: ConnectorState,
  consecutiveFailures: number,
  nowMs: number,
  options: ScheduleOptions,
): number {
  const intervalMs = options.intervalDays * DAY_MS;
  if (consecutiveFailures > 0) {
    const backoff = options.retryBaseMs * 2 ** (consecutiveFailures - 1);
    return Math.min(backoff, options.retryMaxMs, intervalMs);
  }
  if (state.last_run === undefined) return 0;
  return Math.max(0, state.last_run * 1000 + intervalMs - nowMs);
}
