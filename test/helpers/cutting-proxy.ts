import net from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 (port chosen by the system) in front of
 * `target`. `cut(refuseMs)` destroys every open connection and turns new
 * ones away (accepted, then destroyed at once) for `refuseMs` ms, or for
 * good with `Infinity`. `close()` in the test's teardown.
 */
export class CuttingProxy {
  private readonly sockets = new Set<net.Socket>();
  private refusingUntil = 0;
  /** Connections accepted and passed through, and turned away. */
  accepted = 0;
  refused = 0;

  private constructor(private readonly server: net.Server) {}

  static async start(target: { host: string; port: number }): Promise<CuttingProxy> {
    const server = net.createServer();
    const proxy = new CuttingProxy(server);
    server.on('connection', (client) => proxy.accept(client, target));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get port(): number {
    return (this.server.address() as net.AddressInfo).port;
  }

  cut(refuseMs: number): void {
    this.refusingUntil = Date.now() + refuseMs;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }

  async close(): Promise<void> {
    this.cut(0);
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: net.Socket, target: { host: string; port: number }): void {
    if (Date.now() < this.refusingUntil) {
      this.refused += 1;
      client.destroy();
      return;
    }
    this.accepted += 1;
    const upstream = net.connect(target.port, target.host);
    for (const [from, to] of [[client, upstream], [upstream, client]] as const) {
      this.sockets.add(from);
      from.on('error', () => to.destroy());
      from.on('close', () => {
        this.sockets.delete(from);
        to.destroy();
      });
      from.pipe(to);
    }
  }
}
