import {
  redactedError,
  type GraphqlErrorEntry,
  type OpenCtiErrorKind,
} from './opencti-error.js';

const UNAUTHENTICATED_CODES: ReadonlySet<string> = new Set(['AUTH_REQUIRED', 'AUTH_FAILURE']);
const FORBIDDEN_CODES: ReadonlySet<string> = new Set(['FORBIDDEN_ACCESS']);

/**
 * The `data` of one GraphQL answer, or a thrown `OpenCtiError` (scrubbed of
 * `token`) when the answer carries GraphQL errors, has a non-2xx status or
 * is not a GraphQL JSON answer. An answer with both `data` and `errors` is
 * a failure: a partial result is never taken as success.
 */
export function interpretResponse(
  operation: string,
  status: number,
  text: string,
  token: string,
): unknown {
  const body = parseJson(text);
  const errors = graphqlErrors(body);
  if (errors.length > 0) {
    throw redactedError({ operation, kind: kindOf(errors), status, errors }, token);
  }
  if (status < 200 || status > 299) {
    // A bare 401 or 403 (from the platform or a proxy in front of it) means
    // what the GraphQL codes mean: the caller should look at the token.
    const kind = status === 401 ? 'unauthenticated' : status === 403 ? 'forbidden' : 'http-status';
    throw redactedError({ operation, kind, status }, token);
  }
  const data = isRecord(body) ? body.data : undefined;
  if (!isRecord(data)) {
    const message = 'the answer has no GraphQL data';
    throw redactedError(
      { operation, kind: 'invalid-response', status, errors: [{ message }] },
      token,
    );
  }
  return data;
}

function kindOf(errors: readonly GraphqlErrorEntry[]): OpenCtiErrorKind {
  if (errors.some((entry) => entry.code && FORBIDDEN_CODES.has(entry.code))) {
    return 'forbidden';
  }
  if (errors.some((entry) => entry.code && UNAUTHENTICATED_CODES.has(entry.code))) {
    return 'unauthenticated';
  }
  return 'graphql-errors';
}

function graphqlErrors(body: unknown): GraphqlErrorEntry[] {
  if (!isRecord(body) || !Array.isArray(body.errors)) return [];
  return body.errors.map((entry: unknown) => {
    const message =
      isRecord(entry) && typeof entry.message === 'string'
        ? entry.message
        : 'GraphQL error without a message';
    const extensions = isRecord(entry) ? entry.extensions : undefined;
    const code = isRecord(extensions) ? extensions.code : undefined;
    return typeof code === 'string' ? { message, code } : { message };
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
