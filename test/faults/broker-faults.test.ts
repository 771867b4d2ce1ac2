import t from 'tap';
import { CuttingProxy } from '../helpers/cutting-proxy.js';
import { ALL_IDS, connectorSetup, until } from '../helpers/fault-setup.js';
import type { CliRun } from '../helpers/run-cli.js';

/** The accounting the connector logs at the end of a run (`total`). */
const totalOf = (run: CliRun): Record<string, number> | undefined =>
  run.logs.find((log) => typeof log.total === 'object' && log.total !== null)?.total as
    | Record<string, number>
    | undefined;

async function brokerSetup(t: Tap.Test) {
  const proxy = await CuttingProxy.start({ host: '127.0.0.1', port: 5672 });
  t.teardown(() => proxy.close());
  const setup = await connectorSetup(t, { env: { MQ_HOST: '127.0.0.1', MQ_PORT: String(proxy.port) } });
  // Two expectation batches (500 + 221): the pause between them lets the
  // cut land while the run still has objects to publish.
  setup.emulator.slow('addExpectations', 1_000);
  return { ...setup, proxy };
}

t.test('the broker connection drops mid-push and comes back: every object arrives', async (t) => {
  const { emulator, proxy, run, works, settle, storedState } = await brokerSetup(t);
  const running = run();
  const started = await until(() => emulator.state.objects.size > 0, 30_000);
  t.ok(started, 'the push began');
  const acceptedBefore = proxy.accepted;
  proxy.cut(1_500);
  const result = await running;
  t.equal(result.code, 0, result.stderr.slice(-2000));
  t.ok(proxy.accepted > acceptedBefore, 'the publisher connected again through the proxy');
  await settle();
  t.same([...ALL_IDS].filter((id) => emulator.arrivals(id) < 1), [], 'every one of the 721 ids arrived');
  t.equal(emulator.state.objects.size, 721, 'one object per id (re-sent objects are upserts)');
  const [work] = works();
  t.equal(work.expected, 721);
  // Known limitation: the messages unconfirmed when the link dropped are
  // published again, and the worker counts each copy it imports, so
  // `processed` passes `expected` by the number of copies (the platform then
  // sees the work complete when the last copy arrives, or earlier). The
  // exact count would need the broker to tell which copies it had enqueued.
  t.ok(work.processed >= work.expected, `processed ${work.processed} >= expected ${work.expected}`);
  t.same(work.processedReports.map((r) => r.inError), [false]);
  const total = totalOf(result);
  t.same(total && [total.read, total.emitted, total.merged, total.deferred], [723, 721, 2, 0]);
  t.type(storedState().last_run, 'number', 'last_run advanced');
  t.same(emulator.malformedMessages, []);
});
