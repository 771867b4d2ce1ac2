import { Readable, type Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate, createInflateRaw } from 'node:zlib';
import type { Response } from 'node-fetch';
import type { ResolvedHttpOptions } from './http-options.js';
import type { OpenResponse } from './http-response.js';
import { DownloadError, InputTooLargeError } from './source-error.js';

/**
 * The decoded body of an accepted response, chunk by chunk. Fails with a
 * {@link DownloadError} when no byte arrives for `idleTimeoutMs` (naming
 * the bytes received and expected, `10240/437306`), when the body ends
 * short of `Content-Length`, when gzip/deflate/brotli data is broken, or
 * when it passes `maxBytes` (decoded). So a cut body never ends as if it
 * were whole. Time spent by the consumer between chunks is not idle time.
 */
export async function* bodyChunks(
  url: string, opened: OpenResponse, options: ResolvedHttpOptions,
): AsyncGenerator<Buffer> {
  const { response, controller } = opened;
  const expected = lengthOf(response);
  const contentType = response.headers.get('content-type') ?? undefined;
  const counts = { received: 0, stalled: false };
  const fail = (message: string, cause?: unknown, retryable = true) => new DownloadError(
    `${url}: ${message} (${counts.received}/${expected ?? '?'} bytes received)`,
    {
      url, status: response.status, contentType, received: counts.received, expected,
      retryable, cause,
    },
  );
  if (expected !== undefined && expected > options.maxBytes) {
    controller.abort();
    throw fail(`body of ${expected} bytes is larger than the limit of ${options.maxBytes} bytes`,
      new InputTooLargeError(url, options.maxBytes, expected), false);
  }
  let chunks: AsyncIterable<Buffer> =
    rawChunks(response, controller, options, counts, expected, fail);
  const encoding = (response.headers.get('content-encoding') ?? '').trim().toLowerCase();
  let decoder: Transform | undefined;
  if (encoding === 'deflate') {
    // The standard says zlib-wrapped; some servers send raw deflate.
    const iterator = chunks[Symbol.asyncIterator]();
    const first = await iterator.next();
    const zlibWrapped = first.done || (first.value[0] & 0x0f) === 0x08;
    decoder = zlibWrapped ? createInflate() : createInflateRaw();
    chunks = resume(first, iterator);
  } else {
    decoder = decoderOf(encoding);
  }
  const raw = Readable.from(chunks);
  const body = decoder ?? raw;
  if (decoder) {
    raw.on('error', (error) => decoder.destroy(error));
    raw.pipe(decoder);
  }

  let decoded = 0;
  try {
    for await (const chunk of body) {
      decoded += (chunk as Buffer).length;
      if (decoded > options.maxBytes) {
        throw fail(`body larger than the limit of ${options.maxBytes} bytes`,
          new InputTooLargeError(url, options.maxBytes, decoded), false);
      }
      yield chunk as Buffer;
    }
  } catch (error) {
    if (error instanceof DownloadError) throw error;
    const reason = (error as Error).message;
    throw fail(encoding ? `cannot decode the ${encoding} body: ${reason}` : reason, error);
  } finally {
    controller.abort();
    raw.destroy();
    decoder?.destroy();
  }
}

type Fail = (message: string, cause?: unknown, retryable?: boolean) => DownloadError;

/** The body as sent, counted, with the idle timer armed while waiting. */
async function* rawChunks(
  response: Response, controller: AbortController, options: ResolvedHttpOptions,
  counts: { received: number; stalled: boolean }, expected: number | undefined, fail: Fail,
): AsyncGenerator<Buffer> {
  const body = response.body;
  if (body === null) return;
  const iterator = (body as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  for (;;) {
    const timer = setTimeout(() => {
      counts.stalled = true;
      controller.abort();
    }, options.idleTimeoutMs);
    let step: IteratorResult<Buffer>;
    try {
      step = await iterator.next();
    } catch (cause) {
      if (counts.stalled) throw fail(`no data for ${options.idleTimeoutMs} ms`, cause);
      throw fail(`body broken off: ${(cause as Error).message}`, cause);
    } finally {
      clearTimeout(timer);
    }
    if (step.done) break;
    counts.received += step.value.length;
    yield step.value;
  }
  if (expected !== undefined && counts.received < expected) {
    throw fail('body ended short of Content-Length');
  }
}

function lengthOf(response: Response): number | undefined {
  const header = response.headers.get('content-length');
  return header !== null && /^\d+$/.test(header.trim()) ? Number(header) : undefined;
}

/** A strict decoder (a cut stream is an error) for the content encoding. */
function decoderOf(encoding: string): Transform | undefined {
  if (encoding === 'gzip' || encoding === 'x-gzip') return createGunzip();
  return encoding === 'br' ? createBrotliDecompress() : undefined;
}

async function* resume(
  first: IteratorResult<Buffer>, rest: AsyncIterator<Buffer>,
): AsyncGenerator<Buffer> {
  if (first.done) return;
  yield first.value;
  for (let step = await rest.next(); !step.done; step = await rest.next()) yield step.value;
}
