import type { IncomingMessage, ServerResponse } from 'node:http';
import type { InjectedFailure } from './opencti-emulator-faults.js';
import { platformError } from './opencti-emulator-resolvers.js';

/** Writes a JSON answer, unless the client already went away. */
export function reply(response: ServerResponse, status: number, body: unknown): void {
  if (response.destroyed) return;
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(text);
}

/** `data` with `null` for each root field, as when every field failed. */
export function nulls(rootFields: readonly string[]): Record<string, null> {
  return Object.fromEntries(rootFields.map((field) => [field, null]));
}

/**
 * Answers with an injected failure: the socket destroyed before any byte
 * (`drop`), an HTML 500 or 429 page as a proxy sends, or the platform's
 * GraphQL error (`FORBIDDEN_ACCESS`, `UNKNOWN_ERROR`) with null data.
 */
export function answerInjected(
  kind: InjectedFailure,
  rootFields: readonly string[],
  request: IncomingMessage,
  response: ServerResponse,
): void {
  if (kind === 'drop') {
    request.socket.destroy();
    return;
  }
  if (kind === 'http-500' || kind === 'http-429') {
    const status = kind === 'http-500' ? 500 : 429;
    response.writeHead(status, { 'content-type': 'text/html', 'retry-after': '0' });
    response.end(`<html><body>${status}</body></html>`);
    return;
  }
  const error =
    kind === 'forbidden'
      ? platformError('FORBIDDEN_ACCESS', 'You are not allowed to do this.', 403)
      : platformError('UNKNOWN_ERROR', 'An unknown error has occurred', 500);
  reply(response, 200, { errors: [error.toJSON()], data: nulls(rootFields) });
}
