// C25: a bundle far larger than the broker's max_message_size, split into
// messages under 8 MiB. The broker here is RabbitMQ 3.10 (limit 128 MiB by
// default); the test lowers it to RabbitMQ 4's 16 MiB for new channels and
// restores the previous value afterwards.
import { connect } from 'amqplib';
import { from } from 'rxjs';
import t, { type Test } from 'tap';
import { toRabbitMq } from '../../../sinks/rabbitmq-sink.js';
import type { RabbitMqSinkEvent } from '../../../sinks/rabbitmq-sink-event.js';
import { AUTHOR_ID, organisationItems } from '../../helpers/amqp-test-objects.js';
import {
  LOCAL_RABBITMQ, rabbitEnv, rabbitmqctl, ScratchQueue, within,
} from '../../helpers/rabbitmq-scratch.js';

const BROKER_LIMIT = 16 * 1024 * 1024;
const CHUNK_LIMIT = 8 * 1024 * 1024;
const OBJECTS = 120_000;

async function lowerBrokerLimit(t: Test): Promise<void> {
  const previous = /^\{ok,(\d+)\}$/.exec(await rabbitEnv('max_message_size'));
  t.ok(previous, 'read the previous max_message_size');
  if (previous) {
    t.teardown(() => rabbitmqctl('eval',
      `application:set_env(rabbit, max_message_size, ${previous[1]}).`));
  }
  await rabbitmqctl('eval', `application:set_env(rabbit, max_message_size, ${BROKER_LIMIT}).`);
}

t.test('C25: 120,000 objects split under 8 MiB; the broker limit holds', async (t) => {
  await lowerBrokerLimit(t);
  const scratch = await ScratchQueue.create(t, 'c25');

  // The lowered limit is in force: one 17 MiB message closes the channel.
  const model = await connect('amqp://guest:guest@127.0.0.1:5672/%2F');
  t.teardown(() => model.close().catch(() => undefined));
  const probe = await model.createConfirmChannel();
  const closed = new Promise<Error>((resolve) => probe.on('error', resolve));
  probe.publish(scratch.exchange, scratch.routingKey, Buffer.alloc(BROKER_LIMIT + 1024 * 1024));
  const refusal = await within(closed, 30_000, 'the oversize probe');
  t.match(refusal.message, /406.*larger than configured max size 16777216/);

  const items = organisationItems(OBJECTS - 1, 420);
  const inputBytes = items.reduce((sum, item) => sum + item.record.bytes, 0);
  t.ok(inputBytes > 49_000_000, `${inputBytes} bytes of JSON`);
  const events: RabbitMqSinkEvent[] = [];
  const options = {
    connection: LOCAL_RABBITMQ, exchange: scratch.exchange, routingKey: scratch.routingKey,
    applicantId: 'connector-user-1', maxMessageBytes: CHUNK_LIMIT,
    objectsPerMessage: Number.MAX_SAFE_INTEGER,
  };

  const error = await within(new Promise<unknown>((resolve) => {
    from(items).pipe(toRabbitMq(options)).subscribe({
      next: (e) => events.push(e), error: resolve, complete: () => resolve(undefined),
    });
  }), 110_000, 'sink');

  t.equal(error, undefined, 'no channel close (406), no error');
  const written = events.filter((e) => e.kind === 'written');
  t.equal(written.reduce((sum, e) => sum + e.count, 0), OBJECTS);
  const received = await scratch.drain();
  t.equal(received.length, written.length);
  t.ok(received.length >= 8, `${received.length} messages`);
  const seen = new Set<string>();
  let encoded = 0;
  for (const message of received) {
    encoded += message.content.length;
    t.ok(message.content.length < CHUNK_LIMIT, `${message.content.length} < 8 MiB`);
    const envelope = JSON.parse(message.content.toString('utf8'));
    const bundle = JSON.parse(Buffer.from(envelope.content, 'base64').toString('utf8'));
    t.equal(bundle.objects[0].id, AUTHOR_ID, `message ${envelope.action_sequence} has its author`);
    for (const object of bundle.objects) seen.add(object.id);
  }
  t.ok(encoded > 66_000_000, `${encoded} bytes once base64 in envelopes`);
  t.equal(seen.size, OBJECTS);
  const inputIds = new Set(items.map((item) => item.record.object.id as string));
  t.ok([...seen].every((id) => inputIds.has(id)), 'union of message ids = input ids');
});
