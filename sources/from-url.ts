import type { Observable } from 'rxjs';
import type { Item } from '../core/item.js';
import { fromByteStream } from './from-byte-stream.js';
import { bodyChunks } from './http-body.js';
import { resolveHttpOptions, type HttpOptions, type ResolvedHttpOptions } from './http-options.js';
import { openResponse } from './http-response.js';
import { DownloadError } from './source-error.js';
import type { SourceOptions } from './source-options.js';
import { withRetries } from './with-retries.js';

/** Options of {@link fromUrl}: the source's and the fetch's. */
export interface UrlSourceOptions extends SourceOptions, HttpOptions {}

/**
 * The objects of an `http:`/`https:` URL, streamed as the body arrives
 * (gzip, deflate and brotli bodies are decoded); see `fromByteStream`. The
 * request is retried until a 2xx answer comes; once the body flows there is
 * no retry: a stall, a body short of `Content-Length` or a broken gzip
 * stream errors the Observable with a `DownloadError`, so a cut body never
 * completes as a dataset. The two-pass pipeline uses `download` instead.
 *
 * @example fromUrl('https://example.org/sectors.json', { window }).subscribe(sink);
 */
export function fromUrl(url: string, options: UrlSourceOptions = {}): Observable<Item> {
  const http = resolveHttpOptions(options);
  return fromByteStream(options.name ?? url, () => body(url, http), options);
}

async function* body(url: string, http: ResolvedHttpOptions): AsyncGenerator<Buffer> {
  const protocol = new URL(url).protocol;
  if (protocol !== 'http:' && protocol !== 'https:') {
    throw new DownloadError(`${url}: unsupported URL scheme "${protocol}"; use http: or https:`,
      { url, retryable: false });
  }
  const opened = await withRetries(url, http, () => openResponse(url, http, {}, false));
  yield* bodyChunks(url, opened, http);
}
