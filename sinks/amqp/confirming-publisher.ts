import type { Message } from 'amqplib';
import { BlockedWatch } from './blocked-watch.js';
import type { BrokerLink, LinkHandlers } from './broker-link.js';
import { connectWithRetry } from './connect-with-retry.js';
import { PublisherError } from './publisher-error.js';
import {
  resolvePublisherLimits,
  type OutboundMessage,
  type PublisherCounters,
  type PublisherLimits,
  type PublisherOptions,
  type PublishReport,
} from './publisher-options.js';
import { UnconfirmedMessages, type Tracked } from './unconfirmed-messages.js';

const MESSAGE_PROPERTIES = {
  persistent: true,
  contentType: 'application/json',
  contentEncoding: 'utf-8',
} as const;

/**
 * Publishes over a RabbitMQ confirm channel and reports a message only once
 * the broker has confirmed it (`onConfirm`).
 *
 * - At most `maxInFlight` messages (and `maxInFlightBytes`) are unconfirmed:
 *   `publish()` waits for room, so memory stays bounded whatever the input.
 * - `publish()` on the channel returning false waits for `drain`.
 * - `blocked` from the broker pauses writing; blocked longer than
 *   `blockedTimeout` fails the run with the broker's reason.
 * - A nack re-sends that message, up to `maxAttempts` writes.
 * - A lost connection is re-opened with backoff for up to
 *   `reconnectTimeout`, then every unconfirmed message is re-sent (the
 *   worker upserts, so a duplicate is harmless).
 * - When it gives up, `finish()` returns the unconfirmed messages as unsent.
 *
 * Shortcoming: one channel, one connection. On the 2-core test machine the
 * broker saturates first (about 17k persistent messages/s, 7–10x one-at-a-time
 * publishing); on a broker with more cores a second channel might go further.
 *
 * @example
 * const publisher = new ConfirmingPublisher({ connect, exchange, routingKey });
 * for (const message of messages) if (!(await publisher.publish(message))) break;
 * const report = await publisher.finish();
 */
export class ConfirmingPublisher<T> {
  private readonly unconfirmed = new UnconfirmedMessages<T>();
  private readonly given: OutboundMessage<T>[] = [];
  private readonly counters: PublisherCounters = {
    sent: 0, acked: 0, nacked: 0, republished: 0, unsent: 0, reconnections: 0, drainWaits: 0,
  };
  private readonly limits: PublisherLimits;
  private readonly handlers: LinkHandlers;
  private readonly blocked: BlockedWatch;
  private readonly started: Promise<void>;
  private queue: Tracked<T>[] = [];
  private link: BrokerLink | undefined;
  private awaitingDrain = false;
  private failure: PublisherError | undefined;
  private closing = false;
  private closed: Promise<void> | undefined;
  private waiters: Array<() => void> = [];

  constructor(private readonly options: PublisherOptions<T>) {
    this.limits = resolvePublisherLimits(options);
    this.blocked = new BlockedWatch(this.limits.blockedTimeout, (reason) => this.fail(
      new PublisherError('blocked', 'RabbitMQ blocked the connection for more than ' +
        `${this.limits.blockedTimeout / 1000} s (reason: ${reason})`)));
    this.handlers = {
      confirm: (tag, multiple, acked) => this.confirmed(tag, multiple, acked),
      drain: () => {
        this.awaitingDrain = false;
        this.pump();
      },
      returned: (message) => this.returned(message),
      channelError: (error) => this.fail(new PublisherError('channel',
        `RabbitMQ closed the channel: ${error.message}`, error)),
      lost: (error) => this.lost(error),
      blocked: (reason) => this.blocked.start(reason) &&
        this.options.onEvent?.({ kind: 'blocked', reason }),
      unblocked: () => this.unblocked(),
    };
    this.started = this.connectWithin('connect', undefined);
  }

  /** Messages accepted and not yet confirmed. */
  get inFlight(): number {
    return this.unconfirmed.size;
  }

  /** Why the publisher gave up, once it has. */
  get error(): PublisherError | undefined {
    return this.failure;
  }

  /** A copy of the counters so far. */
  get stats(): Readonly<PublisherCounters> {
    return { ...this.counters };
  }

  /**
   * Hand one message over; resolves `true` once it is tracked (there was
   * room in the window), or `false` when the publisher has failed or is
   * finishing and did not take it (the caller still owns it). Throws on a
   * message id already in flight.
   */
  async publish(message: OutboundMessage<T>): Promise<boolean> {
    while (this.failure === undefined && !this.hasRoom(message.body.length)) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    if (this.failure !== undefined || this.closing) return false;

    this.queue.push(this.unconfirmed.add(message));
    this.pump();
    return true;
  }

  /** Wait until every accepted message is confirmed, or the publisher gave
   * up; then close the connection and report. */
  async finish(): Promise<PublishReport<T>> {
    await this.started;
    while (this.failure === undefined && this.unconfirmed.size > 0) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    await this.close();
    return this.report();
  }

  /** Stop now: every unconfirmed message is given back as unsent. */
  async abort(reason = 'aborted by the caller'): Promise<PublishReport<T>> {
    this.fail(new PublisherError('aborted', reason));
    await this.close();
    return this.report();
  }

  private report(): PublishReport<T> {
    return { counters: { ...this.counters }, unsent: [...this.given], error: this.failure };
  }

