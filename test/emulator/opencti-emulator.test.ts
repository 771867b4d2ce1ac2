import t, { type Test } from 'tap';
import amqp from 'amqplib';
import { graphqlClient } from '../../sinks/opencti/graphql-client.js';
import {
  pingConnector,
  registerConnector,
} from '../../sinks/opencti/connector-operations.js';
import { addExpectations, toProcessed, workAdd } from '../../sinks/opencti/work-operations.js';
import { OpenCtiEmulator } from '../helpers/opencti-emulator.js';
import { publishToPushQueue, pyctiMessage } from '../helpers/pycti-publisher.js';

const FAST = { retries: 0, minTimeout: 1, maxTimeout: 2 };
const REGISTRATION = {
  id: 'a1b2c3d4-0000-4000-8000-000000000001',
  name: 'Emulator test',
  type: 'EXTERNAL_IMPORT' as const,
  scope: ['identity', 'location'],
};

async function started(t: Test, broker = true) {
  const emulator = await OpenCtiEmulator.start(broker ? {} : { broker: false });
  t.teardown(() => emulator.close());
  const client = graphqlClient({ url: emulator.url, token: emulator.token, retry: FAST });
  return { emulator, client };
}

async function registered(t: Test) {
  const { emulator, client } = await started(t);
  const connector = (await registerConnector(client, REGISTRATION))._unsafeUnwrap();
  return { emulator, client, connector };
}

const identity = (n: number) => ({
  type: 'identity',
  spec_version: '2.1',
  id: `identity--00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  name: `Example ${n}`,
  identity_class: 'class',
});

const bundleOf = (...objects: unknown[]) => ({ type: 'bundle', id: 'bundle--1', objects });

t.test('invalid documents and variables are refused and recorded', async (t) => {
  const { emulator, client } = await started(t, false);

  const unknownField = await client.request('bad', 'query bad { about { nope } }');
  const syntax = await client.request('broken', 'query broken { about { version }');
  const variables = await client.request(
    'workAdd',
    'mutation workAdd($connectorId: String!) { workAdd(connectorId: $connectorId) { id } }',
    { connectorId: 42 },
  );

  t.equal(unknownField._unsafeUnwrapErr().status, 400);
  t.equal(unknownField._unsafeUnwrapErr().kind, 'graphql-errors');
  t.same(
    emulator.invalidOperations.map((entry) => [entry.operation, entry.code]),
    [
      ['bad', 'GRAPHQL_VALIDATION_FAILED'],
      ['broken', 'GRAPHQL_PARSE_FAILED'],
      ['workAdd', 'BAD_USER_INPUT'],
    ],
  );
  t.match(emulator.invalidOperations[0].messages[0], /Cannot query field "nope"/);
  t.equal(syntax.isErr() && variables.isErr(), true);
});

t.test('a wrong token gets AUTH_REQUIRED, a valid operation never runs', async (t) => {
  const { emulator } = await started(t, false);
  const stranger = graphqlClient({ url: emulator.url, token: 'not-the-token', retry: FAST });

  const result = await registerConnector(stranger, REGISTRATION);

  const error = result._unsafeUnwrapErr();
  t.equal(error.kind, 'unauthenticated');
  t.same(error.errors.map((entry) => entry.code), ['AUTH_REQUIRED']);
  t.equal(emulator.state.connectors.size, 0);
  t.same(emulator.invalidOperations, []);
});

t.test('register declares the queues in RabbitMQ; close deletes them', async (t) => {
  const { emulator, connector } = await registered(t);
  const names = emulator.queues(REGISTRATION.id);
  t.equal(connector.config.push_exchange, `${emulator.prefix}amqp.worker.exchange`);
  t.equal(connector.config.push_routing, `${emulator.prefix}push_routing_${REGISTRATION.id}`);
  t.equal(connector.config.push, names.push);
  t.same(connector.config.connection, {
    host: '127.0.0.1', vhost: '/', use_ssl: false, port: 5672, user: 'guest', pass: 'guest',
  });
  t.equal(connector.connector_user_id, emulator.state.connectors.get(REGISTRATION.id)?.userId);

  const model = await amqp.connect('amqp://guest:guest@127.0.0.1:5672');
  t.teardown(() => model.close().catch(() => undefined));
  const channel = await model.createChannel();
  channel.on('error', () => undefined); // a missing queue closes the channel
  const queue = await channel.checkQueue(names.push);
  t.equal(queue.consumerCount, 1, 'the emulated worker consumes the push queue');

  await emulator.close();
  const gone = await channel.checkQueue(names.push).then(() => 'exists', () => 'deleted');
  t.equal(gone, 'deleted');
});

t.test('ping stores the state; a reset returns an empty state once', async (t) => {
  const { emulator, client } = await registered(t);
  const id = REGISTRATION.id;

  const first = await pingConnector(client, id, '{"last_run":1}');
  emulator.resetState(id);
  const afterReset = await pingConnector(client, id, '{"last_run":1}');
  const again = await pingConnector(client, id, '{"last_run":2}');
  const unknown = await pingConnector(client, 'no-such-connector', null);

  t.equal(first._unsafeUnwrap(), '{"last_run":1}');
  t.equal(afterReset._unsafeUnwrap(), '', 'the reset wins over the state sent');
  t.equal(again._unsafeUnwrap(), '{"last_run":2}');
  t.same(unknown._unsafeUnwrapErr().errors.map((e) => e.code), ['FUNCTIONAL_ERROR']);
  const reregistered = await registerConnector(client, REGISTRATION);
  t.equal(reregistered._unsafeUnwrap().connector_state, '{"last_run":2}');
  t.same(emulator.invalidOperations, []);
});

t.test('pycti-shaped messages are imported and counted on the work', async (t) => {
  const { emulator, client, connector } = await registered(t);
  const workId = (await workAdd(client, REGISTRATION.id, 'run'))._unsafeUnwrap();
  const applicantId = connector.connector_user_id;
  (await addExpectations(client, workId, 3))._unsafeUnwrap();

  await publishToPushQueue(connector, [
    pyctiMessage(bundleOf(identity(1)), { applicantId, workId, sequence: 1 }),
    pyctiMessage(bundleOf(identity(2)), { applicantId, workId, sequence: 2 }),
    pyctiMessage(bundleOf(identity(1)), { applicantId, workId, sequence: 3 }),
  ]);
  await emulator.waitFor(() => emulator.state.works.get(workId)?.processed === 3, '3 processed');
  (await toProcessed(client, workId, 'done'))._unsafeUnwrap();

  const work = emulator.state.works.get(workId);
  t.equal(work?.expected, 3);
  t.equal(work?.status, 'complete');
  t.equal(emulator.arrivals(identity(1).id), 2, 'an upsert counts every arrival');
  t.equal(emulator.arrivals(identity(2).id), 1);
  t.same(emulator.malformedMessages, []);
});

t.test('a bundle of several objects is split and adds its expectations', async (t) => {
  const { emulator, client, connector } = await registered(t);
  const workId = (await workAdd(client, REGISTRATION.id, 'run'))._unsafeUnwrap();
  const applicantId = connector.connector_user_id;

  const bundle = bundleOf(identity(1), identity(2), identity(1));
  await publishToPushQueue(connector, [pyctiMessage(bundle, { applicantId, workId })]);
  await emulator.waitFor(() => emulator.state.works.get(workId)?.processed === 2, 'split');

  t.equal(emulator.state.works.get(workId)?.expected, 2, 'one per distinct id');
  t.equal(emulator.arrivals(identity(1).id), 1);
});

t.test('malformed messages are recorded and dropped', async (t) => {
  const { emulator, connector } = await registered(t);
  const applicantId = connector.connector_user_id;
  const good = pyctiMessage(bundleOf(identity(9)), { applicantId });

  await publishToPushQueue(connector, [
    Buffer.from('not json'),
    { ...good, content: 'not base64!' },
    { ...good, applicant_id: 'someone-else' },
    { ...good, work_id: 'work_unknown' },
    pyctiMessage({ type: 'bundle', objects: [] }, { applicantId }),
    { ...good, bundle_type: undefined, update: 'yes' },
  ]);
  await publishToPushQueue(connector, [good], { persistent: false });
  await emulator.waitFor(() => emulator.malformedMessages.length === 7, '7 malformed');

  t.same(
    emulator.malformedMessages.map((entry) => entry.problems),
    [
      ['body is not JSON'],
      ['content is not base64'],
      [`applicant_id is not the connector's user ${applicantId}`],
      ['work_id work_unknown is not a known work'],
      ['the bundle has no objects'],
      ['bundle_type is not "QUEUE_BUNDLE"', 'update is not a boolean'],
      ['message is not persistent (deliveryMode 2)'],
    ],
  );
  t.equal(emulator.arrivals(identity(9).id), 0);
});

