/**
 * Why a call to OpenCTI failed:
 * - `connection-refused`: nothing listens at the URL;
 * - `network`: the connection broke (reset, hang-up, DNS);
 * - `timeout`: no complete answer within the client's timeout;
 * - `http-status`: a non-2xx answer without GraphQL errors (a proxy's 502,
 *   a 500, a 429);
 * - `invalid-response`: a body that is not the JSON answer expected;
 * - `graphql-errors`: the platform answered with GraphQL errors (a bad
 *   document or variables, an unknown connector, a refused bundle);
 * - `unauthenticated`: the token is unknown (`AUTH_REQUIRED`,
 *   `AUTH_FAILURE`);
 * - `forbidden`: the token's user lacks a capability (`FORBIDDEN_ACCESS`).
 */
export type OpenCtiErrorKind =
  | 'connection-refused'
  | 'network'
  | 'timeout'
  | 'http-status'
  | 'invalid-response'
  | 'graphql-errors'
  | 'unauthenticated'
  | 'forbidden';

/** One GraphQL error as OpenCTI sends it (`extensions.code` such as
 * `FORBIDDEN_ACCESS`, `FUNCTIONAL_ERROR`, `GRAPHQL_VALIDATION_FAILED`). */
export interface GraphqlErrorEntry {
  readonly message: string;
  readonly code?: string;
}

export interface OpenCtiErrorDetails {
  readonly operation: string;
  readonly kind: OpenCtiErrorKind;
  readonly status?: number;
  readonly errors?: readonly GraphqlErrorEntry[];
  /** Attempts made, retries included. */
  readonly attempts?: number;
  /** What went wrong below HTTP, already stripped of secrets. */
  readonly cause?: Error;
}

/**
 * A failed OpenCTI API call. It names the operation (`stixBundlePush`), the
 * kind, the HTTP status and the GraphQL messages. Build it through
 * {@link redactedError} so that the API token never appears in its message,
 * its cause or its stack.
 */
export class OpenCtiError extends Error {
  override readonly name = 'OpenCtiError';
  readonly operation: string;
  readonly kind: OpenCtiErrorKind;
  readonly status: number | undefined;
  readonly errors: readonly GraphqlErrorEntry[];
  readonly attempts: number;

  constructor(details: OpenCtiErrorDetails) {
    super(describe(details), details.cause ? { cause: details.cause } : undefined);
    this.operation = details.operation;
    this.kind = details.kind;
    this.status = details.status;
    this.errors = details.errors ?? [];
    this.attempts = details.attempts ?? 1;
  }

  /** The same error with the number of attempts made. */
  withAttempts(attempts: number): OpenCtiError {
    const { operation, kind, status, errors } = this;
    const cause = this.cause instanceof Error ? this.cause : undefined;
    return new OpenCtiError({ operation, kind, status, errors, attempts, cause });
  }
}

function describe(details: OpenCtiErrorDetails): string {
  const parts = [`OpenCTI ${details.operation} failed: ${details.kind}`];
  if (details.status !== undefined) parts.push(`HTTP ${details.status}`);
  for (const entry of details.errors ?? []) {
    parts.push(entry.code ? `${entry.code}: ${entry.message}` : entry.message);
  }
  if (details.cause) parts.push(details.cause.message);
  return parts.join('; ');
}

/** Replaces every occurrence of `secret` in `text` (a no-op for secrets
 * shorter than 4 characters, which would mangle ordinary words). */
export function redact(text: string, secret: string): string {
  if (secret.length < 4) return text;
  return text.split(secret).join('[redacted]');
}

/**
 * An {@link OpenCtiError} whose GraphQL messages and cause are scrubbed of
 * `token`. The cause is rebuilt (message, `code`, stack) rather than kept,
 * because a library error may carry request options with the headers.
 */
export function redactedError(details: OpenCtiErrorDetails, token: string): OpenCtiError {
  const errors = details.errors?.map((entry) => ({
    ...entry,
    message: redact(entry.message, token),
  }));
  const cause = details.cause ? scrub(details.cause, token) : undefined;
  return new OpenCtiError({ ...details, errors, cause });
}

function scrub(error: Error, token: string): Error {
  const clean = new Error(redact(error.message, token));
  clean.name = error.name;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') Object.assign(clean, { code });
  clean.stack = redact(error.stack ?? clean.stack ?? '', token);
  return clean;
}
