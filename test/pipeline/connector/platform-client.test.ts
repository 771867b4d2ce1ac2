import t from 'tap';
import { Writable } from 'node:stream';
import { loadSettings } from '../../../pipeline/config/load-settings.js';
import { explained, platformClient } from '../../../pipeline/connector/platform-client.js';
import { createLogger, Secrets } from '../../../pipeline/logger.js';
import { selfSignedServer } from '../../helpers/self-signed.js';

const ABOUT = 'query about { about { version } }';

/** The client `run` builds from `env`, and the log lines it writes. */
function clientFor(env: Record<string, string>) {
  const settings = loadSettings({
    env: { OPENCTI_TOKEN: 'secret-token', CONFIG_HTTP_RETRIES: '0', ...env },
    configPath: '/nonexistent/config.yml',
  })._unsafeUnwrap();
  const lines: string[] = [];
  const logger = createLogger({
    name: 'test', level: 'info', secrets: new Secrets(settings.secrets),
    destination: new Writable({ write: (chunk, _e, done) => (lines.push(String(chunk)), done()) }),
  });
  return { client: platformClient(settings, logger), lines };
}

t.test('OPENCTI_SSL_VERIFY=false reaches a platform with a self-signed certificate', async (t) => {
  const server = await selfSignedServer((_request, response) => {
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ data: { about: { version: '6.8.10' } } }));
  });
  t.teardown(server.close);

  const strict = clientFor({ OPENCTI_URL: server.url }).client;
  const error = (await strict.request('about', ABOUT))._unsafeUnwrapErr();
  t.equal(error.kind, 'network', 'verified by default: the certificate is refused');
  t.equal(error.attempts, 1, 'a refused certificate is not retried');
  t.match(error.message, /self-signed certificate/);
  const told = explained(error, strict);
  t.match(told, /; the platform's certificate was refused: .* or set OPENCTI_SSL_VERIFY=false$/);
  t.equal(told.split(strict.endpoint).length, 2, 'the endpoint is named once');

  const { client } = clientFor({ OPENCTI_URL: server.url, OPENCTI_SSL_VERIFY: 'false' });
  t.same((await client.request('about', ABOUT))._unsafeUnwrap(), { about: { version: '6.8.10' } });
});

t.test('CONFIG_HTTP_TIMEOUT bounds each call to the platform', async (t) => {
  const server = await selfSignedServer(() => undefined); // never answers
  t.teardown(server.close);
  const { client, lines } = clientFor({
    OPENCTI_URL: server.url, OPENCTI_SSL_VERIFY: 'false',
    CONFIG_HTTP_TIMEOUT: '0.2', CONFIG_HTTP_RETRIES: '1',
  });

  const started = Date.now();
  const error = (await client.request('about', ABOUT))._unsafeUnwrapErr();

  t.equal(error.kind, 'timeout');
  t.equal(error.attempts, 2);
  t.match(error.message, `no complete answer from ${server.url}/graphql within 200 ms`);
  t.ok(Date.now() - started < 10_000, 'not the 60 s default');
  t.equal(lines.length, 1, 'the retry is logged once');
  t.match(JSON.parse(lines[0]), { operation: 'about', kind: 'timeout' });
});

t.test('a bare 401 or 403 is a token problem, and the message says where and what to check',
  async (t) => {
    const statuses = [401, 403, 502];
    const server = await selfSignedServer((_request, response) => {
      response.statusCode = statuses.shift() ?? 500;
      response.end('<html>no</html>');
    });
    t.teardown(server.close);
    const { client } = clientFor({ OPENCTI_URL: server.url, OPENCTI_SSL_VERIFY: 'false' });
    const endpoint = `${server.url}/graphql`;

    const unauthenticated = (await client.request('about', ABOUT))._unsafeUnwrapErr();
    const forbidden = (await client.request('about', ABOUT))._unsafeUnwrapErr();
    const proxy = (await client.request('about', ABOUT))._unsafeUnwrapErr();

    t.same([unauthenticated.kind, forbidden.kind, proxy.kind],
      ['unauthenticated', 'forbidden', 'http-status']);
    t.equal(explained(unauthenticated, client),
      `OpenCTI about failed: unauthenticated; HTTP 401 (${endpoint}); check OPENCTI_TOKEN`);
    t.match(explained(forbidden, client),
      `HTTP 403 (${endpoint}); the user of OPENCTI_TOKEN lacks`);
    t.equal(explained(proxy, client), `OpenCTI about failed: http-status; HTTP 502 (${endpoint})`);
    t.notOk(explained(unauthenticated, client).includes('secret-token'));
  });