  private hasRoom(bytes: number): boolean {
    const { size } = this.unconfirmed;
    return size === 0 || (size < this.limits.maxInFlight &&
      this.unconfirmed.bytes + bytes <= this.limits.maxInFlightBytes);
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  /** Write queued messages while the channel takes them. */
  private pump(): void {
    const link = this.link;
    if (!link || this.blocked.reason !== undefined || this.awaitingDrain || this.failure) return;
    const { exchange, routingKey } = this.options;
    while (this.queue.length > 0) {
      const tracked = this.queue.shift() as Tracked<T>;
      if (!this.unconfirmed.holds(tracked)) continue;
      const { id, body } = tracked.message;
      let written: { tag: number; ok: boolean };
      try {
        written = link.publish(exchange, routingKey, body,
          { ...MESSAGE_PROPERTIES, messageId: id, mandatory: this.limits.mandatory });
      } catch {
        // The channel closed under us; the link reports it lost, and every
        // unconfirmed message is queued again then.
        this.queue.unshift(tracked);
        return;
      }
      if (tracked.writes === 0) this.counters.sent += 1;
      else this.counters.republished += 1;
      this.unconfirmed.written(tracked, written.tag);
      if (!written.ok) {
        this.counters.drainWaits += 1;
        this.awaitingDrain = true;
        return;
      }
    }
  }

  private confirmed(tag: number, multiple: boolean, acked: boolean): void {
    const retry: Tracked<T>[] = [];
    for (const tracked of this.unconfirmed.settle(tag, multiple)) {
      if (acked) {
        this.unconfirmed.remove(tracked);
        this.counters.acked += 1;
        this.options.onConfirm?.(tracked.message);
      } else if (this.nacked(tracked)) {
        retry.push(tracked);
      }
    }
    // Ahead of the queue and in their order, to stay close to what they
    // depend on. Limitation: messages written after a nacked one may reach
    // the worker before its re-send; the worker then meets a reference it
    // does not know yet. Nacks are rare (a broker-side failure), and
    // serialising on every confirm would cost the window's throughput.
    this.queue.unshift(...retry);
    if (!acked) this.pump();
    this.wake();
  }

  /** Count a nack; true when the message gets another attempt. */
  private nacked(tracked: Tracked<T>): boolean {
    this.counters.nacked += 1;
    this.options.onEvent?.({ kind: 'nacked', id: tracked.message.id, attempt: tracked.writes });
    if (tracked.writes < this.limits.maxAttempts) return true;
    this.unconfirmed.remove(tracked);
    this.giveBack([tracked]);
    return false;
  }

  private giveBack(all: readonly Tracked<T>[]): void {
    for (const tracked of all) this.given.push(tracked.message);
    this.counters.unsent += all.length;
  }

  private fail(error: PublisherError): void {
    if (this.failure !== undefined) return;
    this.failure = error;
    this.giveBack(this.unconfirmed.clear());
    this.queue = [];
    this.wake();
    this.options.onEvent?.({ kind: 'failed', error });
    void this.close();
  }

  /** Close once; later calls wait for the same closing. */
  private close(): Promise<void> {
    this.closed ??= (async () => {
      this.closing = true;
      this.blocked.stop();
      const link = this.link;
      this.link = undefined;
      await link?.close();
    })();
    return this.closed;
  }

  /** Open a link, retrying with backoff for up to `reconnectTimeout`. */
  private async connectWithin(failure: 'connect' | 'reconnect', cause: unknown): Promise<void> {
    const outcome = await connectWithRetry({
      connect: this.options.connect,
      handlers: this.handlers,
      channelOptions: { highWaterMark: this.options.channelHighWaterMark },
      timeout: this.limits.reconnectTimeout,
      backoff: this.options.backoff,
      failure,
      cause,
      stopped: () => this.failure !== undefined || this.closing,
    });
    if (outcome.kind === 'failed') this.fail(outcome.error);
    if (outcome.kind !== 'linked') return;
    if (this.failure !== undefined || this.closing) return void (await outcome.link.close());
    this.link = outcome.link;
    if (failure === 'reconnect') {
      this.counters.reconnections += 1;
      this.options.onEvent?.({
        kind: 'reconnected', attempts: outcome.attempts, republishing: this.queue.length,
      });
    }
    this.pump();
  }

  private lost(error: Error): void {
    if (this.closing || this.failure !== undefined) return;
    this.link = undefined;
    // A new connection starts unblocked: the broker says again if it is not.
    this.blocked.stop();
    this.awaitingDrain = false;
    this.unconfirmed.dropTags();
    this.queue = this.unconfirmed.all();
    this.options.onEvent?.({
      kind: 'disconnected', error: error.message, unconfirmed: this.queue.length,
    });
    void this.connectWithin('reconnect', error);
  }

  private unblocked(): void {
    const blockedMs = this.blocked.stop();
    if (blockedMs === undefined) return;
    this.options.onEvent?.({ kind: 'unblocked', blockedMs });
    this.pump();
  }

  private returned(message: Message): void {
    const { exchange, routingKey } = this.options;
    this.fail(new PublisherError('unroutable',
      `RabbitMQ returned message ${String(message.properties.messageId)}: no queue is bound ` +
      `to exchange "${exchange}" with routing key "${routingKey}"`));
  }
}
