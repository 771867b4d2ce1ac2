/** The step of a sink's life that failed. */
export type SinkStep = 'open' | 'write' | 'commit';

/**
 * An I/O failure of a sink, sent down the Observable's error channel. It
 * names the destination (a path, or `stdout`) and the step; the original
 * error is its `cause`. Errors that come from upstream pass through
 * unwrapped.
 */
export class SinkError extends Error {
  override readonly name = 'SinkError';

  constructor(
    readonly target: string,
    readonly step: SinkStep,
    cause: unknown,
  ) {
    super(`${step} ${target}: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
  }
}
