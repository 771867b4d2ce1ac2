import t from 'tap';
import { CuttingProxy } from '../helpers/cutting-proxy.js';
import { connectorSetup, errorLines } from '../helpers/fault-setup.js';
import type { CliRun } from '../helpers/run-cli.js';

const totalOf = (run: CliRun): Record<string, number> | undefined =>
  run.logs.find((log) => typeof log.total === 'object' && log.total !== null)?.total as
    | Record<string, number>
    | undefined;

t.test('the broker never comes back: a clear error, deferred objects, nothing claimed', async (t) => {
  const proxy = await CuttingProxy.start({ host: '127.0.0.1', port: 5672 });
  t.teardown(() => proxy.close());
  const { emulator, run, works, storedState } = await connectorSetup(t, {
    env: { MQ_HOST: '127.0.0.1', MQ_PORT: String(proxy.port) },
  });
  emulator.slow('addExpectations', 1_000);
  const running = run([], {}, 85_000);
  const end = Date.now() + 30_000;
  while (emulator.state.objects.size === 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 5));
  t.ok(emulator.state.objects.size > 0, 'the push began');
  proxy.cut(Infinity);
  const result = await running;
  t.equal(result.code, 1, result.stderr.slice(-2000));
  const errors = errorLines(result).map((e) => String(e.message));
  t.ok(errors.some((m) => /run failed/.test(m) && /127\.0\.0\.1/.test(m)), `a clear error: ${errors.join(' | ')}`);
  t.same(storedState(), {}, 'last_run not advanced');
  const [work] = works();
  t.same(work.processedReports.map((r) => r.inError), [true], 'the work is in error');
  t.match(work.processedReports[0].message, /balanced\)/);
  const total = totalOf(result)!;
  t.ok(total.deferred > 0, 'unsent objects are counted as deferred');
  t.equal(total.read, total.emitted + total.merged + total.rejected + total.deferred, 'the accounting balances');
  t.notOk(result.stderr.includes('guest:guest'));
});
