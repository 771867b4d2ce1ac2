import { setTimeout as sleep } from 'node:timers/promises';
import pRetry, { AbortError } from 'p-retry';
import type { ResolvedHttpOptions } from './http-options.js';
import { DownloadError } from './source-error.js';

/**
 * Runs `attempt` until it succeeds, with exponential backoff and jitter
 * (p-retry), as long as it fails with a retryable {@link DownloadError}
 * (connection errors, timeouts, 5xx, 429) and retries are left. A
 * `Retry-After` is waited for first, capped by `retryAfterCapSeconds`. The
 * last failure is thrown; a 429 reads "rate limited by <host>, retry after
 * N s".
 */
export async function withRetries<T>(
  url: string, options: ResolvedHttpOptions, attempt: (attemptNumber: number) => Promise<T>,
): Promise<T> {
  let last: DownloadError | undefined;
  let attempts = 0;
  try {
    return await pRetry(async (attemptNumber) => {
      attempts = attemptNumber;
      try {
        return await attempt(attemptNumber);
      } catch (error) {
        last = asDownloadError(url, error);
        throw last.retryable ? last : new AbortError(last);
      }
    }, {
      retries: options.retries,
      factor: 2,
      minTimeout: options.minRetryDelayMs,
      maxTimeout: options.maxRetryDelayMs,
      randomize: options.jitter,
      onFailedAttempt: async (error) => {
        if (error.retriesLeft <= 0 || !(error instanceof DownloadError)) return;
        const seconds = error.retryAfterSeconds;
        const retryAfterMs = seconds === undefined
          ? 0
          : Math.min(seconds, options.retryAfterCapSeconds) * options.retryAfterUnitMs;
        options.onRetry?.({
          url, attempt: error.attemptNumber, retriesLeft: error.retriesLeft, retryAfterMs, error,
        });
        // Known limitation: p-retry's own backoff still follows this wait
        // (at most maxRetryDelayMs more than the server asked for).
        if (retryAfterMs > 0) await sleep(retryAfterMs);
      },
    });
  } catch (error) {
    throw gaveUp(url, last ?? asDownloadError(url, error), attempts);
  }
}

function asDownloadError(url: string, error: unknown): DownloadError {
  if (error instanceof DownloadError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new DownloadError(`${url}: ${message}`, { url, retryable: false, cause: error });
}

function gaveUp(url: string, last: DownloadError, attempts: number): DownloadError {
  if (!last.retryable || attempts <= 1) return last;
  const tries = `gave up after ${attempts} attempts`;
  if (last.status !== 429) {
    return new DownloadError(`${last.message}; ${tries}`, { ...last, cause: last });
  }
  const host = new URL(url).host;
  const seconds = last.retryAfterSeconds;
  const after = seconds === undefined ? '' : `, retry after ${seconds} s`;
  const message = `rate limited by ${host}${after} (${last.message}; ${tries})`;
  return new DownloadError(message, { ...last, cause: last });
}
