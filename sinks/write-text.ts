import type { Writable } from 'node:stream';
import { Observable, Subscription, type OperatorFunction } from 'rxjs';
import { QueuedWriter } from './queued-writer.js';
import { SinkError } from './sink-error.js';
import type { SinkEvent } from './sink-event.js';

/** The text of one input and the number of records in it. */
export interface TextChunk {
  readonly text: string;
  readonly count: number;
}

/** How inputs become text: an opening, one chunk per input (the frame may
 * keep state, such as whether a separator is due), and a closing. */
export interface TextFrame<In> {
  readonly head: string;
  body(input: In): TextChunk;
  readonly tail: string;
}

/** Where the text goes, and how the output is made final or undone. */
export interface TextTarget {
  /** A path or `stdout`, for errors. */
  readonly name: string;
  open(): Promise<Writable>;
  /** Called once every write has had its callback: flush, close, rename. */
  commit(): Promise<void>;
  /** Called on error or unsubscribe; undoes what it can and never rejects. */
  abort(): Promise<void>;
}

/**
 * The writing core shared by the file and stream sinks: frames each input
 * as text, writes it with backpressure (see {@link QueuedWriter}) and emits
 * a {@link SinkEvent} per chunk after its write callback. The head is
 * written even for an empty input; the tail follows completion, and the
 * Observable completes only after `commit()`. On an upstream or I/O error
 * the target is aborted first, then the error is passed on. Unsubscribing
 * before completion aborts too; after completion the commit runs to its end.
 *
 * Both factories are called once per subscription.
 */
export function writeText<In>(
  makeTarget: () => TextTarget,
  makeFrame: () => TextFrame<In>,
): OperatorFunction<In, SinkEvent> {
  return (source) =>
    new Observable<SinkEvent>((subscriber) => {
      const target = makeTarget();
      const frame = makeFrame();
      const upstream = new Subscription();
      let state: 'writing' | 'committing' | 'over' = 'writing';

      const fail = (error: unknown): void => {
        if (state === 'over') return;
        state = 'over';
        writer.close();
        upstream.unsubscribe();
        void target.abort().then(() => subscriber.error(error));
      };
      const writer = new QueuedWriter(
        (event) => subscriber.next(event),
        (error) => fail(new SinkError(target.name, 'write', error)),
      );
      const opened = target.open().then(
        (stream) => {
          if (state !== 'over') writer.attach(stream);
        },
        (error: unknown) => fail(new SinkError(target.name, 'open', error)),
      );
      const finish = async (): Promise<void> => {
        state = 'committing';
        await opened;
        await writer.flushed();
        if (state !== 'committing') return;
        writer.close();
        try {
          await target.commit();
        } catch (error) {
          return fail(new SinkError(target.name, 'commit', error));
        }
        state = 'over';
        subscriber.complete();
      };

      writer.push(frame.head, 0);
      upstream.add(
        source.subscribe({
          next: (input) => {
            try {
              const chunk = frame.body(input);
              writer.push(chunk.text, chunk.count);
            } catch (error) {
              fail(error);
            }
          },
          error: fail,
          complete: () => {
            writer.push(frame.tail, 0);
            void finish();
          },
        }),
      );

      return () => {
        upstream.unsubscribe();
        if (state !== 'writing') return;
        state = 'over';
        writer.close();
        void target.abort();
      };
    });
}
