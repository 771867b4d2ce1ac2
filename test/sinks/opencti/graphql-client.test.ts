import t, { type Test } from 'tap';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { graphqlClient, isRetriable } from '../../../sinks/opencti/graphql-client.js';
import { about } from '../../../sinks/opencti/connector-operations.js';
import { OpenCtiError } from '../../../sinks/opencti/opencti-error.js';
import { OpenCtiEmulator } from '../../helpers/opencti-emulator.js';

const TOKEN = 'b7e4c1f2-5a6d-4e8f-9a0b-1c2d3e4f5a6b';
const FAST = { minTimeout: 1, maxTimeout: 2, randomize: false };

/** Every place a token could leak: message, stack, cause, inspection. */
function assertNoToken(t: Test, error: OpenCtiError, ...secrets: string[]): void {
  const cause = error.cause instanceof Error ? error.cause : undefined;
  const texts = [
    error.message,
    error.stack ?? '',
    cause?.message ?? '',
    cause?.stack ?? '',
    inspect(error, { depth: 10 }),
    JSON.stringify(error),
  ];
  for (const secret of secrets) {
    t.notOk(texts.some((text) => text.includes(secret)), 'the token appears nowhere');
  }
}

async function emulated(t: Test) {
  const emulator = await OpenCtiEmulator.start({ broker: false, token: TOKEN });
  t.teardown(() => emulator.close());
  return emulator;
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

t.test('connection refused is retried, each retry told, then named', async (t) => {
  const url = `http://127.0.0.1:${await closedPort()}`;
  const told: Array<[string, number]> = [];
  const client = graphqlClient({
    url, token: TOKEN, retry: { ...FAST, retries: 2 },
    onRetry: (error, left) => told.push([error.kind, left]),
  });

  const error = (await about(client))._unsafeUnwrapErr();

  t.same(told, [['connection-refused', 2], ['connection-refused', 1]], 'not the last failure');
  t.equal(error.kind, 'connection-refused');
  t.equal(error.operation, 'about');
  t.equal(error.attempts, 3);
  t.match(error.message, /^OpenCTI about failed: connection-refused; .*ECONNREFUSED/);
  assertNoToken(t, error, TOKEN);
});

t.test('a host name that does not exist, or a refused certificate, is not retried', async (t) => {
  const failure = (code: string) => Object.assign(new Error(`getaddrinfo ${code}`), { code });
  const network = (code: string) =>
    new OpenCtiError({ operation: 'about', kind: 'network', cause: failure(code) });
  t.notOk(isRetriable(network('ENOTFOUND')), 'no such host: a definitive answer');
  t.notOk(isRetriable(network('CERT_HAS_EXPIRED')));
  t.ok(isRetriable(network('EAI_AGAIN')), 'a DNS server that did not answer may next time');
  t.ok(isRetriable(network('ECONNRESET')));
});

t.test('HTTP 500 is retried, then fails with the status', async (t) => {
  const emulator = await emulated(t);
  emulator.failNext('about', 'http-500', 10);
  const client = graphqlClient({ url: emulator.url, token: TOKEN, retry: { ...FAST, retries: 2 } });

  const error = (await about(client))._unsafeUnwrapErr();

  t.equal(error.kind, 'http-status');
  t.equal(error.status, 500);
  t.equal(error.attempts, 3);
  t.equal(emulator.calls.filter((call) => call.outcome === 'http-500').length, 3);
  t.equal(error.message, 'OpenCTI about failed: http-status; HTTP 500');
  assertNoToken(t, error, TOKEN);
});

t.test('429 and a dropped connection are retried until an answer', async (t) => {
  const emulator = await emulated(t);
  emulator.failNext('about', 'http-429', 1);
  emulator.failNext('about', 'drop', 1);
  const client = graphqlClient({ url: emulator.url, token: TOKEN, retry: { ...FAST, retries: 2 } });

  const version = await about(client);

  t.equal(version._unsafeUnwrap(), '6.8.10');
  t.same(emulator.calls.map((call) => call.outcome), ['http-429', 'drop', 'ok']);
});

t.test('a dropped connection with no retry left is a network error', async (t) => {
  const emulator = await emulated(t);
  emulator.failNext('about', 'drop', 1);
  const client = graphqlClient({ url: emulator.url, token: TOKEN, retry: { retries: 0 } });

  const error = (await about(client))._unsafeUnwrapErr();

  t.equal(error.kind, 'network');
  t.equal(error.attempts, 1);
});

t.test('GraphQL errors and FORBIDDEN_ACCESS are not retried', async (t) => {
  const emulator = await emulated(t);
  emulator.failNext('about', 'graphql-error', 1);
  emulator.failNext('about', 'forbidden', 1);
  const client = graphqlClient({ url: emulator.url, token: TOKEN, retry: { ...FAST, retries: 3 } });

  const failed = (await about(client))._unsafeUnwrapErr();
  const forbidden = (await about(client))._unsafeUnwrapErr();

  t.equal(failed.kind, 'graphql-errors');
  t.equal(failed.attempts, 1);
  t.same(failed.errors, [{ message: 'An unknown error has occurred', code: 'UNKNOWN_ERROR' }]);
  t.equal(forbidden.kind, 'forbidden');
  t.equal(forbidden.attempts, 1);
  t.equal(
    forbidden.message,
    'OpenCTI about failed: forbidden; HTTP 200; FORBIDDEN_ACCESS: You are not allowed to do this.',
  );
  t.equal(emulator.calls.length, 2);
  assertNoToken(t, forbidden, TOKEN);
});

t.test('a wrong token is unauthenticated and appears nowhere', async (t) => {
  const emulator = await emulated(t);
  const wrong = 'f00dfeed-0000-4000-8000-00000000beef';
  const client = graphqlClient({ url: emulator.url, token: wrong, retry: { ...FAST, retries: 3 } });

  const error = (await about(client))._unsafeUnwrapErr();

  t.equal(error.kind, 'unauthenticated');
  t.equal(error.attempts, 1);
  t.match(error.message, /AUTH_REQUIRED: You must be logged in to do this\./);
  assertNoToken(t, error, wrong, TOKEN);
});

t.test('a token echoed by a server is redacted', async (t) => {
  const server = createServer((request, response) => {
    const message = `bad header ${request.headers.authorization}`;
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ errors: [{ message }], data: null }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise((resolve) => server.close(resolve)));
  const { port } = server.address() as AddressInfo;
  const client = graphqlClient({ url: `http://127.0.0.1:${port}`, token: TOKEN });

  const error = (await about(client))._unsafeUnwrapErr();

  t.same(error.errors, [{ message: 'bad header Bearer [redacted]' }]);
  assertNoToken(t, error, TOKEN);
});

t.test('a slow answer times out and is retried within the limit', async (t) => {
  const emulator = await emulated(t);
  emulator.slow('about', 400);
  const client = graphqlClient({
    url: emulator.url,
    token: TOKEN,
    timeoutMs: 50,
    retry: { ...FAST, retries: 1 },
  });

  const error = (await about(client))._unsafeUnwrapErr();

  t.equal(error.kind, 'timeout');
  t.equal(error.attempts, 2);
  t.match(error.message, `no complete answer from ${client.endpoint} within 50 ms`);
  assertNoToken(t, error, TOKEN);
});

t.test('an answer of the wrong shape is an invalid response', async (t) => {
  const emulator = await emulated(t);
  const client = graphqlClient({ url: emulator.url, token: TOKEN });
  const Shape = await import('io-ts');
  const decoder = Shape.type({ about: Shape.type({ version: Shape.number }) });

  const error = (
    await client.request('about', 'query about { about { version } }', {}, decoder)
  )._unsafeUnwrapErr();

  t.equal(error.kind, 'invalid-response');
  t.same(error.errors, [{ message: 'unexpected answer shape at /about/version' }]);
});

t.test('bad configuration is refused at construction', async (t) => {
  t.throws(() => graphqlClient({ url: 'ftp://host', token: TOKEN }), RangeError);
  t.throws(() => graphqlClient({ url: 'not a url', token: TOKEN }), RangeError);
  t.throws(() => graphqlClient({ url: 'http://u:p@host', token: TOKEN }), RangeError);
  t.throws(() => graphqlClient({ url: 'http://host', token: ' ' }), RangeError);
  for (const token of ['abc\ndef', 'caf\u00e9', 'a\u0000b']) {
    t.throws(() => graphqlClient({ url: 'http://host', token }),
      { name: 'RangeError', message: /cannot carry .*: check OPENCTI_TOKEN$/ });
  }
  t.throws(() => graphqlClient({ url: 'http://host', token: TOKEN, timeoutMs: 0 }), RangeError);
  const client = graphqlClient({ url: 'http://host:8080/opencti/', token: TOKEN });
  t.equal(client.endpoint, 'http://host:8080/opencti/graphql');
});
