import t from 'tap';
import { ALL_IDS as allIds, connectorSetup } from '../helpers/fault-setup.js';
import { runCli } from '../helpers/run-cli.js';

const setup = (t: Tap.Test, protocol: 'amqp' | 'api' = 'amqp') => connectorSetup(t, { protocol });

t.test('the connector pushes the 721 objects once over RabbitMQ and keeps its state', async (t) => {
  const { emulator, datasets, connectorId, run, works, storedState, settle } = await setup(t);

  const first = await run();
  t.equal(first.code, 0, first.stderr.slice(-2000));
  await settle();
  t.equal(emulator.state.objects.size, 721);
  t.same(
    [...emulator.state.objects.keys()].filter((id) => !allIds.has(id)),
    [],
  );
  t.ok(
    [...allIds].every((id) => emulator.arrivals(id) === 1),
    'every object arrived exactly once',
  );
  const [work] = works();
  t.equal(work.expected, 721);
  t.equal(work.processed, 721);
  t.same(
    work.processedReports.map((r) => r.inError),
    [false],
  );
  const state = storedState();
  t.type(state.last_run, 'number');
  t.ok(Math.abs(state.last_run - Date.now() / 1000) < 120, 'last_run is now, in epoch seconds');
  t.same(Object.keys(state.datasets).sort(), ['companies', 'geography', 'sectors']);
  t.same(emulator.invalidOperations, [], 'every GraphQL operation validates against the schema');
  t.same(emulator.malformedMessages, []);

  const second = await run();
  t.equal(second.code, 0, second.stderr.slice(-3000));
  t.equal(works().length, 2);
  t.equal(works()[1].expected, 0, 'unchanged datasets are not pushed again');
  t.match(works()[1].processedReports[0].message, /no dataset changed/);
  t.ok(
    datasets.requests.filter((r) => r.conditional).every((r) => r.status === 304),
    'conditional requests answered 304',
  );
  t.ok([...allIds].every((id) => emulator.arrivals(id) === 1));

  emulator.resetState(connectorId);
  const third = await run();
  t.equal(third.code, 0);
  await settle();
  t.ok(
    [...allIds].every((id) => emulator.arrivals(id) === 2),
    'a reset state pushes everything again',
  );
  t.equal(works()[2].expected, 721);
});

t.test('a failing dataset URL leaves last_run unchanged and the work in error', async (t) => {
  const { emulator, datasets, run, works, storedState, settle } = await setup(t);
  t.equal((await run()).code, 0);
  await settle();
  const before = storedState();

  datasets.fail('geography', 500);
  const failed = await run();
  t.equal(failed.code, 1);
  const last = works().at(-1)!;
  t.same(
    last.processedReports.map((r) => r.inError),
    [true],
  );
  t.match(last.processedReports[0].message, /geography/);
  t.match(last.processedReports[0].message, /500/);
  t.same(storedState(), before, 'state (and last_run) unchanged');
  t.notMatch(failed.stderr, new RegExp(emulator.token), 'the token never appears');
});

t.test('the API protocol delivers the same 721 objects', async (t) => {
  const { emulator, run, works, settle } = await setup(t, 'api');
  const result = await run();
  t.equal(result.code, 0, result.stderr.slice(-2000));
  await settle();
  t.equal(emulator.state.objects.size, 721);
  t.ok([...allIds].every((id) => emulator.arrivals(id) === 1));
  t.ok(emulator.pushedBundles.length >= 1);
  const [work] = works();
  t.equal(work.processed, work.expected);
  t.same(emulator.invalidOperations, []);
});

t.test('missing connection settings stop the run with one clear message', async (t) => {
  const result = await runCli(['run'], { env: { CONNECTOR_RUN_AND_TERMINATE: 'true' } });
  t.equal(result.code, 1);
  t.match(result.stderr, /set OPENCTI_URL, OPENCTI_TOKEN, CONNECTOR_ID/);
});
