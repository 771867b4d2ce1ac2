import { readdirSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import t from 'tap';
import { download, type DownloadOptions } from '../../sources/download.js';
import type { RetryEvent } from '../../sources/http-options.js';
import { DownloadError } from '../../sources/source-error.js';
import { answer, partial, scriptedServer, silence } from '../helpers/scripted-http.js';
import { sharedPath } from '../helpers/shared-dir.js';

const CASES = sharedPath('cases');
const GEOGRAPHY = readFileSync(sharedPath('datasets/geography.json'));
const SMALL_BUNDLE = readFileSync(`${CASES}/C17-bom.json`).subarray(3);
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Fast timings: the tests wait milliseconds, never seconds. */
const fast = (cacheDir: string, more: Partial<DownloadOptions> = {}): DownloadOptions => ({
  cacheDir, idleTimeoutMs: 200, connectTimeoutMs: 2000, retries: 2, minRetryDelayMs: 1,
  maxRetryDelayMs: 5, retryAfterUnitMs: 1, ...more,
});

const failure = async (result: ReturnType<typeof download>): Promise<DownloadError> => {
  const settled = await result;
  if (settled.isOk()) throw new Error(`expected a failure, got ${settled.value.path}`);
  return settled.error;
};

t.test('C23: a stalled body fails after the idle timeout, with bounded retries', async (t) => {
  const server = await scriptedServer([partial(437306, GEOGRAPHY.subarray(0, 10240), 'stall')]);
  t.teardown(() => server.close());
  const dir = t.testdir();

  const error = await failure(download(server.url, fast(dir, { retries: 1 })));

  t.type(error, DownloadError);
  t.match(error, { url: server.url, received: 10240, expected: 437306, status: 200 });
  t.match(error.message, /10240\/437306/);
  t.match(error.message, /no data for 200 ms/);
  t.equal(server.requests.length, 2, 'one retry, then it gives up');
  t.same(readdirSync(dir), [], 'no partial file is left');
});

t.test('C24: 429 with Retry-After, 429 HTML, 200 text/plain with an ETag, then 304', async (t) => {
  const server = await scriptedServer([
    answer(429, { 'retry-after': '3', 'content-type': 'text/plain' }, 'Too Many Requests'),
    answer(429, { 'content-type': 'text/html' }, '<html>rate limited</html>'),
    answer(200, { etag: '"abc123"', 'content-type': 'text/plain; charset=utf-8' }, SMALL_BUNDLE),
    answer(304, {}),
  ]);
  t.teardown(() => server.close());
  const dir = t.testdir();
  const retries: RetryEvent[] = [];

  const options = fast(dir, { onRetry: (e) => retries.push(e) });
  const first = (await download(server.url, options))._unsafeUnwrap();

  t.same(retries.map((e) => [e.attempt, e.error.status, e.retryAfterMs]), [[1, 429, 3], [2, 429, 0]]);
  t.match(retries[1].error, { contentType: 'text/html' });
  t.match(first, {
    status: 'fresh', etag: '"abc123"', bytes: SMALL_BUNDLE.length, sha256: sha256(SMALL_BUNDLE),
  });
  t.same(readFileSync(first.path), SMALL_BUNDLE);

  const second = (await download(server.url, fast(dir, { etag: first.etag })))._unsafeUnwrap();

  t.equal(server.requests[3].headers['if-none-match'], '"abc123"');
  t.match(second, { status: 'not-modified', path: first.path, sha256: first.sha256, etag: '"abc123"' });
  t.same(readdirSync(dir), [first.path.split('/').pop()]);
});

t.test('429 until the retries run out: "rate limited by <host>, retry after N s"', async (t) => {
  const server = await scriptedServer([answer(429, { 'retry-after': '3' }, 'slow down')]);
  t.teardown(() => server.close());

  const error = await failure(download(server.url, fast(t.testdir(), { retries: 2 })));

  t.match(error.message, /^rate limited by 127\.0\.0\.1:\d+, retry after 3 s/);
  t.match(error, { status: 429, retryAfterSeconds: 3 });
  t.equal(server.requests.length, 3);
});

t.test('Retry-After is capped', async (t) => {
  const server = await scriptedServer([answer(503, { 'retry-after': '3600' }), answer(200, {}, '[]')]);
  t.teardown(() => server.close());
  const retries: RetryEvent[] = [];
  const options = fast(t.testdir(), { retryAfterCapSeconds: 2, onRetry: (e) => retries.push(e) });
  const got = await download(server.url, options);
  t.ok(got.isOk());
  t.same(retries.map((e) => e.retryAfterMs), [2]);
});

t.test('a 500 is retried; a 404 is not', async (t) => {
  const flaky = await scriptedServer([answer(500, {}, 'oops'), answer(200, {}, SMALL_BUNDLE)]);
  t.teardown(() => flaky.close());
  const got = (await download(flaky.url, fast(join(t.testdir(), 'new', 'cache'))))._unsafeUnwrap();
  t.equal(flaky.requests.length, 2);
  t.same(readFileSync(got.path), SMALL_BUNDLE);

  const missing = await scriptedServer([answer(404, { 'content-type': 'text/html' }, '<h1>no</h1>')]);
  t.teardown(() => missing.close());
  const error = await failure(download(missing.url, fast(t.testdir())));
  t.equal(missing.requests.length, 1, 'no retry');
  t.match(error, { status: 404, retryable: false, contentType: 'text/html' });
  t.match(error.message, new RegExp(`^${missing.url}: HTTP 404 Not Found, content-type text/html$`));
});

t.test('a host that does not exist is not retried; a refused connection is', async (t) => {
  const retried: RetryEvent[] = [];
  const options = fast(t.testdir(), { retries: 2, onRetry: (e) => retried.push(e) });
  // `.invalid` never resolves (RFC 6761): the answer is ENOTFOUND, unless
  // this machine has no resolver at all (EAI_AGAIN, which is retried).
  const unknown = await failure(download('http://no-such-host.invalid/x.json', options));
  const code = (unknown.cause as { code?: string } | undefined)?.code;
  if (code === 'ENOTFOUND') {
    t.equal(unknown.retryable, false);
    t.equal(retried.length, 0, 'no retry');
  } else t.comment(`no DNS answer here (${code}): not checked`);

  retried.length = 0;
  const refused = await failure(download('http://127.0.0.1:9/x.json', options));
  t.equal(refused.retryable, true);
  t.equal(retried.length, 2, 'tried three times in all');
  t.match(refused.message, /^http:\/\/127\.0\.0\.1:9\/x\.json: connect ECONNREFUSED/);
  t.notMatch(refused.message, /request to/, 'the URL is said once');
});

t.test('a body cut short of Content-Length fails', async (t) => {
  const server = await scriptedServer([partial(1000, SMALL_BUNDLE.subarray(0, 500), 'drop')]);
  t.teardown(() => server.close());
  const dir = t.testdir();

  const error = await failure(download(server.url, fast(dir, { retries: 1 })));

  // The server drops the connection after 500 bytes; when the reset comes
  // before the client has read them, the kernel discards them (0 received).
  t.match(error.message, /body broken off: .*\((0|500)\/1000 bytes received\)/);
  t.equal(server.requests.length, 2);
  t.same(readdirSync(dir), []);
});

t.test('gzip bodies are decoded; a broken one fails', async (t) => {
  const zipped = gzipSync(SMALL_BUNDLE);
  const server = await scriptedServer([
    answer(200, { 'content-encoding': 'gzip' }, zipped),
    answer(200, { 'content-encoding': 'gzip' }, zipped.subarray(0, zipped.length - 12)),
  ]);
  t.teardown(() => server.close());

  const good = (await download(server.url, fast(t.testdir())))._unsafeUnwrap();
  t.same(readFileSync(good.path), SMALL_BUNDLE);

  const error = await failure(download(server.url, fast(t.testdir(), { retries: 0 })));
  t.match(error.message, /cannot decode the gzip body: unexpected end of file/);
});

t.test('a body larger than maxBytes is refused without a retry', async (t) => {
  const server = await scriptedServer([answer(200, {}, SMALL_BUNDLE)]);
  t.teardown(() => server.close());
  const error = await failure(download(server.url, fast(t.testdir(), { maxBytes: 100 })));
  t.match(error, { retryable: false, message: /larger than the limit of 100 bytes/ });
  t.equal(server.requests.length, 1);
});

t.test('no answer within the connect timeout', async (t) => {
  const server = await scriptedServer([silence]);
  t.teardown(() => server.close());
  const options = fast(t.testdir(), { connectTimeoutMs: 100, retries: 1 });
  const error = await failure(download(server.url, options));
  t.match(error.message, /no response within 100 ms/);
  t.equal(server.requests.length, 2);
});

t.test('URL schemes: file: is read in place, ftp: is refused', async (t) => {
  const path = `${CASES}/C17-bom.json`;
  const local = (await download(pathToFileURL(path).href, { cacheDir: t.testdir() }))._unsafeUnwrap();
  t.match(local, { path, status: 'fresh', bytes: 760 });

  const error = await failure(download('ftp://127.0.0.1/data.json', { cacheDir: t.testdir() }));
  t.match(error.message, /unsupported URL scheme "ftp:"; use http:, https: or file:/);
  t.throws(() => download('http://127.0.0.1/', { cacheDir: '.', retries: -1 }), RangeError);
});
