/**
 * Times how long the broker keeps a connection blocked (`connection.blocked`,
 * sent while a resource alarm is raised) and calls `onTimeout` with the
 * broker's reason once it has lasted `timeout` ms.
 */
export class BlockedWatch {
  private current: { reason: string; since: number; timer: NodeJS.Timeout } | undefined;

  constructor(
    private readonly timeout: number,
    private readonly onTimeout: (reason: string) => void,
  ) {}

  /** The broker's reason while blocked (`low on memory`...), else undefined. */
  get reason(): string | undefined {
    return this.current?.reason;
  }

  /** Start timing; false when already blocked. */
  start(reason: string): boolean {
    if (this.current !== undefined) return false;
    const timer = setTimeout(() => this.onTimeout(reason), this.timeout);
    this.current = { reason, since: Date.now(), timer };
    return true;
  }

  /** Stop timing; returns how long it was blocked (ms), or undefined when
   * it was not. */
  stop(): number | undefined {
    if (this.current === undefined) return undefined;
    clearTimeout(this.current.timer);
    const blockedMs = Date.now() - this.current.since;
    this.current = undefined;
    return blockedMs;
  }
}
