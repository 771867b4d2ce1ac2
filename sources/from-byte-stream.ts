import { Readable } from 'node:stream';
import { Observable } from 'rxjs';
import type { Item } from '../core/item.js';
import { itemOfEvent } from './item-of-event.js';
import { ObjectSplitter } from './object-splitter.js';
import { resolveSourceOptions, type SourceOptions } from './source-options.js';
import type { SplitEvent } from './split-event.js';

/** Bytes to read: an async iterable of chunks (a Node stream is one), or a
 * function that opens one when the Observable is subscribed. */
export type ByteInput = AsyncIterable<Chunk> | (() => AsyncIterable<Chunk>);
type Chunk = Uint8Array | string;

/**
 * The core source: splits a stream of bytes into objects and emits one item
 * per object read (`object`, or `rejected` when its bytes are not a valid
 * object or pass the size or depth limit), plus a `bom-stripped` note.
 * A broken input (cut, malformed between objects, UTF-16) errors the
 * Observable with a `JsonSyntaxError`, `TruncatedInputError` or
 * `EncodingError`, after the objects read before it.
 *
 * Backpressure: with `options.window`, one credit is taken per object item
 * and the next chunk is read only when `window.room()` allows, so memory
 * stays at the window's objects plus one chunk. Unsubscribing stops reading
 * and returns the iterator (which closes a Node stream).
 *
 * @example
 * fromByteStream('a.json', () => createReadStream('a.json'), { window })
 *   .subscribe((item) => sink(item));
 */
export function fromByteStream(
  name: string, bytes: ByteInput, options: SourceOptions = {},
): Observable<Item> {
  const resolved = resolveSourceOptions(options);
  const { window } = resolved;
  return new Observable<Item>((subscriber) => {
    let closed = false;
    let iterable: AsyncIterable<Chunk> | undefined;
    let iterator: AsyncIterator<Chunk> | undefined;
    let wake: () => void = () => undefined;
    const closing = new Promise<void>((resolve) => (wake = resolve));

    const read = async (): Promise<void> => {
      iterable = typeof bytes === 'function' ? bytes() : bytes;
      iterator = iterable[Symbol.asyncIterator]();
      const splitter = new ObjectSplitter({
        source: name, format: resolved.format, maxObjectBytes: resolved.maxObjectBytes,
        maxDepth: resolved.maxDepth, hash: resolved.hash,
      }, resolved.verdicts);
      for (;;) {
        const room = window?.room();
        if (room) await Promise.race([room, closing]);
        if (closed) return;
        const step = await iterator.next();
        if (closed) return;
        const events = step.done ? splitter.end() : splitter.push(asBuffer(step.value));
        if (!emit(events, step.done === true)) return;
      }
    };

    /** Passes a chunk's items on; false once the Observable has ended. */
    const emit = (events: readonly SplitEvent[], done: boolean): boolean => {
      for (const event of events) {
        if (closed) return false;
        const item = itemOfEvent(name, event, resolved);
        if (item === undefined) {
          subscriber.error(event.kind === 'fatal' ? event.error : undefined);
          return false;
        }
        if (item.kind !== 'note') window?.take(1);
        subscriber.next(item);
      }
      if (done) subscriber.complete();
      return !done;
    };

    read().catch((error: unknown) => {
      if (!closed) subscriber.error(error);
    });
    return () => {
      closed = true;
      wake();
      // A stream waiting for data would hold a pending next() and a return()
      // queued behind it; destroying it releases the file or socket now.
      if (iterable instanceof Readable) iterable.destroy();
      iterator?.return?.().catch(() => undefined);
    };
  });
}

function asBuffer(chunk: Chunk): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (typeof chunk === 'string') return Buffer.from(chunk, 'utf8');
  return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}
