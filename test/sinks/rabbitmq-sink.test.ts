import { from, lastValueFrom, Subject, toArray } from 'rxjs';
import type { ObjectItem } from '../../core/item.js';
import t from 'tap';
import { SinkError } from '../../sinks/sink-error.js';
import { toRabbitMq, type RabbitMqSinkOptions } from '../../sinks/rabbitmq-sink.js';
import type { RabbitMqSinkEvent } from '../../sinks/rabbitmq-sink-event.js';
import { objectItemOf, organisation, organisationItems } from '../helpers/amqp-test-objects.js';
import { CuttingProxy } from '../helpers/cutting-proxy.js';
import { LOCAL_RABBITMQ, ScratchQueue, within } from '../helpers/rabbitmq-scratch.js';

const base = (scratch: ScratchQueue): RabbitMqSinkOptions => ({
  connection: LOCAL_RABBITMQ,
  exchange: scratch.exchange,
  routingKey: scratch.routingKey,
  applicantId: 'connector-user-1',
  workId: 'work-1',
  connectionName: 'opencti-datasets test',
});

const ofKind = <K extends RabbitMqSinkEvent['kind']>(events: RabbitMqSinkEvent[], kind: K) =>
  events.filter((e): e is Extract<RabbitMqSinkEvent, { kind: K }> => e.kind === kind);

const decode = (body: Buffer) => {
  const envelope = JSON.parse(body.toString('utf8'));
  const bundle = JSON.parse(Buffer.from(envelope.content, 'base64').toString('utf8'));
  return { envelope, objects: bundle.objects as Array<{ id: string }> };
};

t.test('10,000 objects: one confirmed message each, in order', async (t) => {
  const scratch = await ScratchQueue.create(t, 'sink');
  const items = organisationItems(9_999);
  let queuedWhenDone = -1;
  const events: RabbitMqSinkEvent[] = [];

  await within(new Promise<void>((resolve, reject) => {
    from(items).pipe(toRabbitMq(base(scratch))).subscribe({
      next: (event) => events.push(event),
      error: reject,
      complete: () => void scratch.count().then((n) => {
        queuedWhenDone = n;
        resolve();
      }),
    });
  }), 60_000, 'sink');

  const written = ofKind(events, 'written');
  t.equal(written.reduce((sum, e) => sum + e.count, 0), 10_000);
  t.ok(written.every((e) => e.count === 1 && e.bytes > 400));
  t.equal(queuedWhenDone, 10_000, 'every message was in the queue when the sink completed');
  const [summary] = ofKind(events, 'summary');
  t.match(summary.counters, {
    sent: 10_000, acked: 10_000, unsent: 0, written: 10_000, rejected: 0, deferred: 0,
  });
  t.equal(events[events.length - 1].kind, 'summary', 'summary comes last');

  const received = await scratch.drain();
  t.equal(received.length, 10_000);
  t.equal(received[0].properties.deliveryMode, 2);
  t.equal(received[0].properties.contentType, 'application/json');
  const decoded = received.map((m) => decode(m.content));
  t.same(decoded.map((d) => d.envelope.action_sequence), items.map((_, i) => i + 1));
  t.same(decoded.map((d) => d.objects[0].id), items.map((i) => i.record.object.id));
  t.match(decoded[5].envelope, {
    bundle_type: 'QUEUE_BUNDLE', applicant_id: 'connector-user-1', work_id: 'work-1',
    update: true, draft_id: null, entities_types: [],
  });
});

t.test('nothing is reported written that the broker did not confirm', async (t) => {
  const scratch = await ScratchQueue.create(t, 'sink-missing');
  const events: RabbitMqSinkEvent[] = [];

  const error = await within(new Promise<unknown>((resolve) => {
    from(organisationItems(2)).pipe(toRabbitMq({ ...base(scratch), exchange: 'test.missing' }))
      .subscribe({ next: (e) => events.push(e), error: resolve, complete: () => resolve(null) });
  }), 10_000, 'sink');

  t.match(error, { name: 'SinkError', cause: { failure: 'channel' } });
  t.match((error as Error).message, /404.*test\.missing/);
  t.same(ofKind(events, 'written'), []);
  t.same(ofKind(events, 'deferred').map((e) => e.item.record.index), [0, 1, 2]);
});

t.test('an object over maxMessageBytes is rejected; the rest are written', async (t) => {
  const scratch = await ScratchQueue.create(t, 'sink-reject');
  const items = organisationItems(20);
  items[7] = objectItemOf(organisation(7, 30_000), 7);

  const events = await within(lastValueFrom(from(items).pipe(
    toRabbitMq({ ...base(scratch), maxMessageBytes: 20_000 }), toArray())), 30_000, 'sink');

  const [rejected] = ofKind(events, 'rejected');
  t.match(rejected.item.record, { index: 7, source: 'generated.json' });
  t.match(rejected.item.problems[0], {
    rule: 'amqp-message-size', id: organisation(7).id, index: 7, pointer: '',
  });
  t.ok((rejected.item.problems[0].value as number) > 40_000);
  t.equal(ofKind(events, 'written').reduce((s, e) => s + e.count, 0), 20);
  t.match(ofKind(events, 'summary')[0].counters, { written: 20, rejected: 1, deferred: 0 });
  t.equal(await scratch.count(), 20);
});

