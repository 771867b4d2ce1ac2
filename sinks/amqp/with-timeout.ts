import type { ChannelModel } from 'amqplib';

/**
 * `promise`, or a rejection after `ms`. A result that arrives after the
 * timeout is handed to `late` (to close a connection nobody waits for any
 * more).
 */
export function withTimeout<V>(
  promise: Promise<V>,
  ms: number,
  late?: (value: V) => unknown,
): Promise<V> {
  return new Promise<V>((resolve, reject) => {
    let expired = false;
    const timer = setTimeout(() => {
      expired = true;
      reject(new Error(`timed out after ${ms} ms`));
    }, Math.max(1, ms));
    promise.then(
      (value) => {
        clearTimeout(timer);
        if (expired) void late?.(value);
        else resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        if (!expired) reject(error);
      },
    );
  });
}

/** The socket under an amqplib connection (not part of its typings). */
interface WithStream {
  readonly connection?: { readonly stream?: { destroy(): void } };
}

/**
 * Close a connection without waiting more than `ms` for the broker's
 * answer; after that (a dead or blocked peer) the socket is destroyed, so
 * nothing keeps the process alive. Never rejects.
 */
export async function closeConnection(connection: ChannelModel, ms = 2000): Promise<void> {
  try {
    await withTimeout(connection.close(), ms);
  } catch {
    // Already closed, or the peer is gone: release the socket ourselves.
    (connection as unknown as WithStream).connection?.stream?.destroy();
  }
}
