import t from 'tap';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { closedPort, connectorSetup } from '../helpers/fault-setup.js';
import type { CliRun } from '../helpers/run-cli.js';

const TOKEN = 'tok-9Zq7-SECRET-c0ffee-4242';
const MQ_PASS = 'mqp-Xy81-SECRET-beef-7373';

/** Every form a secret could be printed in. */
const forms = (secret: string) => [secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64')];

function noSecrets(t: Tap.Test, run: CliRun, what: string) {
  const text = `${run.stdout}\n${run.stderr}`;
  t.ok(text.length > 0, `${what}: something was printed`);
  for (const secret of [TOKEN, MQ_PASS]) {
    for (const form of forms(secret)) {
      const line = text.split('\n').find((l) => l.includes(form));
      t.equal(line, undefined, `${what}: no line holds ${form.slice(0, 6)}…`);
    }
  }
}

/** A platform that answers every call with a 500 (or GraphQL errors) whose
 * body echoes the request's Authorization header. */
async function echoingServer(t: Tap.Test, kind: 'html' | 'graphql'): Promise<string> {
  const server: Server = createServer((request, response) => {
    request.resume();
    const auth = String(request.headers.authorization);
    if (kind === 'html') {
      response.writeHead(500, { 'content-type': 'text/html' });
      response.end(`<html>bad request with ${auth}</html>`);
    } else {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ errors: [{ message: `refused ${auth}`, extensions: { code: 'X' } }] }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

t.test('no failure prints the token or the broker password', async (t) => {
  const setup = await connectorSetup(t, { token: TOKEN, env: { MQ_PASS } });
  const secretsEnv = { OPENCTI_TOKEN: TOKEN, MQ_PASS };
  const scenarios: Array<[string, () => Promise<CliRun>]> = [
    ['bad configuration', () => setup.run([], { ...secretsEnv, CONFIG_INTERVAL: 'weekly', MQ_PORT: 'x' })],
    ['a secret given as another key (regression: the config error quoted it)', () => setup.run([], { ...secretsEnv, MQ_PORT: MQ_PASS, OPENCTI_URL: TOKEN })],
    ['unauthenticated', () => setup.run([], { OPENCTI_TOKEN: `${TOKEN}-wrong`, MQ_PASS })],
    ['500 echoing the header', async () => setup.run([], { ...secretsEnv, OPENCTI_URL: await echoingServer(t, 'html') })],
    ['GraphQL error echoing the header', async () =>
      setup.run([], { ...secretsEnv, OPENCTI_URL: await echoingServer(t, 'graphql') })],
    ['connection refused', async () =>
      setup.run([], { ...secretsEnv, OPENCTI_URL: `http://127.0.0.1:${await closedPort()}` })],
    ['wrong broker password', () => setup.run([], { ...secretsEnv, MQ_USER: 'guest' }, 85_000)],
  ];
  for (const [what, scenario] of scenarios) {
    const run = await scenario();
    t.not(run.code, 0, `${what}: the run fails`);
    noSecrets(t, run, what);
  }
});
