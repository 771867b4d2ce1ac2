import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { ResultAsync } from 'neverthrow';
import { bodyChunks } from './http-body.js';
import { resolveHttpOptions, type HttpOptions, type ResolvedHttpOptions } from './http-options.js';
import { openResponse } from './http-response.js';
import { DownloadError } from './source-error.js';
import { withRetries } from './with-retries.js';

/** Where to keep a download and what the previous run learnt about it. */
export interface DownloadOptions extends HttpOptions {
  /** The directory of the cache; the file is named after the URL. */
  readonly cacheDir: string;
  /** The cache file, when not the name derived from the URL. */
  readonly cacheFile?: string;
  /** From the previous download of this URL: sent as `If-None-Match` and
   * `If-Modified-Since` when the cached file is still there. */
  readonly etag?: string;
  readonly lastModified?: string;
}

/** A local copy of a URL's body. */
export interface Downloaded {
  readonly path: string;
  /** `not-modified`: the server answered 304 and the cached file is used. */
  readonly status: 'fresh' | 'not-modified';
  readonly etag?: string;
  readonly lastModified?: string;
  /** SHA-256 of the file, hex. */
  readonly sha256: string;
  readonly bytes: number;
}

/**
 * Downloads `url` whole into the cache (a temporary file renamed at the
 * end, so the final name never holds a partial body), with a conditional
 * request, timeouts, a size limit and retries (see {@link HttpOptions}).
 * `file:` URLs are read in place. Other schemes are refused.
 *
 * @example
 * const got = await download(url, { cacheDir, etag: previous?.etag });
 * if (got.isOk()) fromFile(got.value.path);
 */
export function download(
  url: string, options: DownloadOptions,
): ResultAsync<Downloaded, DownloadError> {
  const http = resolveHttpOptions(options);
  const run = async (): Promise<Downloaded> => {
    const parsed = parseUrl(url);
    if (parsed.protocol === 'file:') return local(fileURLToPath(parsed), 'fresh');
    const path = options.cacheFile ?? join(options.cacheDir, cacheNameOf(parsed));
    return withRetries(url, http, () => attempt(url, path, http, options));
  };
  return ResultAsync.fromPromise(run(), (error) => error instanceof DownloadError
    ? error
    : new DownloadError(`${url}: ${(error as Error).message}`,
      { url, retryable: false, cause: error }));
}

async function attempt(
  url: string, path: string, http: ResolvedHttpOptions, options: DownloadOptions,
): Promise<Downloaded> {
  const cached = await stat(path).then((info) => info.isFile(), () => false);
  const conditional: Record<string, string> = {};
  if (cached && options.etag) conditional['if-none-match'] = options.etag;
  if (cached && options.lastModified) conditional['if-modified-since'] = options.lastModified;
  const opened = await openResponse(url, http, conditional, cached);
  const { response } = opened;
  const etag = response.headers.get('etag') ?? undefined;
  const lastModified = response.headers.get('last-modified') ?? undefined;
  if (response.status === 304) {
    opened.controller.abort();
    const kept = await local(path, 'not-modified');
    return {
      ...kept, etag: etag ?? options.etag, lastModified: lastModified ?? options.lastModified,
    };
  }

  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.part`;
  const hash = createHash('sha256');
  let bytes = 0;
  async function* hashed(): AsyncGenerator<Buffer> {
    for await (const chunk of bodyChunks(url, opened, http)) {
      hash.update(chunk);
      bytes += chunk.length;
      yield chunk;
    }
  }
  try {
    await mkdir(dirname(path), { recursive: true });
    await pipeline(hashed(), createWriteStream(temp));
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  return { path, status: 'fresh', etag, lastModified, sha256: hash.digest('hex'), bytes };
}

/** A file already on disk, with its hash. */
async function local(path: string, status: Downloaded['status']): Promise<Downloaded> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { path, status, sha256: hash.digest('hex'), bytes };
}

function parseUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (cause) {
    throw new DownloadError(`${url}: not a URL`, { url, retryable: false, cause });
  }
  if (!['http:', 'https:', 'file:'].includes(parsed.protocol)) {
    const message =
      `${url}: unsupported URL scheme "${parsed.protocol}"; use http:, https: or file:`;
    throw new DownloadError(message, { url, retryable: false });
  }
  return parsed;
}

/** `<16 hex of the URL's SHA-256>-<last path segment>`: stable per URL. */
function cacheNameOf(url: URL): string {
  const digest = createHash('sha256').update(url.href).digest('hex').slice(0, 16);
  const name = basename(url.pathname).replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 80) || 'download';
  return `${digest}-${name}`;
}
