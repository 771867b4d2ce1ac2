import { connect } from 'amqplib';
import t from 'tap';
import { ConfirmingPublisher } from '../../../sinks/amqp/confirming-publisher.js';
import type { OutboundMessage } from '../../../sinks/amqp/publisher-options.js';
import { ScratchQueue, within } from '../../helpers/rabbitmq-scratch.js';

const URL = 'amqp://guest:guest@127.0.0.1:5672/%2F?heartbeat=10';
const open = () => connect(URL);

const message = (i: number, bytes = 1024): OutboundMessage<number> => ({
  id: `m-${i}`,
  body: Buffer.from(JSON.stringify({ i, pad: 'x'.repeat(bytes) })),
  meta: i,
});

/** Publish `n` messages in order, stopping when the publisher refuses one. */
async function publishAll(publisher: ConfirmingPublisher<number>, n: number, bytes = 1024) {
  let accepted = 0;
  for (let i = 0; i < n; i += 1) {
    if (!(await publisher.publish(message(i, bytes)))) break;
    accepted += 1;
  }
  return accepted;
}

t.test('10,000 messages confirmed, then all in the queue', async (t) => {
  const scratch = await ScratchQueue.create(t, 'publisher');
  const confirmed: number[] = [];
  let maxInFlight = 0;
  const publisher = new ConfirmingPublisher<number>({
    connect: open, exchange: scratch.exchange, routingKey: scratch.routingKey,
    maxInFlight: 500,
    channelHighWaterMark: 16,
    onConfirm: (m) => confirmed.push(m.meta),
  });
  const total = 10_000;
  let accepted = 0;
  for (let i = 0; i < total; i += 1) {
    if (!(await publisher.publish(message(i)))) break;
    accepted += 1;
    maxInFlight = Math.max(maxInFlight, publisher.inFlight);
  }

  const report = await within(publisher.finish(), 60_000, 'finish');

  t.equal(accepted, total);
  t.equal(report.error, undefined);
  t.match(report.counters, { sent: total, acked: total, nacked: 0, republished: 0, unsent: 0 });
  t.ok(report.counters.drainWaits > 0, `waited for drain ${report.counters.drainWaits} times`);
  t.equal(new Set(confirmed).size, total, 'each message confirmed once');
  t.ok(maxInFlight <= 500, `in flight stayed within the window (max ${maxInFlight})`);
  const received = await scratch.drain();
  t.equal(received.length, total);
  const ids = new Set(received.map((m) => m.properties.messageId as string));
  t.equal(ids.size, total);
  const first = received[0];
  t.equal(first.properties.deliveryMode, 2, 'persistent');
  t.equal(first.properties.contentType, 'application/json');
  t.equal(first.properties.contentEncoding, 'utf-8');
});

t.test('nacks are retried up to maxAttempts, then given back', async (t) => {
  // A queue that holds 5 messages and nacks further publishes.
  const scratch = await ScratchQueue.create(t, 'nack', {
    'x-max-length': 5, 'x-overflow': 'reject-publish',
  });
  const events: string[] = [];
  const publisher = new ConfirmingPublisher<number>({
    connect: open, exchange: scratch.exchange, routingKey: scratch.routingKey,
    maxAttempts: 3,
    onEvent: (e) => events.push(e.kind),
  });

  const accepted = await publishAll(publisher, 10, 10);
  const report = await within(publisher.finish(), 30_000, 'finish');

  t.equal(accepted, 10);
  t.equal(report.error, undefined, 'nacks alone do not fail the run');
  t.match(report.counters, { sent: 10, acked: 5, nacked: 15, republished: 10, unsent: 5 });
  t.same(report.unsent.map((m) => m.meta), [5, 6, 7, 8, 9]);
  t.equal(events.filter((e) => e === 'nacked').length, 15);
  t.equal(await scratch.count(), 5);
});

t.test('an unroutable message fails the run; nothing is lost', async (t) => {
  const scratch = await ScratchQueue.create(t, 'unroutable');
  const publisher = new ConfirmingPublisher<number>({
    connect: open, exchange: scratch.exchange, routingKey: 'no-such-binding',
  });

  const accepted = await publishAll(publisher, 100, 10);
  const report = await within(publisher.finish(), 30_000, 'finish');

  t.equal(report.error?.failure, 'unroutable');
  t.match(report.error?.message,
    /no queue is bound to exchange "test\.unroutable.*no-such-binding/);
  t.equal(report.counters.acked + report.unsent.length, accepted, 'acked + unsent = accepted');
  t.ok(report.unsent.length >= 1);
});

t.test('a missing exchange closes the channel: a channel failure', async (t) => {
  const publisher = new ConfirmingPublisher<number>({
    connect: open, exchange: 'test.no-such-exchange', routingKey: 'x',
  });

  const accepted = await publishAll(publisher, 50, 10);
  const report = await within(publisher.finish(), 30_000, 'finish');

  t.equal(report.error?.failure, 'channel');
  t.match(report.error?.message, /404.*NOT_FOUND.*test\.no-such-exchange/);
  t.equal(report.counters.acked, 0);
  t.equal(report.unsent.length, accepted);
});

t.test('no broker: connect fails within reconnectTimeout', async (t) => {
  const publisher = new ConfirmingPublisher<number>({
    connect: () => connect('amqp://guest:guest@127.0.0.1:1/%2F'),
    exchange: 'x', routingKey: 'y', reconnectTimeout: 500,
  });

  const accepted = await publishAll(publisher, 3, 10);
  const report = await within(publisher.finish(), 10_000, 'finish');

  t.equal(report.error?.failure, 'connect');
  t.match(report.error?.message, /could not connect to RabbitMQ within 0\.5 s .*ECONNREFUSED/);
  t.equal(report.unsent.length, accepted);
});

t.test('refused login is not retried', async (t) => {
  let attempts = 0;
  const publisher = new ConfirmingPublisher<number>({
    connect: () => {
      attempts += 1;
      return connect('amqp://guest:wrong@127.0.0.1:5672/%2F');
    },
    exchange: 'x', routingKey: 'y', reconnectTimeout: 20_000,
  });

  const report = await within(publisher.finish(), 10_000, 'finish');

  t.equal(report.error?.failure, 'connect');
  t.match(report.error?.message, /ACCESS.REFUSED/);
  t.equal(attempts, 1);
});

t.test('refuses bad options at construction', async (t) => {
  const base = { connect: open, exchange: 'x', routingKey: 'y' };
  t.throws(() => new ConfirmingPublisher({ ...base, maxInFlight: 0 }), RangeError);
  t.throws(() => new ConfirmingPublisher({ ...base, maxAttempts: 1.5 }), RangeError);
  t.throws(() => new ConfirmingPublisher({ ...base, blockedTimeout: 0 }), RangeError);
});