t.test('broker gone for good: written + deferred = input, SinkError', async (t) => {
  const scratch = await ScratchQueue.create(t, 'sink-gone');
  const proxy = await CuttingProxy.start({ host: '127.0.0.1', port: 5672 });
  t.teardown(() => proxy.close());
  const items = organisationItems(9_999);
  const events: RabbitMqSinkEvent[] = [];
  let written = 0;
  const options: RabbitMqSinkOptions = {
    ...base(scratch),
    connection: { ...LOCAL_RABBITMQ, port: proxy.port },
    reconnectTimeout: 1000,
    backoff: { initialDelay: 50, maxDelay: 200 },
  };

  const error = await within(new Promise<unknown>((resolve) => {
    from(items).pipe(toRabbitMq(options)).subscribe({
      next: (event) => {
        events.push(event);
        if (event.kind === 'written') written += event.count;
        if (event.kind === 'written' && written === 6000) proxy.cut(Infinity);
      },
      error: resolve,
      complete: () => resolve(undefined),
    });
  }), 30_000, 'sink');

  t.type(error, SinkError);
  t.match((error as SinkError).message,
    /write amqp:\/\/guest@127\.0\.0\.1:\d+\/%2F .*could not reconnect to RabbitMQ within 1 s/);
  t.notMatch((error as SinkError).message, /guest:guest/, 'no password in the message');
  const deferred = ofKind(events, 'deferred');
  t.equal(written + deferred.length, 10_000, 'written + deferred = input');
  t.ok(deferred.length > 0);
  t.match(deferred[0].item.problems[0], { rule: 'amqp-unsent' });
  const [summary] = ofKind(events, 'summary');
  t.match(summary.counters, { written, deferred: deferred.length, rejected: 0 });
  t.same(ofKind(events, 'broker').map((e) => e.event.kind), ['disconnected', 'failed']);
  const indexes = [...events.flatMap((e) => (e.kind === 'deferred' ? [e.item.record.index] : []))];
  t.equal(new Set(indexes).size, indexes.length, 'no object deferred twice');
});

/** Resolves once `check` holds, polling every 20 ms (bounded by `within`). */
async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 20));
}

t.test('a partial message is sent when the input pauses (credit window)', async (t) => {
  const scratch = await ScratchQueue.create(t, 'sink-idle');
  const input = new Subject<ObjectItem>();
  const items = organisationItems(9);
  const written: number[] = [];
  let ended: unknown = 'running';
  input.pipe(toRabbitMq({ ...base(scratch), objectsPerMessage: 1000 })).subscribe({
    next: (e) => e.kind === 'written' && written.push(e.count),
    error: (error) => (ended = error),
    complete: () => (ended = undefined),
  });

  items.slice(0, 4).forEach((item) => input.next(item));
  await within(until(() => written.length === 1), 10_000, 'the first message');
  items.slice(4).forEach((item) => input.next(item));
  input.complete();
  await within(until(() => ended !== 'running'), 10_000, 'completion');

  t.equal(ended, undefined);
  t.same(written, [4, 6], 'two messages: one per pause');
  const messages = await scratch.drain();
  const ids = messages.map((m) => decode(m.content).objects.map((o) => o.id));
  t.same(ids[1][0], items[0].record.object.id, 'the second message carries the author');
  t.equal(ids[1].length, 7);
});

t.test('a failure while the input pauses still ends the run', async (t) => {
  const scratch = await ScratchQueue.create(t, 'sink-idle-fail');
  const proxy = await CuttingProxy.start({ host: '127.0.0.1', port: 5672 });
  t.teardown(() => proxy.close());
  const input = new Subject<ObjectItem>();
  const items = organisationItems(4);
  const events: RabbitMqSinkEvent[] = [];
  let ended: unknown = 'running';
  const sub = input.pipe(toRabbitMq({
    ...base(scratch), connection: { ...LOCAL_RABBITMQ, port: proxy.port }, reconnectTimeout: 800,
  })).subscribe({
    next: (e) => events.push(e),
    error: (error) => (ended = error),
    complete: () => (ended = undefined),
  });
  t.teardown(() => sub.unsubscribe());

  items.slice(0, 3).forEach((item) => input.next(item));
  await within(until(() => ofKind(events, 'written').length === 3), 10_000, 'three confirms');
  proxy.cut(Infinity);
  items.slice(3).forEach((item) => input.next(item));
  await within(until(() => ended !== 'running'), 10_000, 'the failure');

  t.type(ended, SinkError, 'failed although the input never completed');
  t.same(ofKind(events, 'deferred').map((e) => e.item.record.index), [3, 4]);
  t.match(ofKind(events, 'summary')[0].counters, { written: 3, deferred: 2 });
});

t.test('bad options throw at construction', async (t) => {
  const options = { connection: LOCAL_RABBITMQ, exchange: 'x', routingKey: 'y' };
  t.throws(() => toRabbitMq({ ...options, applicantId: '' }), RangeError);
  t.throws(() => toRabbitMq({ ...options, applicantId: 'u', maxMessageBytes: 0 }), RangeError);
  t.throws(() => toRabbitMq({ ...options, applicantId: 'u', maxInFlight: -1 }), RangeError);
});
