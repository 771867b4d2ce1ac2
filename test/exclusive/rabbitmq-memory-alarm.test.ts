// C28: the broker blocks publishers while its memory alarm is raised. The
// alarm blocks every publisher on this broker, so this file runs alone
// (test/exclusive/, after the main suite). The watermark is restored in a
// teardown even when a test fails.
import { connect } from 'amqplib';
import { from } from 'rxjs';
import t from 'tap';
import { ConfirmingPublisher } from '../../sinks/amqp/confirming-publisher.js';
import type { PublisherEvent } from '../../sinks/amqp/publisher-options.js';
import { toRabbitMq } from '../../sinks/rabbitmq-sink.js';
import type { RabbitMqSinkEvent } from '../../sinks/rabbitmq-sink-event.js';
import { SinkError } from '../../sinks/sink-error.js';
import { organisationItems } from '../helpers/amqp-test-objects.js';
import {
  LOCAL_RABBITMQ, raiseMemoryAlarm, ScratchQueue, within,
} from '../helpers/rabbitmq-scratch.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Poll `check` every 50 ms for up to `ms`. */
async function until(check: () => boolean, ms: number, what: string): Promise<void> {
  for (let waited = 0; !check(); waited += 50) {
    if (waited >= ms) throw new Error(`${what}: not after ${ms} ms`);
    await sleep(50);
  }
}

t.test('blocked longer than blockedTimeout: error names blocked and memory', async (t) => {
  const scratch = await ScratchQueue.create(t, 'c28-timeout');
  await raiseMemoryAlarm(t);
  const events: RabbitMqSinkEvent[] = [];
  const options = {
    connection: LOCAL_RABBITMQ, exchange: scratch.exchange, routingKey: scratch.routingKey,
    applicantId: 'connector-user-1', blockedTimeout: 1500,
  };

  const error = await within(new Promise<unknown>((resolve) => {
    from(organisationItems(9_999)).pipe(toRabbitMq(options)).subscribe({
      next: (e) => events.push(e), error: resolve, complete: () => resolve(undefined),
    });
  }), 30_000, 'sink');

  t.type(error, SinkError);
  t.match((error as Error).message, /blocked the connection for more than 1\.5 s/);
  t.match((error as Error).message, /reason: .*memory/);
  t.match((error as SinkError).cause, { failure: 'blocked' });
  const broker = events.flatMap((e) => (e.kind === 'broker' ? [e.event] : []));
  t.match(broker[0], { kind: 'blocked', reason: /memory/ });
  const written = events.reduce((n, e) => n + (e.kind === 'written' ? e.count : 0), 0);
  const deferred = events.filter((e) => e.kind === 'deferred').length;
  // The publish that meets the alarm may still be confirmed; no more can be.
  t.ok(written <= 1, `${written} confirmed while blocked`);
  t.equal(written + deferred, 10_000, 'written + deferred = input: none lost');
  t.match(events[events.length - 1], { kind: 'summary', counters: { deferred, written } });
});

t.test('alarm cleared before the timeout: resumes, completes, memory bounded', async (t) => {
  const scratch = await ScratchQueue.create(t, 'c28-resume');
  const restore = await raiseMemoryAlarm(t);
  const total = 50_000;
  const window = 1000;
  const events: PublisherEvent[] = [];
  const publisher = new ConfirmingPublisher<number>({
    connect: () => connect('amqp://guest:guest@127.0.0.1:5672/%2F?heartbeat=10'),
    exchange: scratch.exchange, routingKey: scratch.routingKey,
    maxInFlight: window, blockedTimeout: 60_000,
    onEvent: (e) => events.push(e),
  });
  const rssBefore = process.memoryUsage().rss;
  let offered = 0;
  let maxInFlight = 0;
  const producing = (async () => {
    for (; offered < total; offered += 1) {
      const body = Buffer.from(JSON.stringify({ i: offered, pad: 'x'.repeat(1000) }));
      if (!(await publisher.publish({ id: `m-${offered}`, body, meta: offered }))) break;
      maxInFlight = Math.max(maxInFlight, publisher.inFlight);
    }
  })();

  await within(until(() => events.some((e) => e.kind === 'blocked'), 20_000, 'blocked'),
    25_000, 'blocked');
  await within(until(() => publisher.inFlight === window, 20_000, 'window full'),
    25_000, 'window full');
  await sleep(1000); // the producer keeps waiting; nothing piles up
  const growth = process.memoryUsage().rss - rssBefore;
  t.ok(growth < 100 * 1024 * 1024, `RSS growth while blocked: ${(growth / 1048576).toFixed(1)} MB`);
  t.equal(publisher.inFlight, window, 'the window holds; the producer waits');
  t.ok(offered <= window, `offered ${offered} while blocked`);
  t.ok(publisher.stats.acked <= 1, `${publisher.stats.acked} confirmed while blocked`);
  await restore();
  await within(producing, 120_000, 'producing');
  const report = await within(publisher.finish(), 120_000, 'finish');

  t.equal(report.error, undefined);
  t.match(report.counters, { acked: total, unsent: 0 });
  t.ok(maxInFlight <= window);
  t.match(events[0], { kind: 'blocked', reason: /memory/ });
  t.ok(events.some((e) => e.kind === 'unblocked'), 'unblocked seen');
  t.equal(await scratch.count(), total);
});
