import type { ChannelModel } from 'amqplib';
import type { PublisherError } from './publisher-error.js';
import type { BackoffOptions } from './reconnect-schedule.js';

/** One message to publish; `id` is unique in the run and is sent as the
 * AMQP `messageId`. `meta` comes back with its confirmation. */
export interface OutboundMessage<T> {
  readonly id: string;
  readonly body: Buffer;
  readonly meta: T;
}

/** Message counts: `sent` first writes, `republished` later writes (after a
 * nack or a reconnection), `acked` confirmed, `nacked` nacks received,
 * `unsent` given back unconfirmed. */
export interface PublisherCounters {
  sent: number;
  acked: number;
  nacked: number;
  republished: number;
  unsent: number;
  reconnections: number;
  /** Times the channel's buffer was full and writing waited for `drain`. */
  drainWaits: number;
}

/** What the publisher tells its owner besides confirmations (for logs). */
export type PublisherEvent =
  | { readonly kind: 'blocked'; readonly reason: string }
  | { readonly kind: 'unblocked'; readonly blockedMs: number }
  | { readonly kind: 'disconnected'; readonly error: string; readonly unconfirmed: number }
  | { readonly kind: 'reconnected'; readonly attempts: number; readonly republishing: number }
  | { readonly kind: 'nacked'; readonly id: string; readonly attempt: number }
  | { readonly kind: 'failed'; readonly error: PublisherError };

export interface PublisherOptions<T> {
  /** Opens a connection (the sink builds it from the connection config). */
  readonly connect: () => Promise<ChannelModel>;
  readonly exchange: string;
  readonly routingKey: string;
  /** Unconfirmed messages at most (default 1,000). */
  readonly maxInFlight?: number;
  /** Unconfirmed body bytes at most (default 64 MiB; one message may pass). */
  readonly maxInFlightBytes?: number;
  /** Frames amqplib buffers on the channel before its `publish()` returns
   * false and writing waits for `drain` (default amqplib's 1,024). */
  readonly channelHighWaterMark?: number;
  /** Longest time the broker may block the connection (default 120 s). */
  readonly blockedTimeout?: number;
  /** Longest time to regain a lost connection (default 60 s). */
  readonly reconnectTimeout?: number;
  /** Writes of one message before a nacked one is given up (default 5). */
  readonly maxAttempts?: number;
  /** Ask the broker to return unroutable messages (default true): fatal. */
  readonly mandatory?: boolean;
  readonly backoff?: BackoffOptions;
  readonly onConfirm?: (message: OutboundMessage<T>) => void;
  readonly onEvent?: (event: PublisherEvent) => void;
}

/** The outcome of a run: `unsent` holds every message accepted by
 * `publish()` and not confirmed, in publish order; `error` is set when the
 * publisher gave up. */
export interface PublishReport<T> {
  readonly counters: Readonly<PublisherCounters>;
  readonly unsent: readonly OutboundMessage<T>[];
  readonly error?: PublisherError;
}

/** The numeric options of a publisher, defaults applied. */
export type PublisherLimits = Required<Pick<PublisherOptions<unknown>,
  'maxInFlight' | 'maxInFlightBytes' | 'blockedTimeout' | 'reconnectTimeout' |
  'maxAttempts' | 'mandatory'>>;

/** The options with their defaults; throws a `RangeError` for a bad value. */
export function resolvePublisherLimits(options: Partial<PublisherLimits>): PublisherLimits {
  const limits: PublisherLimits = {
    maxInFlight: options.maxInFlight ?? 1000,
    maxInFlightBytes: options.maxInFlightBytes ?? 64 * 1024 * 1024,
    blockedTimeout: options.blockedTimeout ?? 120_000,
    reconnectTimeout: options.reconnectTimeout ?? 60_000,
    maxAttempts: options.maxAttempts ?? 5,
    mandatory: options.mandatory ?? true,
  };
  for (const key of ['maxInFlight', 'maxInFlightBytes', 'maxAttempts'] as const) {
    if (!Number.isInteger(limits[key]) || limits[key] < 1) {
      throw new RangeError(`${key} must be a positive integer, got ${limits[key]}`);
    }
  }
  for (const key of ['blockedTimeout', 'reconnectTimeout'] as const) {
    if (!(limits[key] > 0)) throw new RangeError(`${key} must be positive, got ${limits[key]}`);
  }
  return limits;
}

