import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { Observable } from 'rxjs';
import t from 'tap';
import type { Item } from '../../core/item.js';
import { fromUrl, type UrlSourceOptions } from '../../sources/from-url.js';
import { DownloadError } from '../../sources/source-error.js';
import { answer, partial, scriptedServer } from '../helpers/scripted-http.js';
import { selfSignedServer } from '../helpers/self-signed.js';
import { sharedPath } from '../helpers/shared-dir.js';

const SMALL_BUNDLE = readFileSync(sharedPath('cases/C17-bom.json')).subarray(3);
const fast: UrlSourceOptions = {
  idleTimeoutMs: 200, retries: 1, minRetryDelayMs: 1, maxRetryDelayMs: 5, retryAfterUnitMs: 1,
};

/** The items read, and how the Observable ended. */
function run(items: Observable<Item>): Promise<{ items: Item[]; error?: unknown }> {
  const seen: Item[] = [];
  return new Promise((resolve) => {
    items.subscribe({
      next: (item) => seen.push(item),
      error: (error: unknown) => resolve({ items: seen, error }),
      complete: () => resolve({ items: seen }),
    });
  });
}

t.test('a 200 text/plain body (gzip or not) streams its objects', async (t) => {
  const server = await scriptedServer([
    answer(429, { 'retry-after': '1' }),
    answer(200, { 'content-type': 'text/plain' }, SMALL_BUNDLE),
    answer(200, { 'content-encoding': 'gzip' }, gzipSync(SMALL_BUNDLE)),
  ]);
  t.teardown(() => server.close());

  const plain = await run(fromUrl(server.url, { ...fast, role: 'sectors' }));
  const zipped = await run(fromUrl(server.url, fast));

  t.equal(plain.error, undefined);
  t.same(plain.items.map((item) => item.kind), ['object', 'object']);
  t.match(plain.items[0], { record: { source: server.url, index: 0, role: 'sectors' } });
  t.same(zipped.items.map((item) => item.kind === 'object' && item.record.object),
    plain.items.map((item) => item.kind === 'object' && item.record.object));
  t.equal(server.requests.length, 3, 'the 429 was retried');
});

t.test('a body cut short never completes', async (t) => {
  const cut = partial(SMALL_BUNDLE.length, SMALL_BUNDLE.subarray(0, 400), 'drop');
  const server = await scriptedServer([cut]);
  t.teardown(() => server.close());
  const { error } = await run(fromUrl(server.url, fast));
  t.type(error, DownloadError);
  t.match((error as Error).message, new RegExp(`400/${SMALL_BUNDLE.length} bytes received`));
});

t.test('a broken gzip body errors the Observable', async (t) => {
  const zipped = gzipSync(SMALL_BUNDLE);
  const broken = zipped.subarray(0, zipped.length - 8);
  const server = await scriptedServer([answer(200, { 'content-encoding': 'gzip' }, broken)]);
  t.teardown(() => server.close());
  const { error } = await run(fromUrl(server.url, fast));
  t.type(error, DownloadError);
  t.match((error as Error).message, /cannot decode the gzip body/);
});

t.test('a stalled body fails after the idle timeout', async (t) => {
  const server = await scriptedServer([partial(437306, Buffer.alloc(10240, 0x20), 'stall')]);
  t.teardown(() => server.close());
  const { items, error } = await run(fromUrl(server.url, fast));
  t.same(items, []);
  t.match(error, {
    constructor: DownloadError, received: 10240, expected: 437306, message: /10240\/437306/,
  });
});

t.test('a 404 and an ftp: URL error without items', async (t) => {
  const html = answer(404, { 'content-type': 'text/html' }, '<html>{"objects":[]}</html>');
  const server = await scriptedServer([html]);
  t.teardown(() => server.close());
  const missing = await run(fromUrl(server.url, fast));
  t.same(missing.items, []);
  t.match(missing.error, { constructor: DownloadError, status: 404 });
  t.equal(server.requests.length, 1);

  const ftp = await run(fromUrl('ftp://127.0.0.1/x.json', fast));
  t.match(ftp.error, { constructor: DownloadError, message: /unsupported URL scheme "ftp:"/ });
});

t.test('a self-signed certificate is refused unless insecureTls (TLS_VERIFY off)', async (t) => {
  const server = await selfSignedServer((_request, response) => response.end(SMALL_BUNDLE));
  t.teardown(server.close);
  const url = `${server.url}/sectors.json`;

  const refused = await run(fromUrl(url, fast));
  t.same(refused.items, []);
  t.type(refused.error, DownloadError);
  t.match((refused.error as Error).message, url);
  t.match((refused.error as Error).message, /self-signed certificate/);

  const taken = await run(fromUrl(url, { ...fast, insecureTls: true }));
  t.equal(taken.error, undefined);
  t.same(taken.items.map((item) => item.kind), ['object', 'object']);
});
