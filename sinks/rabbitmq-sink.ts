import { randomUUID } from 'node:crypto';
import { Observable, type OperatorFunction, type Subscriber } from 'rxjs';
import type { ObjectItem } from '../core/item.js';
import { describeAmqp } from './amqp/amqp-url.js';
import { brokerConnect, type BrokerConnectOptions } from './amqp/broker-connect.js';
import { ConfirmingPublisher } from './amqp/confirming-publisher.js';
import { MessageChunker, type ChunkOutcome } from './amqp/message-chunker.js';
import type { EnvelopeFields } from './amqp/message-envelope.js';
import { resolvePublisherLimits, type PublisherOptions } from './amqp/publisher-options.js';
import { deferredItem, rejectedItem, type RabbitMqSinkEvent } from './rabbitmq-sink-event.js';
import { SinkError } from './sink-error.js';

/** Options of {@link toRabbitMq}. Connection and routing come from the
 * platform's `registerConnector` answer (`config.connection`,
 * `push_exchange`, `push_routing`); the envelope fields from the connector
 * (`applicantId` is the connector's user id). */
export interface RabbitMqSinkOptions
  extends
    EnvelopeFields,
    BrokerConnectOptions,
    Pick<
      PublisherOptions<unknown>,
      | 'maxInFlight'
      | 'maxInFlightBytes'
      | 'blockedTimeout'
      | 'reconnectTimeout'
      | 'maxAttempts'
      | 'backoff'
      | 'mandatory'
      | 'channelHighWaterMark'
    > {
  readonly exchange: string;
  readonly routingKey: string;
  /** Largest message body in bytes, after base64 and the envelope (default
   * 8 MiB, half of RabbitMQ 4's 16 MiB `max_message_size`). */
  readonly maxMessageBytes?: number;
  /** Objects per message (default 1; more packs objects into bundles that
   * carry the authors they reference). */
  readonly objectsPerMessage?: number;
}

/**
 * Sends objects to OpenCTI's push queue, one message per object by default
 * (the order given is kept, so send them in dependency order), and emits
 * `written` as the broker confirms them, so the pipeline gives credits back
 * only for data that is safe. Completes after the last confirm, with a
 * `summary` just before.
 *
 * An object too large for `maxMessageBytes` comes out as `rejected`. When
 * the publisher gives up (connection not regained, blocked too long, channel
 * closed by the broker), every object received and not confirmed comes out
 * as `deferred`, then the summary, then a `SinkError` on the error channel.
 *
 * With `objectsPerMessage` > 1, a message holds what has arrived: it is sent
 * when full, and also whenever the input pauses, so that a credit window
 * smaller than a message cannot stall the run.
 *
 * Memory: objects wait in an inbox until the publisher has room; the
 * pipeline's credit window bounds it (without one, a fast source fills it).
 * The publisher keeps at most `maxInFlight` messages (`maxInFlightBytes`).
 *
 * @example
 * items$.pipe(toRabbitMq({ connection, exchange: config.push_exchange,
 *   routingKey: config.push_routing, applicantId: connectorUserId, workId }))
 */
export function toRabbitMq(
  options: RabbitMqSinkOptions,
): OperatorFunction<ObjectItem, RabbitMqSinkEvent> {
  const chunkerOptions = {
    maxBytes: options.maxMessageBytes ?? 8 * 1024 * 1024,
    maxObjects: options.objectsPerMessage ?? 1,
  };
  // Both throw now for bad options, rather than on the first object.
  void new MessageChunker(options, chunkerOptions);
  resolvePublisherLimits(options);
  if (!options.exchange && !options.routingKey) {
    throw new RangeError('toRabbitMq needs an exchange or a routing key');
  }
  const target = `${describeAmqp(options.connection)} exchange "${options.exchange}"`;

  return (source) =>
    new Observable<RabbitMqSinkEvent>((subscriber) => {
      const run = new SinkRun(options, subscriber, new MessageChunker(options, chunkerOptions));
      const upstream = source.subscribe({
        next: (item) => run.take(item),
        error: (error: unknown) => run.end(error),
        complete: () => run.end(undefined),
      });
      run.onStop = () => upstream.unsubscribe();
      run.drive(target).catch((error: unknown) => subscriber.error(error));
      return () => {
        upstream.unsubscribe();
        run.cancel();
      };
    });
}

