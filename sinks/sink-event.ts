/**
 * What a sink emits once the data it counts has left the process: for a
 * file or a stream, after the write callback (handed to the OS); for a
 * broker or an API, after the confirmation. `count` is the number of
 * records in that data (objects, or lines of the rejects file) and may be 0
 * for framing text such as a bundle's opening; `bytes` is its UTF-8 length,
 * so the `bytes` of one run add up to the size of what was written.
 *
 * The pipeline gives `count` credits back to the `CreditWindow` per event
 * and adds `count` to the emitted total.
 */
export interface SinkEvent {
  readonly kind: 'written';
  readonly count: number;
  readonly bytes: number;
}
