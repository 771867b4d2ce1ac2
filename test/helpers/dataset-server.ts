import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

export const DATASETS_DIR = join(import.meta.dirname, '../../datasets');

/**
 * A loopback stand-in for the datasets download host: serves
 * `/data/<role>.json` from the embedded snapshot with an ETag, answers 304
 * to a matching `If-None-Match`, and can be told to fail a path.
 */
export class DatasetServer {
  readonly requests: Array<{ path: string; status: number; conditional: boolean }> = [];
  private readonly failing = new Map<string, number>();
  private readonly bodies = new Map<string, Buffer>();
  url = '';

  private constructor(private readonly server: Server) {}

  static async start(): Promise<DatasetServer> {
    const server = createServer();
    const host = new DatasetServer(server);
    server.on('request', (req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const conditional = req.headers['if-none-match'] !== undefined;
      const answer = (status: number, body?: Buffer, headers: Record<string, string> = {}) => {
        host.requests.push({ path, status, conditional });
        res.writeHead(status, headers);
        res.end(body);
      };
      const failure = host.failing.get(path);
      if (failure)
        return answer(failure, Buffer.from('<html>nope</html>'), { 'content-type': 'text/html' });
      const body = host.body(path);
      if (!body) return answer(404, Buffer.from('not found'));
      const etag = `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"`;
      if (req.headers['if-none-match'] === etag) return answer(304);
      answer(200, body, {
        etag,
        'content-type': 'application/json',
        'content-length': String(body.length),
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    host.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return host;
  }

  /** The URL of one dataset, for `CONFIG_<ROLE>_FILE_URL`. */
  datasetUrl(role: string): string {
    return `${this.url}/data/${role}.json`;
  }

  fail(role: string, status: number): void {
    this.failing.set(`/data/${role}.json`, status);
  }

  heal(role: string): void {
    this.failing.delete(`/data/${role}.json`);
  }

  /** Serves other bytes for a dataset from now on. */
  replace(role: string, body: Buffer): void {
    this.bodies.set(`/data/${role}.json`, body);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private body(path: string): Buffer | undefined {
    const replaced = this.bodies.get(path);
    if (replaced) return replaced;
    const match = /^\/data\/(sectors|geography|companies)\.json$/.exec(path);
    return match ? readFileSync(join(DATASETS_DIR, `${match[1]}.json`)) : undefined;
  }
}
