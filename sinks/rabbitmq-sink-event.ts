import type { DeferredItem, ObjectItem, RejectedItem } from '../core/item.js';
import { recordProblem } from '../core/record-problem.js';
import type { ChunkRejected } from './amqp/message-chunker.js';
import type { PublisherCounters, PublisherEvent } from './amqp/publisher-options.js';
import type { SinkEvent } from './sink-event.js';

/** Message counters of the publisher plus object counts: `written`
 * (confirmed), `rejected` (too large) and `deferred` (not confirmed). */
export type RabbitMqCounters = PublisherCounters & {
  readonly written: number;
  readonly rejected: number;
  readonly deferred: number;
};

/**
 * What {@link toRabbitMq} emits: `written` per confirmed message (`count`
 * objects, `bytes` of body); `rejected` for an object too large for one
 * message (rule `amqp-message-size`); `deferred` for an object not
 * confirmed when the publisher gave up (rule `amqp-unsent`); `broker` for
 * what the pipeline should log (blocked and its reason, reconnections,
 * nacks); one `summary` at the end, failed runs included.
 */
export type RabbitMqSinkEvent =
  | SinkEvent
  | { readonly kind: 'rejected'; readonly item: RejectedItem }
  | { readonly kind: 'deferred'; readonly item: DeferredItem }
  | { readonly kind: 'broker'; readonly event: PublisherEvent }
  | { readonly kind: 'summary'; readonly counters: RabbitMqCounters };

/** The rejected item for an object whose message is over the limit. */
export function rejectedItem(outcome: ChunkRejected<ObjectItem>): RejectedItem {
  const { record } = outcome.tag;
  const message = `its message would be ${outcome.bytes} bytes, over the ${outcome.limit}-byte limit`;
  const problem = { pointer: '', rule: 'amqp-message-size', value: outcome.bytes, message };
  return { kind: 'rejected', record, problems: [recordProblem(record, problem)] };
}

/** The deferred item for an object the broker did not confirm. */
export function deferredItem(item: ObjectItem, reason: string): DeferredItem {
  const { record } = item;
  const problem = {
    pointer: '',
    rule: 'amqp-unsent',
    message: `not confirmed by RabbitMQ: ${reason}`,
  };
  return { kind: 'deferred', record, problems: [recordProblem(record, problem)] };
}
