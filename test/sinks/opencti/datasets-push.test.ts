import t from 'tap';
import { readFileSync } from 'node:fs';
import { firstValueFrom, from, toArray } from 'rxjs';
import { objectItem, type ObjectItem } from '../../../core/item.js';
import type { JsonObject } from '../../../core/json.js';
import { DATASET_ROLES } from '../../../core/record.js';
import { openCtiApiSink } from '../../../sinks/opencti-api-sink.js';
import { registerConnector } from '../../../sinks/opencti/connector-operations.js';
import { graphqlClient } from '../../../sinks/opencti/graphql-client.js';
import { addExpectations, toProcessed, workAdd } from '../../../sinks/opencti/work-operations.js';
import { OpenCtiEmulator } from '../../helpers/opencti-emulator.js';
import { OPENCTI_VERSIONS } from '../../helpers/opencti-schema.js';
import { publishToPushQueue, pyctiMessage } from '../../helpers/pycti-publisher.js';
import { sharedPath } from '../../helpers/shared-dir.js';

const DATASETS = process.env.DATASETS_DIR ?? sharedPath('datasets');
const REGISTRATION = {
  id: 'd47a5e75-0000-4000-8000-000000000001',
  name: 'OpenCTI Datasets',
  type: 'EXTERNAL_IMPORT' as const,
  scope: ['identity', 'location', 'relationship'],
};

/** The 723 objects of the real datasets, sectors, geography, companies. */
function datasetItems(): ObjectItem[] {
  return DATASET_ROLES.flatMap((role) => {
    const source = `${DATASETS}/${role}.json`;
    const bundle = JSON.parse(readFileSync(source, 'utf8')) as { objects: JsonObject[] };
    return bundle.objects.map((object, index) =>
      objectItem({ source, index, object, bytes: JSON.stringify(object).length, role }),
    );
  });
}

const countIds = (input: ObjectItem[]) => {
  const counts = new Map<string, number>();
  for (const item of input) {
    const id = item.record.object.id as string;
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
};

for (const version of OPENCTI_VERSIONS) {
  t.test(`the datasets go through stixBundlePush to OpenCTI ${version}`, async (t) => {
    const emulator = await OpenCtiEmulator.start({ version });
    t.teardown(() => emulator.close());
    const client = graphqlClient({ url: emulator.url, token: emulator.token });
    const input = datasetItems();
    const limit = 64 * 1024;

    (await registerConnector(client, REGISTRATION))._unsafeUnwrap();
    const workId = (await workAdd(client, REGISTRATION.id, 'datasets run'))._unsafeUnwrap();
    const sink = openCtiApiSink({
      client, connectorId: REGISTRATION.id, workId, maxBundleBytes: limit,
    });
    const events = await firstValueFrom(from(input).pipe(sink, toArray()));
    (await toProcessed(client, workId, 'datasets loaded'))._unsafeUnwrap();

    t.equal(input.length, 723);
    t.ok(emulator.pushedBundles.length >= 5, `${emulator.pushedBundles.length} bundles`);
    t.ok(emulator.pushedBundles.every((bundle) => bundle.bytes <= limit), 'none over the limit');
    t.equal(events.reduce((sum, event) => sum + event.count, 0), 723);
    const arrivals = new Map(emulator.state.arrivals);
    t.same(arrivals, countIds(input), 'every object arrived, once per copy');
    t.equal(emulator.state.objects.size, 721, 'the author, in all three files, is one object');
    const work = emulator.state.works.get(workId);
    t.equal(work?.expected, work?.processed);
    t.same([work?.processed, work?.status], [723, 'complete']);
    t.same(emulator.invalidOperations, []);
  });
}

t.test('the datasets published to the push queue, one object per message', async (t) => {
  const emulator = await OpenCtiEmulator.start();
  t.teardown(() => emulator.close());
  const client = graphqlClient({ url: emulator.url, token: emulator.token });
  const input = datasetItems();

  const registered = (await registerConnector(client, REGISTRATION))._unsafeUnwrap();
  const workId = (await workAdd(client, REGISTRATION.id, 'datasets run'))._unsafeUnwrap();
  (await addExpectations(client, workId, input.length))._unsafeUnwrap();
  const messages = input.map((item, i) =>
    pyctiMessage(
      { type: 'bundle', id: `bundle--${crypto.randomUUID()}`, objects: [item.record.object] },
      { applicantId: registered.connector_user_id, workId, sequence: i + 1 },
    ),
  );
  await publishToPushQueue(registered, messages);
  await emulator.waitFor(
    () => emulator.state.works.get(workId)?.processed === 723,
    '723 objects processed',
    20_000,
  );
  (await toProcessed(client, workId, 'datasets loaded'))._unsafeUnwrap();

  t.same(new Map(emulator.state.arrivals), countIds(input));
  const work = emulator.state.works.get(workId);
  t.same([work?.expected, work?.processed, work?.status], [723, 723, 'complete']);
  t.same(emulator.malformedMessages, []);
  t.same(emulator.invalidOperations, []);
});
