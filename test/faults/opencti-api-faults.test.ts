import t from 'tap';
import { closedPort, connectorSetup } from '../helpers/fault-setup.js';
import { API, attemptsOf, failedClearly, primed } from '../helpers/api-fault-checks.js';
import type { InjectedFailure } from '../helpers/opencti-emulator.js';

t.test('connection refused: registerConnector fails fast, nothing claimed', async (t) => {
  const setup = await connectorSetup(t);
  const port = await closedPort();
  const run = await setup.run([], { OPENCTI_URL: `http://127.0.0.1:${port}` });
  failedClearly(t, setup, run, 'registerConnector', /connection-refused/, {});
  t.equal(setup.works().length, 0);
});

const registerFaults: Array<[InjectedFailure, RegExp]> = [
  ['http-500', /http-status; HTTP 500/],
  ['graphql-error', /graphql-errors.*UNKNOWN_ERROR/],
  ['forbidden', /forbidden.*FORBIDDEN_ACCESS/],
];
for (const [kind, pattern] of registerFaults) {
  t.test(`registerConnector answering ${kind}`, async (t) => {
    const setup = await primed(t);
    setup.emulator.failNext('registerConnector', kind, attemptsOf(kind));
    const run = await setup.run(['--force']);
    failedClearly(t, setup, run, 'registerConnector', pattern, setup.before);
    t.equal(setup.works().length, setup.worksBefore, 'no new work was opened');
  });
}

for (const [kind, pattern] of registerFaults) {
  t.test(`workAdd answering ${kind}`, async (t) => {
    const setup = await primed(t);
    setup.emulator.failNext('workAdd', kind, attemptsOf(kind));
    const run = await setup.run(['--force']);
    failedClearly(t, setup, run, 'workAdd', pattern, setup.before);
    t.equal(setup.works().length, setup.worksBefore, 'no new work was opened');
  });
}

t.test('CONFIG_HTTP_RETRIES bounds the API retries (regression: the client always retried 5 times, ~50 s)', async (t) => {
  const setup = await primed(t);
  const calls = () => setup.emulator.calls.filter((c) => c.operation === 'registerConnector').length;
  const before = calls();
  setup.emulator.failNext('registerConnector', 'http-500', 3);
  const run = await setup.run(['--force'], { CONFIG_HTTP_RETRIES: '2' });
  failedClearly(t, setup, run, 'registerConnector', /HTTP 500/, setup.before);
  t.equal(calls() - before, 3, 'one attempt and two retries');
});

t.test('a wrong token: unauthenticated on registerConnector, the token never printed', async (t) => {
  const setup = await primed(t);
  const wrong = 'wrong-token-5f1c2d9e-0000-4000-8000-abcdefabcdef';
  const run = await setup.run(['--force'], { OPENCTI_TOKEN: wrong });
  failedClearly(t, setup, run, 'registerConnector', /unauthenticated.*AUTH_REQUIRED/, setup.before);
  t.notOk(run.stderr.includes(wrong) || run.stdout.includes(wrong), 'the wrong token is not printed either');
  t.equal(setup.works().length, setup.worksBefore);
});
