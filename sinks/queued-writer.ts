import type { Writable } from 'node:stream';
import type { SinkEvent } from './sink-event.js';

interface Chunk {
  readonly data: Buffer;
  readonly count: number;
}

/**
 * Writes text chunks to a `Writable` in order while respecting its
 * backpressure: when `write()` returns false, further chunks wait in a queue
 * until `drain`. An Observable cannot be paused, so the queue holds exactly
 * the chunks not yet handed to `write()`; the credit window upstream bounds
 * it. Chunks pushed before a stream is attached wait in the same queue.
 *
 * `onWritten` gets one event per chunk, from that chunk's write callback;
 * `onError` gets the stream's first error. After `close()` nothing is
 * reported any more.
 */
export class QueuedWriter {
  /** Chunks not yet written start at `head`; taken slots are cleared. */
  private queue: (Chunk | undefined)[] = [];
  private head = 0;
  private stream: Writable | undefined;
  private needDrain = false;
  private inWrite = 0;
  private closed = false;
  private errored = false;
  private idle: (() => void) | undefined;

  constructor(
    private readonly onWritten: (event: SinkEvent) => void,
    private readonly onError: (error: Error) => void,
  ) {}

  /** Chunks pushed and not yet handed to the stream. */
  get queued(): number {
    return this.queue.length - this.head;
  }

  /** Start writing to `stream` (once). */
  attach(stream: Writable): void {
    this.stream = stream;
    this.needDrain = stream.writableNeedDrain;
    stream.on('drain', this.drained);
    stream.on('error', this.failed);
    this.pump();
  }

  /** Queue `text` (holding `count` records); empty text is skipped. */
  push(text: string, count: number): void {
    if (this.closed || text === '') return;
    this.queue.push({ data: Buffer.from(text, 'utf8'), count });
    this.pump();
  }

  /** Resolves when every chunk pushed so far has had its write callback. */
  flushed(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => (this.idle = resolve));
  }

  /** Stop reporting, drop the queue and settle `flushed()`. The listeners
   * leave the stream once no write of ours is in flight and none failed, so
   * a late error is never thrown and a shared stream (stdout) does not
   * collect listeners over many runs. */
  close(): void {
    this.closed = true;
    this.queue = [];
    this.head = 0;
    this.idle?.();
    this.idle = undefined;
    this.detachWhenIdle();
  }

  private pump(): void {
    const stream = this.stream;
    while (stream && !this.needDrain && !this.closed && this.queued > 0) {
      const chunk = this.take();
      this.inWrite += 1;
      this.needDrain = !stream.write(chunk.data, (error) => this.done(chunk, error));
    }
  }

  /** The oldest chunk, in amortised O(1): `shift()` is linear on the large
   * arrays a burst without a credit window builds. */
  private take(): Chunk {
    const chunk = this.queue[this.head]!;
    this.queue[this.head] = undefined;
    this.head += 1;
    if (this.head >= 1024 && this.head * 2 >= this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    return chunk;
  }

  private done(chunk: Chunk, error: Error | null | undefined): void {
    this.inWrite -= 1;
    if (error) this.failed(error);
    else if (!this.closed) this.written(chunk);
    this.detachWhenIdle();
  }

  private written(chunk: Chunk): void {
    this.onWritten({ kind: 'written', count: chunk.count, bytes: chunk.data.length });
    if (this.idle && this.isIdle()) {
      const resolve = this.idle;
      this.idle = undefined;
      resolve();
    }
  }

  /** Leaves the stream once closed and no write of ours is in flight. While
   * open, the `drain` listener must stay even when no write is in flight:
   * the last callbacks can come before `drain`, and chunks may be waiting
   * for it. After an error the stream may still emit one: keep listening. */
  private detachWhenIdle(): void {
    if (!this.closed || this.inWrite > 0 || this.errored) return;
    this.stream?.off('drain', this.drained);
    this.stream?.off('error', this.failed);
  }

  private isIdle(): boolean {
    return this.queued === 0 && this.inWrite === 0;
  }

  private readonly drained = (): void => {
    this.needDrain = false;
    this.pump();
  };

  private readonly failed = (error: Error): void => {
    this.errored = true;
    if (this.closed) return;
    this.close();
    this.onError(error);
  };
}
