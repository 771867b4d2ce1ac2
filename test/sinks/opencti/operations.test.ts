import t from 'tap';
import { graphqlClient } from '../../../sinks/opencti/graphql-client.js';
import {
  CONNECTOR_DOCUMENTS,
  about,
  pingConnector,
  registerConnector,
} from '../../../sinks/opencti/connector-operations.js';
import {
  WORK_DOCUMENTS,
  addExpectations,
  reportExpectation,
  toProcessed,
  workAdd,
} from '../../../sinks/opencti/work-operations.js';
import {
  STIX_BUNDLE_PUSH_DOCUMENT,
  stixBundlePush,
} from '../../../sinks/opencti/stix-bundle-push.js';
import { OpenCtiEmulator } from '../../helpers/opencti-emulator.js';
import { OPENCTI_VERSIONS, validateOperation } from '../../helpers/opencti-schema.js';

const CONNECTOR_ID = 'c0ffee00-0000-4000-8000-000000000042';
const BUNDLE = JSON.stringify({
  type: 'bundle',
  id: 'bundle--6f1c1e1a-1b1e-4c1d-9e1f-000000000001',
  objects: [
    {
      type: 'identity',
      spec_version: '2.1',
      id: 'identity--6f1c1e1a-1b1e-4c1d-9e1f-000000000002',
      name: 'Example Corp',
      identity_class: 'organization',
    },
  ],
});

/** Each document with the variables its function sends. */
const SENT: [string, string, Record<string, unknown>][] = [
  ['about', CONNECTOR_DOCUMENTS.about, {}],
  [
    'registerConnector',
    CONNECTOR_DOCUMENTS.registerConnector,
    {
      input: {
        id: CONNECTOR_ID, name: 'OpenCTI Datasets', type: 'EXTERNAL_IMPORT',
        scope: ['identity', 'location'], auto: false,
      },
    },
  ],
  [
    'pingConnector',
    CONNECTOR_DOCUMENTS.pingConnector,
    {
      id: CONNECTOR_ID,
      state: '{"last_run":1700000000}',
      connectorInfo: {
        run_and_terminate: false, buffering: false, queue_threshold: 500,
        queue_messages_size: 0, next_run_datetime: null, last_run_datetime: null,
      },
    },
  ],
  ['workAdd', WORK_DOCUMENTS.workAdd, { connectorId: CONNECTOR_ID, friendlyName: 'run' }],
  ['addExpectations', WORK_DOCUMENTS.addExpectations, { id: 'work_1', expectations: 3 }],
  [
    'reportExpectation',
    WORK_DOCUMENTS.reportExpectation,
    { id: 'work_1', error: { error: 'refused', source: 'identity--x' } },
  ],
  ['toProcessed', WORK_DOCUMENTS.toProcessed, { id: 'work_1', message: 'done', inError: false }],
  [
    'stixBundlePush',
    STIX_BUNDLE_PUSH_DOCUMENT,
    { connectorId: CONNECTOR_ID, bundle: BUNDLE, work_id: 'work_1' },
  ],
];

for (const version of OPENCTI_VERSIONS) {
  t.test(`every document and its variables validate against ${version}`, async (t) => {
    for (const [name, document, variables] of SENT) {
      t.same(validateOperation(document, variables, version, name), [], name);
    }
  });

  t.test(`a document off the ${version} schema is caught`, async (t) => {
    const broken = CONNECTOR_DOCUMENTS.registerConnector.replace('connector_state', 'state');
    const errors = validateOperation(broken, { input: null }, version);
    t.match(errors, [/^Cannot query field "state" on type "Connector"\./]);
    t.equal(errors.length, 1);
    const variables = { id: 'w', expectations: 'many' };
    const badVariables = validateOperation(WORK_DOCUMENTS.addExpectations, variables, version);
    t.match(badVariables, [/Int cannot represent non-integer value: "many"/]);
  });

  t.test(`the functions run a whole cycle against ${version}`, async (t) => {
    const emulator = await OpenCtiEmulator.start({ version });
    t.teardown(() => emulator.close());
    const client = graphqlClient({ url: emulator.url, token: emulator.token });
    const registration = {
      id: CONNECTOR_ID, name: 'OpenCTI Datasets', type: 'EXTERNAL_IMPORT' as const,
      scope: ['identity'],
    };
    const info = {
      runAndTerminate: true, buffering: false, queueThreshold: 500, queueMessagesSize: 0,
    };

    t.equal((await about(client))._unsafeUnwrap(), version);
    const registered = (await registerConnector(client, registration))._unsafeUnwrap();
    t.equal(registered.connector_state, null);
    const pinged = await pingConnector(client, CONNECTOR_ID, '{"n":1}', info);
    t.equal(pinged._unsafeUnwrap(), '{"n":1}');
    const workId = (await workAdd(client, CONNECTOR_ID, 'run'))._unsafeUnwrap();
    t.equal((await addExpectations(client, workId, 2))._unsafeUnwrap(), workId);
    t.equal((await stixBundlePush(client, CONNECTOR_ID, BUNDLE, workId))._unsafeUnwrap(), true);
    const failure = { error: 'refused', source: 'identity--x' };
    t.equal((await reportExpectation(client, workId, failure))._unsafeUnwrap(), workId);
    t.equal((await toProcessed(client, workId, 'done'))._unsafeUnwrap(), workId);

    const work = emulator.state.works.get(workId);
    t.same(
      [work?.expected, work?.processed, work?.status, work?.errors],
      [2, 2, 'complete', [{ message: 'refused', source: 'identity--x' }]],
    );
    t.same(emulator.state.connectors.get(CONNECTOR_ID)?.info, {
      run_and_terminate: true, buffering: false, queue_threshold: 500,
      queue_messages_size: 0, next_run_datetime: null, last_run_datetime: null,
    });
    t.same(emulator.invalidOperations, []);
  });
}

t.test('an unknown work is an error, not a success', async (t) => {
  const emulator = await OpenCtiEmulator.start({ broker: false });
  t.teardown(() => emulator.close());
  const client = graphqlClient({ url: emulator.url, token: emulator.token });

  const error = (await toProcessed(client, 'work_missing', 'done'))._unsafeUnwrapErr();

  t.equal(error.kind, 'graphql-errors');
  t.equal(error.operation, 'toProcessed');
  t.same(error.errors.map((entry) => entry.code), ['FUNCTIONAL_ERROR']);
});
