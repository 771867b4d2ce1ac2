import type { Writable } from 'node:stream';
import type { OperatorFunction } from 'rxjs';
import {
  objectFrame,
  type ObjectFormat,
  type ObjectFrameOptions,
  type ObjectInput,
} from './object-frame.js';
import type { SinkEvent } from './sink-event.js';
import { writeText, type TextTarget } from './write-text.js';

/**
 * Writes objects as a bundle or NDJSON to a stream (standard output by
 * default), the same bytes as {@link toBundleFile} / {@link toNdjsonFile},
 * with the stream's backpressure respected; for `export --out -`. The stream
 * is never ended (standard output stays usable) and nothing can be undone on
 * error: a consumer may have read part of the output. Completes once every
 * write has had its callback.
 *
 * ```ts
 * objects$.pipe(toStdout('ndjson'))
 * ```
 */
export function toStdout(
  format: ObjectFormat,
  stream: Writable = process.stdout,
  options: ObjectFrameOptions = {},
): OperatorFunction<ObjectInput, SinkEvent> {
  return writeText(() => streamTarget(stream), objectFrame(format, options));
}

function streamTarget(stream: Writable): TextTarget {
  const done = (): Promise<void> => Promise.resolve();
  return {
    name: stream === process.stdout ? 'stdout' : 'stream',
    open: () => Promise.resolve(stream),
    commit: done,
    abort: done,
  };
}
