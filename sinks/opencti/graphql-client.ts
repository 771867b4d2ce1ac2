import { Agent as HttpsAgent } from 'node:https';
import fetch from 'node-fetch';
import { ResultAsync, errAsync, okAsync } from 'neverthrow';
import pRetry from 'p-retry';
import type * as t from 'io-ts';
import { isLeft } from 'fp-ts/lib/Either.js';
import { interpretResponse } from './interpret-response.js';
import { OpenCtiError, redactedError, type OpenCtiErrorKind } from './opencti-error.js';
import { isDefinitiveFailure } from '../../core/definitive-failure.js';

/** Back-off between attempts: exponential (`factor`) from `minTimeout` to
 * `maxTimeout` milliseconds, each delay multiplied by a random 1–2 when
 * `randomize` (jitter). `retries` is the number of attempts after the first. */
export interface RetryTimings {
  readonly retries: number;
  readonly minTimeout: number;
  readonly maxTimeout: number;
  readonly factor: number;
  readonly randomize: boolean;
}

export interface GraphqlClientOptions {
  /** `OPENCTI_URL`, the platform's base URL; `/graphql` is appended. */
  readonly url: string;
  /** `OPENCTI_TOKEN`, sent as a bearer token and never written anywhere. */
  readonly token: string;
  /** Per attempt, headers and body included. Default 60 s. */
  readonly timeoutMs?: number;
  readonly retry?: Partial<RetryTimings>;
  /** Verify the platform's TLS certificate (default true; `OPENCTI_SSL_VERIFY`). */
  readonly verifyTls?: boolean;
  /** Told of each failed attempt that will be tried again, before the pause. */
  readonly onRetry?: (error: OpenCtiError, retriesLeft: number) => void;
}

export const DEFAULT_RETRY: RetryTimings = {
  retries: 5,
  minTimeout: 1_000,
  maxTimeout: 30_000,
  factor: 2,
  randomize: true,
};

export interface GraphqlClient {
  /** The GraphQL endpoint called (no credentials in it). */
  readonly endpoint: string;
  /**
   * Sends one operation and resolves to its `data`, checked by `decoder`
   * when given. Connection failures, timeouts, 5xx and 429 answers are
   * retried with back-off; GraphQL errors and other 4xx answers are not.
   */
  request<T = unknown>(
    operation: string,
    query: string,
    variables?: Readonly<Record<string, unknown>>,
    decoder?: t.Decoder<unknown, T>,
  ): ResultAsync<T, OpenCtiError>;
}

const RETRIED: ReadonlySet<OpenCtiErrorKind> = new Set([
  'connection-refused',
  'network',
  'timeout',
]);

/** True for the failures worth another attempt (not a host name that does
 * not exist, nor a refused certificate). */
export const isRetriable = (error: OpenCtiError): boolean =>
  (RETRIED.has(error.kind) && !isDefinitiveFailure(error.cause)) ||
  (error.kind === 'http-status' &&
    error.status !== undefined &&
    (error.status >= 500 || error.status === 429));

/**
 * A client for OpenCTI's GraphQL API. Throws at construction for a URL that
 * is not http(s) or an empty token.
 *
 * @example
 * const client = graphqlClient({ url: 'http://127.0.0.1:8080', token });
 * const data = await client.request('about', 'query about { about { version } }');
 */
