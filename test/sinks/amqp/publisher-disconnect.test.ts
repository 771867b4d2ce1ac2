// C27: unconfirmed publishes must survive a dropped connection.
import { connect } from 'amqplib';
import t, { type Test } from 'tap';
import { ConfirmingPublisher } from '../../../sinks/amqp/confirming-publisher.js';
import type { PublisherEvent } from '../../../sinks/amqp/publisher-options.js';
import { CuttingProxy } from '../../helpers/cutting-proxy.js';
import { ScratchQueue, within } from '../../helpers/rabbitmq-scratch.js';

const TOTAL = 10_000;
const CUT_AT = 6_000;

async function setUp(t: Test, name: string, refuseMs: number, reconnectTimeout: number) {
  const scratch = await ScratchQueue.create(t, name);
  const proxy = await CuttingProxy.start({ host: '127.0.0.1', port: 5672 });
  t.teardown(() => proxy.close());
  const confirmed = new Map<string, number>();
  const events: PublisherEvent[] = [];
  const publisher: ConfirmingPublisher<number> = new ConfirmingPublisher<number>({
    connect: () => connect(`amqp://guest:guest@127.0.0.1:${proxy.port}/%2F?heartbeat=5`),
    exchange: scratch.exchange,
    routingKey: scratch.routingKey,
    reconnectTimeout,
    backoff: { initialDelay: 50, maxDelay: 400 },
    onConfirm: (m) => {
      confirmed.set(m.id, (confirmed.get(m.id) ?? 0) + 1);
      if (confirmed.size === CUT_AT) proxy.cut(refuseMs);
    },
    onEvent: (e) => events.push(e),
  });
  let accepted = 0;
  for (let i = 0; i < TOTAL; i += 1) {
    const body = Buffer.from(JSON.stringify({ i, pad: 'x'.repeat(1000) }));
    if (!(await publisher.publish({ id: `m-${i}`, body, meta: i }))) break;
    accepted += 1;
  }
  const report = await within(publisher.finish(), 60_000, 'finish');
  return { scratch, proxy, confirmed, events, accepted, report };
}

t.test('cut after 6,000 confirms, back after 2 s: every message arrives', async (t) => {
  const { scratch, proxy, confirmed, events, accepted, report } =
    await setUp(t, 'cut', 2000, 30_000);

  t.equal(report.error, undefined);
  t.equal(accepted, TOTAL);
  t.equal(report.counters.acked, TOTAL);
  t.equal(report.counters.unsent, 0);
  t.equal(report.counters.reconnections, 1);
  t.ok(proxy.refused >= 1, `connections refused while down: ${proxy.refused}`);
  t.ok(report.counters.republished >= 1, `republished ${report.counters.republished}`);
  t.same([...confirmed.values()].filter((n) => n !== 1), [], 'each confirmed exactly once');
  t.same(events.map((e) => e.kind), ['disconnected', 'reconnected']);

  const received = await scratch.drain();
  const ids = new Set(received.map((m) => m.properties.messageId as string));
  t.equal(ids.size, TOTAL, 'distinct message ids in the queue = 10,000');
  t.ok(received.length >= TOTAL, `${received.length - TOTAL} harmless duplicates`);
  const notInQueue = [...confirmed.keys()].filter((id) => !ids.has(id));
  t.same(notInQueue, [], 'nothing reported confirmed that is not in the queue');
});

t.test('the proxy never comes back: fails in time, unsent returned', async (t) => {
  const { scratch, confirmed, events, accepted, report } =
    await setUp(t, 'gone', Infinity, 1500);

  t.equal(report.error?.failure, 'reconnect');
  t.match(report.error?.message, /could not reconnect to RabbitMQ within 1\.5 s/);
  t.equal(report.counters.acked, confirmed.size);
  t.ok(report.counters.acked >= CUT_AT && report.counters.acked < TOTAL);
  t.equal(report.unsent.length, report.counters.unsent);
  t.ok(report.unsent.length >= 1, `${report.unsent.length} unsent`);
  t.equal(report.counters.acked + report.unsent.length, accepted, 'acked + unsent = accepted');
  t.equal(report.counters.acked + report.unsent.length + (TOTAL - accepted), TOTAL,
    'acked + unsent + never accepted = total');
  const unsentIds = new Set(report.unsent.map((m) => m.id));
  t.notOk([...confirmed.keys()].some((id) => unsentIds.has(id)), 'no message both ways');
  t.same(events.map((e) => e.kind), ['disconnected', 'failed']);

  const ids = new Set((await scratch.drain()).map((m) => m.properties.messageId as string));
  t.same([...confirmed.keys()].filter((id) => !ids.has(id)), [], 'every confirmed one is queued');
});
