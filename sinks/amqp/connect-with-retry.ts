import type { ChannelModel, ChannelOptions } from 'amqplib';
import { BrokerLink, type LinkHandlers } from './broker-link.js';
import { PublisherError } from './publisher-error.js';
import { ReconnectSchedule, type BackoffOptions } from './reconnect-schedule.js';

export interface RetryOptions {
  readonly connect: () => Promise<ChannelModel>;
  readonly handlers: LinkHandlers;
  readonly channelOptions?: ChannelOptions;
  /** Time budget for all attempts, in ms. */
  readonly timeout: number;
  readonly backoff?: BackoffOptions;
  /** `connect`: the first attempt is immediate; `reconnect`: it waits first. */
  readonly failure: 'connect' | 'reconnect';
  /** The error that made a reconnection necessary. */
  readonly cause?: unknown;
  /** Checked between attempts: stop quietly (the publisher was closed). */
  readonly stopped: () => boolean;
}

export type RetryOutcome =
  | { readonly kind: 'linked'; readonly link: BrokerLink; readonly attempts: number }
  | { readonly kind: 'stopped' }
  | { readonly kind: 'failed'; readonly error: PublisherError };

/**
 * Open a {@link BrokerLink}, retrying with backoff until `timeout` ms have
 * passed. A refused login (403) or vhost (530) is not retried. Never
 * rejects: a failure is the `failed` outcome, naming the last error.
 */
export async function connectWithRetry(options: RetryOptions): Promise<RetryOutcome> {
  const schedule = new ReconnectSchedule(options.timeout, options.backoff);
  let last = options.cause;
  for (let attempt = 1; ; attempt += 1) {
    const delay = options.failure === 'connect' && attempt === 1 ? 0 : schedule.next();
    if (delay === undefined) {
      const message = `could not ${options.failure} to RabbitMQ within ` +
        `${options.timeout / 1000} s (${attempt - 1} attempts): ${messageOf(last)}`;
      return { kind: 'failed', error: new PublisherError(options.failure, message, last) };
    }
    if (delay > 0) await sleep(delay);
    if (options.stopped()) return { kind: 'stopped' };
    try {
      const link = await BrokerLink.connect(options.connect,
        Math.max(100, schedule.remaining()), options.handlers, options.channelOptions);
      if (!options.stopped()) return { kind: 'linked', link, attempts: attempt };
      await link.close();
      return { kind: 'stopped' };
    } catch (error) {
      last = error;
      if (isRefusedLogin(error)) schedule.giveUp();
    }
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

/** Login refused (403) or vhost not allowed (530): retrying cannot help. */
const isRefusedLogin = (error: unknown): boolean =>
  error instanceof Error && /ACCESS[-_]REFUSED|NOT[-_]ALLOWED/i.test(error.message);
