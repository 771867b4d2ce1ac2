/** Why a {@link ConfirmingPublisher} gave up:
 * - `connect`: no connection could be made (or the broker refused the login);
 * - `reconnect`: the connection was lost and not regained in time;
 * - `blocked`: the broker blocked the connection for too long (an alarm);
 * - `channel`: the broker closed the channel (406 for a too large message,
 *   404 for a missing exchange...);
 * - `unroutable`: the broker returned a message no queue was bound for;
 * - `aborted`: the caller stopped the publisher. */
export type PublisherFailure =
  | 'connect'
  | 'reconnect'
  | 'blocked'
  | 'channel'
  | 'unroutable'
  | 'aborted';

/**
 * A fatal publishing failure. Messages not yet confirmed when it happened
 * are returned as unsent next to it, never dropped; `cause` holds the last
 * underlying error when there was one.
 */
export class PublisherError extends Error {
  override readonly name = 'PublisherError';

  constructor(
    readonly failure: PublisherFailure,
    message: string,
    cause?: unknown,
  ) {
    super(message, cause === undefined ? undefined : { cause });
  }
}