export function graphqlClient(options: GraphqlClientOptions): GraphqlClient {
  const endpoint = endpointOf(options.url);
  const { token } = options;
  if (token.trim() === '') throw new RangeError('OpenCTI token must not be empty');
  if (!HEADER_SAFE.test(token)) {
    throw new RangeError('OpenCTI token holds a character an HTTP header cannot carry ' +
      '(a line break, a control or non-ASCII character): check OPENCTI_TOKEN');
  }
  const timeoutMs = options.timeoutMs ?? 60_000;
  if (!(timeoutMs > 0)) throw new RangeError(`timeoutMs must be positive, got ${timeoutMs}`);
  const retry = { ...DEFAULT_RETRY, ...options.retry };
  const agent =
    options.verifyTls === false && endpoint.startsWith('https:')
      ? new HttpsAgent({ rejectUnauthorized: false })
      : undefined;
  const headers = {
    accept: 'application/json',
    'content-type': 'application/json',
    authorization: `Bearer ${token}`,
  };

  const attempt = async (operation: string, body: string): Promise<unknown> => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      const response = await fetch(endpoint, {
        method: 'POST',
        headers,
        body,
        signal: controller.signal,
        agent,
      });
      const text = await response.text();
      return interpretResponse(operation, response.status, text, token);
    } catch (error) {
      if (error instanceof OpenCtiError) throw error;
      const timedOut = controller.signal.aborted
        ? new Error(`no complete answer from ${endpoint} within ${timeoutMs} ms`)
        : undefined;
      throw transportError(operation, timedOut ?? error, token, timedOut !== undefined);
    } finally {
      clearTimeout(timer);
    }
  };

  // Known limitation: a 429's Retry-After is not read; the back-off alone
  // paces the retries. It matters behind a rate-limiting proxy that asks for
  // longer pauses than `maxTimeout`: the retries then run out early.
  const send = async (operation: string, body: string): Promise<unknown> => {
    let attempts = 0;
    try {
      return await pRetry(
        () => {
          attempts += 1;
          return attempt(operation, body);
        },
        {
          ...retry,
          shouldRetry: (error) => error instanceof OpenCtiError && isRetriable(error),
          onFailedAttempt: (error) => {
            // p-retry also calls this after a failure it will not retry.
            if (!(error instanceof OpenCtiError) || !isRetriable(error)) return;
            if (error.retriesLeft > 0) options.onRetry?.(error, error.retriesLeft);
          },
        },
      );
    } catch (error) {
      if (error instanceof OpenCtiError) throw error.withAttempts(attempts);
      throw transportError(operation, error, token, false).withAttempts(attempts);
    }
  };

  return {
    endpoint,
    request<T = unknown>(
      operation: string,
      query: string,
      variables: Readonly<Record<string, unknown>> = {},
      decoder?: t.Decoder<unknown, T>,
    ): ResultAsync<T, OpenCtiError> {
      const body = JSON.stringify({ operationName: operation, query, variables });
      return ResultAsync.fromPromise(send(operation, body), (error) =>
        error instanceof OpenCtiError
          ? error
          : transportError(operation, error, token, false),
      ).andThen((data) => decodeData(operation, data, decoder));
    },
  };
}

/** Visible ASCII, spaces and tabs: what a bearer token may hold in a header. */
const HEADER_SAFE = /^[\x20-\x7e\t]+$/;

function endpointOf(base: string): string {
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    throw new RangeError('OpenCTI URL is not a valid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new RangeError(`OpenCTI URL must be http or https, got ${url.protocol}`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new RangeError('OpenCTI URL must not carry credentials; use the token');
  }
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/graphql`;
  url.search = '';
  url.hash = '';
  return url.toString();
}

function transportError(
  operation: string,
  error: unknown,
  token: string,
  timedOut: boolean,
): OpenCtiError {
  const cause = error instanceof Error ? error : new Error(String(error));
  const code = (cause as { code?: unknown }).code;
  const kind: OpenCtiErrorKind = timedOut
    ? 'timeout'
    : code === 'ECONNREFUSED'
      ? 'connection-refused'
      : 'network';
  return redactedError({ operation, kind, cause }, token);
}

function decodeData<T>(
  operation: string,
  data: unknown,
  decoder: t.Decoder<unknown, T> | undefined,
): ResultAsync<T, OpenCtiError> {
  if (!decoder) return okAsync(data as T);
  const decoded = decoder.decode(data);
  if (!isLeft(decoded)) return okAsync(decoded.right);
  const paths = decoded.left.slice(0, 3).map((error) =>
    error.context
      .map((entry) => entry.key)
      .filter((key) => key !== '')
      .join('/'),
  );
  const message = `unexpected answer shape at /${paths.join(', /')}`;
  return errAsync(
    new OpenCtiError({ operation, kind: 'invalid-response', errors: [{ message }] }),
  );
}
