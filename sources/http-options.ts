import type { DownloadError } from './source-error.js';

/** One failed attempt that will be tried again (for logs, in `pipeline/`). */
export interface RetryEvent {
  readonly url: string;
  /** The attempt that failed, from 1. */
  readonly attempt: number;
  readonly retriesLeft: number;
  /** The wait the server asked for (`Retry-After`, capped and scaled), in ms;
   * the exponential backoff comes on top. */
  readonly retryAfterMs: number;
  readonly error: DownloadError;
}

/** How URLs are fetched; every field has a default. */
export interface HttpOptions {
  /** Until the response headers arrive. Default 30 s. */
  readonly connectTimeoutMs?: number;
  /** Between two chunks of the body. Default 60 s. */
  readonly idleTimeoutMs?: number;
  /** Largest body accepted, after decompression. Default 512 MiB. */
  readonly maxBytes?: number;
  /** Accept any TLS certificate. Default false: certificates are verified. */
  readonly insecureTls?: boolean;
  /** Attempts after the first, for connection errors, timeouts, 5xx and
   * 429. Default 4. */
  readonly retries?: number;
  /** Exponential backoff between attempts, with jitter. Defaults 1 s and 30 s. */
  readonly minRetryDelayMs?: number;
  readonly maxRetryDelayMs?: number;
  /** `Retry-After` is honoured up to this many seconds. Default 120. */
  readonly retryAfterCapSeconds?: number;
  /** How long one `Retry-After` second is, in ms (tests make it short). Default 1000. */
  readonly retryAfterUnitMs?: number;
  /** Randomize the backoff (jitter). Default true. */
  readonly jitter?: boolean;
  /** Extra request headers (e.g. a user agent). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Called before each retry. */
  readonly onRetry?: (event: RetryEvent) => void;
}

export type ResolvedHttpOptions =
  Required<Omit<HttpOptions, 'onRetry'>> & Pick<HttpOptions, 'onRetry'>;

const MIB = 1024 * 1024;

/** Completes {@link HttpOptions} with the defaults; throws on a bad value. */
export function resolveHttpOptions(options: HttpOptions = {}): ResolvedHttpOptions {
  const resolved: ResolvedHttpOptions = {
    connectTimeoutMs: options.connectTimeoutMs ?? 30_000,
    idleTimeoutMs: options.idleTimeoutMs ?? 60_000,
    maxBytes: options.maxBytes ?? 512 * MIB,
    insecureTls: options.insecureTls ?? false,
    retries: options.retries ?? 4,
    minRetryDelayMs: options.minRetryDelayMs ?? 1000,
    maxRetryDelayMs: options.maxRetryDelayMs ?? 30_000,
    retryAfterCapSeconds: options.retryAfterCapSeconds ?? 120,
    retryAfterUnitMs: options.retryAfterUnitMs ?? 1000,
    jitter: options.jitter ?? true,
    headers: options.headers ?? {},
    onRetry: options.onRetry,
  };
  const counts = ['connectTimeoutMs', 'idleTimeoutMs', 'maxBytes', 'retries', 'minRetryDelayMs',
    'maxRetryDelayMs', 'retryAfterCapSeconds', 'retryAfterUnitMs'] as const;
  for (const key of counts) {
    const value = resolved[key];
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new RangeError(`${key} must be a non-negative integer, got ${value}`);
    }
  }
  if (resolved.minRetryDelayMs > resolved.maxRetryDelayMs) {
    throw new RangeError('minRetryDelayMs must not be larger than maxRetryDelayMs');
  }
  return resolved;
}
