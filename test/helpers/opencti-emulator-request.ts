import type { IncomingMessage } from 'node:http';
import {
  getOperationAST,
  getVariableValues,
  validate,
  type DocumentNode,
  type GraphQLSchema,
} from 'graphql';
import type { InvalidOperation } from './opencti-emulator.js';
import { parseDocument } from './opencti-schema.js';

const MAX_BODY_BYTES = 64 * 1024 * 1024;

/** A request that the platform would run. */
export interface CheckedRequest {
  readonly kind: 'ok';
  readonly document: DocumentNode;
  readonly operation: string | undefined;
  readonly rootFields: readonly string[];
  readonly variables: Record<string, unknown>;
}

/** A request refused before running, with the answer Apollo gives. */
export interface RefusedRequest {
  readonly kind: 'invalid';
  readonly status: number;
  readonly errors: readonly { message: string; extensions: { code: string } }[];
  readonly invalid: InvalidOperation;
}

/**
 * Reads a `POST /graphql` request and checks it as the platform's Apollo
 * server does before running anything: JSON body, syntax, validation
 * against the schema, one operation, and the variables' coercion.
 */
export async function checkRequest(
  request: IncomingMessage,
  schema: GraphQLSchema,
): Promise<CheckedRequest | RefusedRequest> {
  if (request.method !== 'POST' || request.url?.split('?')[0] !== '/graphql') {
    return refused(404, undefined, 'NOT_FOUND', [`${request.method} ${request.url}`]);
  }
  const text = await readBody(request);
  if (text === undefined) return refused(413, undefined, 'BAD_REQUEST', ['body too large']);
  const body = parseJson(text);
  if (typeof body?.query !== 'string') {
    return refused(400, undefined, 'BAD_REQUEST', ['body is not {query, variables}']);
  }
  const named = typeof body.operationName === 'string' ? body.operationName : undefined;
  const document = parseDocument(body.query);
  if (typeof document === 'string') {
    return refused(400, named, 'GRAPHQL_PARSE_FAILED', [document]);
  }
  const errors = validate(schema, document);
  if (errors.length > 0) {
    return refused(400, named, 'GRAPHQL_VALIDATION_FAILED', errors.map((e) => e.message));
  }
  const operation = getOperationAST(document, named);
  if (!operation) return refused(400, named, 'BAD_REQUEST', ['no single operation to run']);
  const name = operation.name?.value;
  if (named !== undefined && named !== name) {
    return refused(400, named, 'BAD_REQUEST', [`operationName ${named} is not ${name}`]);
  }
  const variables = isRecord(body.variables) ? body.variables : {};
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
  if (coerced.errors) {
    return refused(400, name, 'BAD_USER_INPUT', coerced.errors.map((e) => e.message));
  }
  const rootFields = operation.selectionSet.selections.flatMap((selection) =>
    selection.kind === 'Field' ? [selection.name.value] : [],
  );
  return { kind: 'ok', document, operation: name, rootFields, variables };
}

function refused(
  status: number,
  operation: string | undefined,
  code: string,
  messages: string[],
): RefusedRequest {
  return {
    kind: 'invalid',
    status,
    errors: messages.map((message) => ({ message, extensions: { code } })),
    invalid: { operation, code, messages },
  };
}

async function readBody(request: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return isRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