/** The state of one subscription: the inbox, the chunker, the publisher. */
class SinkRun {
  onStop: () => void = () => undefined;
  private inbox: ObjectItem[] = [];
  private head = 0;
  private readonly publisher: ConfirmingPublisher<readonly ObjectItem[]>;
  private readonly runId = randomUUID();
  private readonly counts = { written: 0, rejected: 0, deferred: 0 };
  private ended: { error: unknown } | undefined;
  private wake: (() => void) | undefined;
  private stopped = false;

  constructor(
    options: RabbitMqSinkOptions,
    private readonly subscriber: Subscriber<RabbitMqSinkEvent>,
    private readonly chunker: MessageChunker<ObjectItem>,
  ) {
    this.publisher = new ConfirmingPublisher({
      ...options,
      connect: options.connect ?? brokerConnect(options),
      onConfirm: ({ meta, body }) => {
        this.counts.written += meta.length;
        subscriber.next({ kind: 'written', count: meta.length, bytes: body.length });
      },
      onEvent: (event) => {
        subscriber.next({ kind: 'broker', event });
        if (event.kind === 'failed') this.wake?.();
      },
    });
  }

  take(item: ObjectItem): void {
    this.inbox.push(item);
    this.wake?.();
  }

  end(error: unknown): void {
    this.ended = { error };
    this.wake?.();
  }

  cancel(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.wake?.();
    void this.publisher.abort('unsubscribed');
  }

  async drive(target: string): Promise<void> {
    const going = () => !this.stopped && this.publisher.error === undefined;
    while (going()) {
      if (this.idle()) {
        // Nothing more has arrived: send the partial message now, so that
        // its credits come back (a credit window smaller than a message
        // would otherwise wait for ever).
        await this.send(this.chunker.flush());
        if (this.idle() && going()) await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = undefined;
        continue;
      }
      const item = this.next();
      if (item === undefined) break;
      await this.send(this.chunker.add(item.record.object, item, item.record.exactNumbers));
    }
    if (this.stopped) return;
    if (this.publisher.error !== undefined) this.onStop(); // take no more input
    await this.send(this.chunker.flush());

    const report = await this.publisher.finish();
    const reason = report.error?.message ?? 'not confirmed';
    this.defer(
      report.unsent.flatMap((message) => message.meta),
      reason,
    );
    this.defer(this.inbox.slice(this.head), reason);
    this.inbox = [];
    this.head = 0;
    this.subscriber.next({ kind: 'summary', counters: { ...report.counters, ...this.counts } });
    this.stopped = true;
    if (report.error) this.subscriber.error(new SinkError(target, 'write', report.error));
    else if (this.ended?.error !== undefined) this.subscriber.error(this.ended.error);
    else this.subscriber.complete();
  }

  /** Waiting for input: the inbox is empty and the input goes on. */
  private idle(): boolean {
    return this.head === this.inbox.length && this.ended === undefined;
  }

  /** The next object in the inbox (undefined at its end). */
  private next(): ObjectItem | undefined {
    if (this.head === this.inbox.length) return undefined;
    const item = this.inbox[this.head++];
    if (this.head >= 1024 && this.head * 2 >= this.inbox.length) {
      // Drop the consumed head (Array#shift is linear on large arrays).
      this.inbox = this.inbox.slice(this.head);
      this.head = 0;
    }
    return item;
  }

  /** Publish or reject each outcome; the objects of a message the
   * publisher no longer takes (it gave up) are deferred. */
  private async send(outcomes: ChunkOutcome<ObjectItem>[]): Promise<void> {
    for (const outcome of outcomes) {
      if (outcome.kind === 'rejected') {
        this.counts.rejected += 1;
        this.subscriber.next({ kind: 'rejected', item: rejectedItem(outcome) });
        continue;
      }
      const message = {
        id: `${this.runId}:${outcome.sequence}`,
        body: outcome.body,
        meta: outcome.tags,
      };
      if (!(await this.publisher.publish(message))) {
        this.defer(outcome.tags, 'not published: the publisher had failed');
      }
    }
  }

  private defer(items: readonly ObjectItem[], reason: string): void {
    for (const item of items) {
      this.counts.deferred += 1;
      this.subscriber.next({ kind: 'deferred', item: deferredItem(item, reason) });
    }
  }
}
