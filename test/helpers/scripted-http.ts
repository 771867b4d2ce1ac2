import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the server saw it. */
export interface SeenRequest {
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
}

/** What to do with the n-th request (from 0); the last step repeats. */
export type Step = (response: ServerResponse, request: IncomingMessage) => void;

export interface ScriptedServer {
  readonly url: string;
  readonly requests: SeenRequest[];
  close(): Promise<void>;
}

/**
 * A loopback HTTP server (127.0.0.1, a free port) that answers the n-th
 * request with `steps[n]` (the last step for every later one). `close`
 * drops open connections, so a stalled response never keeps a test alive.
 */
export async function scriptedServer(
  steps: readonly Step[], path = '/data.json',
): Promise<ScriptedServer> {
  const requests: SeenRequest[] = [];
  const server = createServer((request, response) => {
    const step = steps[Math.min(requests.length, steps.length - 1)];
    requests.push({ url: request.url ?? '', headers: request.headers });
    step(response, request);
  });
  server.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A complete answer. */
export const answer = (
  status: number, headers: Record<string, string>, body: string | Buffer = '',
): Step =>
  (response) => {
    const bytes = typeof body === 'string' ? Buffer.from(body) : body;
    response.writeHead(status, { 'content-length': String(bytes.length), ...headers });
    response.end(bytes);
  };

/** Headers announcing `length` bytes, then `body`, then nothing more: a stall
 * (`end: 'stall'`) or a dropped connection (`end: 'drop'`). */
export const partial = (
  length: number, body: Buffer, end: 'stall' | 'drop', headers: Record<string, string> = {},
): Step =>
  (response) => {
    const head = { 'content-type': 'application/json', 'content-length': String(length) };
    response.writeHead(200, { ...head, ...headers });
    response.write(body, () => {
      if (end === 'drop') setTimeout(() => response.socket?.destroy(), 10);
    });
  };

/** Never answers (until the server closes). */
export const silence: Step = () => undefined;
