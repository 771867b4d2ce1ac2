/** A failure to inject: an HTTP 500 or 429, a dropped connection (socket
 * destroyed before any answer), a GraphQL error, or `FORBIDDEN_ACCESS`. */
export type InjectedFailure = 'http-500' | 'http-429' | 'drop' | 'graphql-error' | 'forbidden';

/**
 * The faults planned for the emulator's next calls. A call matches a rule
 * by its operation name (`toProcessed`) or one of its root fields
 * (`workEdit`), so a rule can aim at one operation or a whole group.
 */
export class FaultPlan {
  private readonly failures: { match: string; kind: InjectedFailure; left: number }[] = [];
  private readonly delays = new Map<string, number>();

  /** The next `count` matching calls fail with `kind`. */
  failNext(match: string, kind: InjectedFailure, count: number): void {
    if (!Number.isInteger(count) || count < 1) throw new RangeError(`bad count ${count}`);
    this.failures.push({ match, kind, left: count });
  }

  /** Every matching call waits `ms` before its answer (0 removes it). */
  slow(match: string, ms: number): void {
    if (ms > 0) this.delays.set(match, ms);
    else this.delays.delete(match);
  }

  /** The failure for this call, if one is planned (and uses it up). */
  take(names: readonly (string | undefined)[]): InjectedFailure | undefined {
    const rule = this.failures.find(
      (entry) => entry.left > 0 && names.includes(entry.match),
    );
    if (!rule) return undefined;
    rule.left -= 1;
    return rule.kind;
  }

  /** Waits the longest delay planned for this call (an unref'd timer, so
   * that a test never hangs on it). */
  async delay(names: readonly (string | undefined)[]): Promise<void> {
    const ms = Math.max(0, ...names.map((name) => (name && this.delays.get(name)) || 0));
    if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms).unref());
  }
}
