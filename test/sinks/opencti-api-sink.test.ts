import t, { type Test } from 'tap';
import { firstValueFrom, from, toArray } from 'rxjs';
import { objectItem, type ObjectItem } from '../../core/item.js';
import { openCtiApiSink } from '../../sinks/opencti-api-sink.js';
import { registerConnector } from '../../sinks/opencti/connector-operations.js';
import { graphqlClient } from '../../sinks/opencti/graphql-client.js';
import { ObjectTooLargeError } from '../../sinks/opencti/object-too-large-error.js';
import { OpenCtiError } from '../../sinks/opencti/opencti-error.js';
import { toProcessed, workAdd } from '../../sinks/opencti/work-operations.js';
import { OpenCtiEmulator } from '../helpers/opencti-emulator.js';

const CONNECTOR_ID = 'a0a0a0a0-0000-4000-8000-00000000a0a0';

const items = (count: number, description = ''): ObjectItem[] =>
  Array.from({ length: count }, (_, index) => {
    const object = {
      type: 'identity',
      spec_version: '2.1',
      id: `identity--00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
      name: `Example ${index}`,
      identity_class: 'organization',
      description,
    };
    return objectItem({ source: 'input.json', index, object, bytes: 0 });
  });

async function connected(t: Test) {
  const emulator = await OpenCtiEmulator.start({ broker: false });
  t.teardown(() => emulator.close());
  const retry = { retries: 1, minTimeout: 1, maxTimeout: 2 };
  const client = graphqlClient({ url: emulator.url, token: emulator.token, retry });
  const registration = {
    id: CONNECTOR_ID, name: 'Sink test', type: 'EXTERNAL_IMPORT' as const, scope: [],
  };
  (await registerConnector(client, registration))._unsafeUnwrap();
  const workId = (await workAdd(client, CONNECTOR_ID, 'run'))._unsafeUnwrap();
  return { emulator, client, workId };
}

t.test('objects are pushed in bundles under the byte limit, in order', async (t) => {
  const { emulator, client, workId } = await connected(t);
  const input = items(50, 'x'.repeat(100));

  const events = await firstValueFrom(
    from(input).pipe(
      openCtiApiSink({ client, connectorId: CONNECTOR_ID, workId, maxBundleBytes: 4_000 }),
      toArray(),
    ),
  );
  (await toProcessed(client, workId, 'done'))._unsafeUnwrap();

  t.ok(emulator.pushedBundles.length >= 3, `${emulator.pushedBundles.length} bundles`);
  t.ok(emulator.pushedBundles.every((bundle) => bundle.bytes <= 4_000), 'none over 4000 bytes');
  t.same(
    events.map((event) => [event.count, event.bytes]),
    emulator.pushedBundles.map((bundle) => [bundle.objects, bundle.bytes]),
  );
  t.equal(events.reduce((sum, event) => sum + event.count, 0), 50);
  t.same([...emulator.state.objects.keys()], input.map((item) => item.record.object.id));
  const work = emulator.state.works.get(workId);
  t.same([work?.expected, work?.processed, work?.status], [50, 50, 'complete']);
  t.same(emulator.invalidOperations, []);
});

t.test('a bundle of one object adds its own expectation', async (t) => {
  const { emulator, client, workId } = await connected(t);

  await firstValueFrom(
    from(items(3)).pipe(
      openCtiApiSink({ client, connectorId: CONNECTOR_ID, workId, maxBundleObjects: 2 }),
      toArray(),
    ),
  );

  t.same(emulator.pushedBundles.map((bundle) => bundle.objects), [2, 1]);
  t.same(
    emulator.calls.map((call) => call.operation),
    ['registerConnector', 'workAdd', 'stixBundlePush', 'addExpectations', 'stixBundlePush'],
  );
  const work = emulator.state.works.get(workId);
  t.same([work?.expected, work?.processed], [3, 3]);
});

t.test('an object too large alone ends the stream with an error naming it', async (t) => {
  const { emulator, client, workId } = await connected(t);
  const input = [...items(2), ...items(3, 'y'.repeat(5_000)).slice(2)];

  const sink = openCtiApiSink({ client, connectorId: CONNECTOR_ID, workId, maxBundleBytes: 4_000 });

  const error = await firstValueFrom(from(input).pipe(sink)).then(
    () => undefined,
    (e: unknown) => e,
  );

  t.type(error, ObjectTooLargeError);
  t.match((error as Error).message, /^input\.json: objects\[2\] identity--0+-0+-4000-8000-0+2 /);
  t.equal(emulator.pushedBundles.length, 0, 'nothing is sent after the error');
});

t.test('an API failure arrives on the error channel naming the operation', async (t) => {
  const { emulator, client, workId } = await connected(t);
  emulator.failNext('stixBundlePush', 'forbidden', 1);

  const error = await firstValueFrom(
    from(items(4)).pipe(openCtiApiSink({ client, connectorId: CONNECTOR_ID, workId }), toArray()),
  ).then(() => undefined, (e: unknown) => e);

  t.type(error, OpenCtiError);
  t.equal((error as OpenCtiError).operation, 'stixBundlePush');
  t.equal((error as OpenCtiError).kind, 'forbidden');
  t.equal(emulator.state.objects.size, 0);
});

t.test('bad limits are refused when the sink is built', async (t) => {
  const client = graphqlClient({ url: 'http://127.0.0.1:9', token: 'token-not-used' });
  const base = { client, connectorId: CONNECTOR_ID, workId: null };
  t.throws(() => openCtiApiSink({ ...base, maxBundleBytes: 0 }), RangeError);
  t.throws(() => openCtiApiSink({ ...base, maxBundleObjects: -1 }), RangeError);
});
