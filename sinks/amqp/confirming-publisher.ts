import type { Message } from 'amqplib';
import { BrokerLink, type LinkHandlers } from './broker-link.js';
import { PublisherError } from './publisher-error.js';
import {
  resolvePublisherLimits,
  type OutboundMessage,
  type PublisherCounters,
  type PublisherLimits,
  type PublisherOptions,
  type PublishReport,
} from './publisher-options.js';
import { ReconnectSchedule } from './reconnect-schedule.js';

interface Entry<T> {
  readonly message: OutboundMessage<T>;
  writes: number;
}

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
 * @example
 * const publisher = new ConfirmingPublisher({ connect, exchange, routingKey });
 * for (const message of messages) if (!(await publisher.publish(message))) break;
 * const report = await publisher.finish();
 */
export class ConfirmingPublisher<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly byTag = new Map<number, Entry<T>>();
  private readonly given: OutboundMessage<T>[] = [];
  private readonly counters: PublisherCounters = {
    sent: 0, acked: 0, nacked: 0, republished: 0, unsent: 0, reconnections: 0,
  };
  private readonly limits: PublisherLimits;
  private readonly handlers: LinkHandlers;
  private readonly started: Promise<void>;
  private queue: Entry<T>[] = [];
  private bytes = 0;
  private link: BrokerLink | undefined;
  private awaitingDrain = false;
  private blocked: { reason: string; since: number; timer: NodeJS.Timeout } | undefined;
  private failure: PublisherError | undefined;
  private closing = false;
  private waiters: Array<() => void> = [];

  constructor(private readonly options: PublisherOptions<T>) {
    this.limits = resolvePublisherLimits(options);
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
      blocked: (reason) => this.onBlocked(reason),
      unblocked: () => this.onUnblocked(),
    };
    this.started = this.connectWithin('connect', undefined);
  }

  /** Messages accepted and not yet confirmed. */
  get inFlight(): number {
    return this.entries.size;
  }

  /** A copy of the counters so far. */
  get stats(): Readonly<PublisherCounters> {
    return { ...this.counters };
  }

  /**
   * Hand one message over; resolves `true` once it is tracked (there was
   * room in the window), or `false` when the publisher has failed or is
   * finishing and did not take it (the caller still owns it).
   */
  async publish(message: OutboundMessage<T>): Promise<boolean> {
    while (this.failure === undefined && !this.hasRoom(message.body.length)) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    if (this.failure !== undefined || this.closing) return false;
    if (this.entries.has(message.id)) throw new RangeError(`duplicate message id ${message.id}`);

    const entry: Entry<T> = { message, writes: 0 };
    this.entries.set(message.id, entry);
    this.bytes += message.body.length;
    this.queue.push(entry);
    this.pump();
    return true;
  }

  /** Wait until every accepted message is confirmed, or the publisher gave
   * up; then close the connection and report. */
  async finish(): Promise<PublishReport<T>> {
    await this.started;
    while (this.failure === undefined && this.entries.size > 0) {
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
    if (this.entries.size === 0) return true;
    return this.entries.size < this.limits.maxInFlight &&
      this.bytes + bytes <= this.limits.maxInFlightBytes;
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  /** Write queued messages while the channel takes them. */
  private pump(): void {
    const link = this.link;
    if (!link || this.blocked || this.awaitingDrain || this.failure) return;
    while (this.queue.length > 0) {
      const entry = this.queue.shift() as Entry<T>;
      if (this.entries.get(entry.message.id) !== entry) continue;
      let written: { tag: number; ok: boolean };
      try {
        written = link.publish(this.options.exchange, this.options.routingKey,
          entry.message.body,
          { ...MESSAGE_PROPERTIES, messageId: entry.message.id, mandatory: this.limits.mandatory });
      } catch {
        // The channel closed under us; its close event re-queues everything.
        this.queue.unshift(entry);
        return;
      }
      this.byTag.set(written.tag, entry);
      if (entry.writes === 0) this.counters.sent += 1;
      else this.counters.republished += 1;
      entry.writes += 1;
      if (!written.ok) {
        this.awaitingDrain = true;
        return;
      }
    }
  }

  private confirmed(tag: number, multiple: boolean, acked: boolean): void {
    const done: Entry<T>[] = [];
    if (multiple) {
      for (const [key, entry] of this.byTag) {
        if (key > tag) break;
        done.push(entry);
        this.byTag.delete(key);
      }
    } else {
      const entry = this.byTag.get(tag);
      if (entry !== undefined) done.push(entry);
      this.byTag.delete(tag);
    }
    for (const entry of done) {
      if (this.entries.get(entry.message.id) !== entry) continue;
      if (acked) this.acked(entry);
      else this.nacked(entry);
    }
    if (!acked) this.pump();
    this.wake();
  }

  private acked(entry: Entry<T>): void {
    this.forget(entry);
    this.counters.acked += 1;
    this.options.onConfirm?.(entry.message);
  }

  private nacked(entry: Entry<T>): void {
    this.counters.nacked += 1;
    this.options.onEvent?.({ kind: 'nacked', id: entry.message.id, attempt: entry.writes });
    if (entry.writes < this.limits.maxAttempts) {
      // At the head of the queue, to stay as close as it can to what it depends on.
      this.queue.unshift(entry);
      return;
    }
    this.forget(entry);
    this.giveBack([entry]);
  }

  private forget(entry: Entry<T>): void {
    this.entries.delete(entry.message.id);
    this.bytes -= entry.message.body.length;
  }

  private giveBack(entries: Iterable<Entry<T>>): void {
    for (const entry of entries) {
      this.given.push(entry.message);
      this.counters.unsent += 1;
    }
  }

  private fail(error: PublisherError): void {
    if (this.failure !== undefined) return;
    this.failure = error;
    this.giveBack(this.entries.values());
    this.entries.clear();
    this.byTag.clear();
    this.queue = [];
    this.bytes = 0;
    this.wake();
    void this.close();
  }

  private async close(): Promise<void> {
    this.closing = true;
    this.clearBlocked();
    const link = this.link;
    this.link = undefined;
    await link?.close();
  }

  /** Open a link, retrying with backoff for up to `reconnectTimeout`. */
  private async connectWithin(failure: 'connect' | 'reconnect', cause: unknown): Promise<void> {
    const timeout = this.limits.reconnectTimeout;
    const schedule = new ReconnectSchedule(timeout, this.options.backoff);
    let last = cause;
    for (let attempt = 1; ; attempt += 1) {
      const delay = failure === 'connect' && attempt === 1 ? 0 : schedule.next();
      if (delay === undefined) {
        const verb = failure === 'connect' ? 'connect' : 'reconnect';
        this.fail(new PublisherError(failure, `could not ${verb} to RabbitMQ within ` +
          `${timeout / 1000} s (${attempt - 1} attempts): ${messageOf(last)}`, last));
        return;
      }
      if (delay > 0) await sleep(delay);
      if (this.failure !== undefined || this.closing) return;
      try {
        const link = await BrokerLink.connect(this.options.connect,
          Math.max(100, schedule.remaining()), this.handlers);
        if (this.failure !== undefined || this.closing) {
          await link.close();
          return;
        }
        this.link = link;
        this.byTag.clear();
        this.awaitingDrain = false;
        if (failure === 'reconnect') this.reconnected(attempt);
        this.pump();
        return;
      } catch (error) {
        last = error;
        if (isRefusedLogin(error)) schedule.giveUp();
      }
    }
  }

  private reconnected(attempts: number): void {
    this.counters.reconnections += 1;
    this.options.onEvent?.({ kind: 'reconnected', attempts, republishing: this.queue.length });
  }

  private lost(error: Error): void {
    if (this.closing || this.failure !== undefined) return;
    this.link = undefined;
    this.clearBlocked();
    this.byTag.clear();
    this.awaitingDrain = false;
    this.queue = [...this.entries.values()];
    this.options.onEvent?.({
      kind: 'disconnected', error: error.message, unconfirmed: this.queue.length,
    });
    void this.connectWithin('reconnect', error);
  }

  private returned(message: Message): void {
    const { exchange, routingKey } = this.options;
    this.fail(new PublisherError('unroutable',
      `RabbitMQ returned message ${String(message.properties.messageId)}: no queue is bound ` +
      `to exchange "${exchange}" with routing key "${routingKey}"`));
  }

  private onBlocked(reason: string): void {
    if (this.blocked !== undefined) return;
    const seconds = this.limits.blockedTimeout / 1000;
    const timer = setTimeout(() => this.fail(new PublisherError('blocked',
      `RabbitMQ blocked the connection for more than ${seconds} s (reason: ${reason})`)),
    this.limits.blockedTimeout);
    this.blocked = { reason, since: Date.now(), timer };
    this.options.onEvent?.({ kind: 'blocked', reason });
  }

  private onUnblocked(): void {
    if (this.blocked === undefined) return;
    const blockedMs = Date.now() - this.blocked.since;
    this.clearBlocked();
    this.options.onEvent?.({ kind: 'unblocked', blockedMs });
    this.pump();
  }

  private clearBlocked(): void {
    if (this.blocked !== undefined) clearTimeout(this.blocked.timer);
    this.blocked = undefined;
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

/** Login refused (403) or vhost not allowed (530): retrying cannot help. */
const isRefusedLogin = (error: unknown): boolean =>
  error instanceof Error && /ACCESS[-_]REFUSED|NOT[-_]ALLOWED/i.test(error.message);
