import t from 'tap';
import { API, attemptsOf, failedClearly, primed } from '../helpers/api-fault-checks.js';
import type { InjectedFailure } from '../helpers/opencti-emulator.js';

const pushFaults: Array<[InjectedFailure, RegExp]> = [
  ['http-500', /http-status; HTTP 500/],
  ['graphql-error', /graphql-errors.*UNKNOWN_ERROR/],
  ['forbidden', /forbidden.*FORBIDDEN_ACCESS/],
];
for (const [kind, pattern] of pushFaults) {
  t.test(`stixBundlePush (API protocol) answering ${kind}: the work is closed in error`, async (t) => {
    const setup = await primed(t);
    setup.emulator.failNext('stixBundlePush', kind, attemptsOf(kind));
    const run = await setup.run(['--force'], API);
    failedClearly(t, setup, run, 'stixBundlePush', pattern, setup.before);
    const last = setup.works().at(-1)!;
    t.equal(setup.works().length, setup.worksBefore + 1);
    t.same(last.processedReports.map((r) => r.inError), [true], 'the work is in error');
    t.match(last.processedReports[0].message, /stixBundlePush/);
  });
}

t.test('addExpectations (AMQP protocol) answering 500: the work is closed in error', async (t) => {
  const setup = await primed(t);
  setup.emulator.failNext('addExpectations', 'http-500', attemptsOf('http-500'));
  const run = await setup.run(['--force']);
  failedClearly(t, setup, run, 'addExpectations', /HTTP 500/, setup.before);
  const last = setup.works().at(-1)!;
  t.same(last.processedReports.map((r) => r.inError), [true]);
  t.match(last.processedReports[0].message, /addExpectations/);
  t.match(last.processedReports[0].message, /balanced/, 'the accounting still balances');
});

t.test('a single 500 on the push is retried and the run succeeds', async (t) => {
  const setup = await primed(t);
  setup.emulator.failNext('stixBundlePush', 'http-500', 1);
  const run = await setup.run(['--force'], API);
  t.equal(run.code, 0, run.stderr.slice(-1000));
  await setup.settle();
  const last = setup.works().at(-1)!;
  t.same(last.processedReports.map((r) => r.inError), [false]);
  t.equal(last.processed, 721);
  t.ok(setup.storedState().last_run >= setup.before.last_run);
});