t.test('failures are injected per operation and counted', async (t) => {
  const { emulator, client } = await registered(t);
  emulator.failNext('workEdit', 'forbidden', 1);
  emulator.failNext('workAdd', 'http-500', 1);

  const refused = await workAdd(client, REGISTRATION.id, 'run');
  const workId = (await workAdd(client, REGISTRATION.id, 'run'))._unsafeUnwrap();
  const forbidden = await toProcessed(client, workId, 'done');
  const done = await toProcessed(client, workId, 'done');

  t.equal(refused._unsafeUnwrapErr().status, 500);
  t.equal(forbidden._unsafeUnwrapErr().kind, 'forbidden');
  t.equal(done._unsafeUnwrap(), workId);
  t.same(
    emulator.calls.map((call) => [call.operation, call.outcome]),
    [
      ['registerConnector', 'ok'],
      ['workAdd', 'http-500'],
      ['workAdd', 'ok'],
      ['toProcessed', 'forbidden'],
      ['toProcessed', 'ok'],
    ],
  );
});

t.test('registration fails like the platform when RabbitMQ is down', async (t) => {
  const broker = { host: '127.0.0.1', port: 1, vhost: '/', user: 'guest', pass: 'guest' };
  const emulator = await OpenCtiEmulator.start({ broker });
  t.teardown(() => emulator.close());
  const client = graphqlClient({ url: emulator.url, token: emulator.token, retry: FAST });

  const result = await registerConnector(client, REGISTRATION);

  t.same(result._unsafeUnwrapErr().errors.map((e) => e.code), ['DATABASE_ERROR']);
});

