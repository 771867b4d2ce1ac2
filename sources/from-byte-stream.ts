import { Readable } from 'node:stream';
import { Observable } from 'rxjs';
import type { Item, ObjectItem } from '../core/item.js';
import { itemOfEvent } from './item-of-event.js';
import { ObjectSplitter } from './object-splitter.js';
import {
  resolveSourceOptions, type ResolvedSourceOptions, type SourceOptions,
} from './source-options.js';
import type { ObjectSlice, SplitEvent } from './split-event.js';

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
      });
      // With a checker, one chunk is read ahead: the other thread checks it
      // while this one passes the previous chunk's items down the pipeline.
      const ahead: Batch[] = [];
      const lookahead = resolved.checker === undefined ? 0 : 1;
      for (;;) {
        const room = window?.room();
        if (room) await Promise.race([room, closing]);
        if (closed) return;
        const step = await nextChunk(iterator, ahead);
        if (closed) return;
        const events = step.done ? splitter.end() : splitter.push(asBuffer(step.value));
        const batch = batchOf(name, events, step.done === true, resolved);
        ahead.push(batch);
        if (!(await passOn(ahead, batch.last ? 0 : lookahead))) return;
      }
    };

    /** Passes on the batches read ahead, all but `keep` of them, each once
     * its verdicts are in; false once the Observable has ended. */
    const passOn = async (ahead: Batch[], keep: number): Promise<boolean> => {
      while (ahead.length > keep) {
        const batch = ahead.shift()!;
        const verdicts = await batch.verdicts;
        if (closed || !emit(batch, verdicts)) return false;
      }
      return true;
    };

    /** The next chunk; when reading fails, the chunk read ahead is passed on
     * first, so that the error comes after every object read before it. */
    const nextChunk = async (
      from: AsyncIterator<Chunk>, ahead: Batch[],
    ): Promise<IteratorResult<Chunk>> => {
      try {
        return await from.next();
      } catch (error) {
        await passOn(ahead, 0);
        throw error;
      }
    };

    /** Passes a batch's items on; false once the Observable has ended. */
    const emit = (batch: Batch, verdicts: Uint8Array | undefined): boolean => {
      let slice = 0;
      for (const item of batch.items) {
        if (closed) return false;
        if (item.kind === 'object' && verdicts !== undefined) {
          if (verdicts[slice++] === 1) markValidated(item, resolved.checker!.token);
        }
        if (item.kind !== 'note') window?.take(1);
        subscriber.next(item);
      }
      if (batch.fatal !== undefined) subscriber.error(batch.fatal);
      else if (batch.last) subscriber.complete();
      return !batch.last;
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

/** The items of one chunk, and the checker's verdicts on its objects. */
interface Batch {
  readonly items: Item[];
  /** The input broke after these items. */
  readonly fatal?: Error;
  /** Nothing follows: the input ended or broke. */
  readonly last: boolean;
  /** One byte per `object` item, in order (see `SliceChecker`). */
  readonly verdicts?: Promise<Uint8Array>;
}

function batchOf(
  name: string, events: readonly SplitEvent[], done: boolean, options: ResolvedSourceOptions,
): Batch {
  const items: Item[] = [];
  const slices: ObjectSlice[] = [];
  for (const event of events) {
    const item = itemOfEvent(name, event, options);
    if (item === undefined) {
      const fatal = event.kind === 'fatal' ? event.error : undefined;
      return { items, fatal, last: true, verdicts: check(slices, options) };
    }
    if (item.kind === 'object' && event.kind === 'object') slices.push(event);
    items.push(item);
  }
  return { items, last: done, verdicts: check(slices, options) };
}

function check(slices: ObjectSlice[], options: ResolvedSourceOptions) {
  return options.checker?.check(slices, options.role);
}

/** The record was built here, so it may still take the checker's mark. */
function markValidated(item: ObjectItem, token: object): void {
  (item.record as { validatedUnder?: object }).validatedUnder = token;
}

function asBuffer(chunk: Chunk): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (typeof chunk === 'string') return Buffer.from(chunk, 'utf8');
  return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}
