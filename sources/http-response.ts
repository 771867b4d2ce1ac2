import { Agent } from 'node:https';
import type { Response } from 'node-fetch';
import type { ResolvedHttpOptions } from './http-options.js';
import { DownloadError } from './source-error.js';
import { isDefinitiveFailure } from '../core/definitive-failure.js';

/** A response whose status was accepted, with the controller that aborts it. */
export interface OpenResponse {
  readonly response: Response;
  readonly controller: AbortController;
}

/**
 * One request: resolves once the headers of a 2xx (or, when `accept304`,
 * a 304) response are in. Anything else throws a {@link DownloadError}
 * that says whether it is worth retrying (connection errors, timeouts, 5xx,
 * 429 with its `Retry-After`); the body of a refused response is dropped
 * unread.
 */
export async function openResponse(
  url: string, options: ResolvedHttpOptions, headers: Record<string, string>, accept304: boolean,
): Promise<OpenResponse> {
  // Imported on the first request (before the connect timer starts): runs
  // on local files never load node-fetch.
  const { default: fetch } = await import('node-fetch');
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.connectTimeoutMs);
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { 'accept-encoding': 'gzip, deflate, br', ...options.headers, ...headers },
      compress: false,
      signal: controller.signal,
      agent: options.insecureTls ? agentFor : undefined,
    });
  } catch (cause) {
    const timedOut = controller.signal.aborted;
    const message = timedOut
      ? `${url}: no response within ${options.connectTimeoutMs} ms`
      : `${url}: ${withoutUrl((cause as Error).message)}`;
    throw new DownloadError(message, { url, retryable: !isDefinitiveFailure(cause), cause });
  } finally {
    clearTimeout(timer);
  }
  const { status } = response;
  const accepted = (status >= 200 && status < 300) || (status === 304 && accept304);
  if (accepted) return { response, controller };

  controller.abort(); // never read the body of a refused response
  const contentType = response.headers.get('content-type') ?? undefined;
  const retryAfterSeconds = retryAfterOf(response.headers.get('retry-after'));
  const retryable = status === 429 || status >= 500;
  const type = contentType ? `, content-type ${contentType}` : '';
  const message = `${url}: HTTP ${status} ${response.statusText}${type}`.replace(/ ,/, ',');
  throw new DownloadError(message, { url, status, contentType, retryAfterSeconds, retryable });
}

const insecureAgent = new Agent({ rejectUnauthorized: false });
const agentFor = (url: URL): Agent | undefined =>
  (url.protocol === 'https:' ? insecureAgent : undefined);

/** `Retry-After` in seconds: a number of seconds or an HTTP date. */
export function retryAfterOf(header: string | null, now = Date.now()): number | undefined {
  if (header === null) return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text);
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

/** node-fetch's `request to <url> failed, reason: <why>` without the URL,
 * which the message already starts with. */
function withoutUrl(message: string): string {
  return message.replace(/^request to \S+ failed, reason: /, '');
}
