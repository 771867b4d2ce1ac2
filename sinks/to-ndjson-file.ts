import type { OperatorFunction } from 'rxjs';
import { atomicFile } from './atomic-file.js';
import { objectFrame, type ObjectInput } from './object-frame.js';
import type { SinkEvent } from './sink-event.js';
import { writeText } from './write-text.js';

/**
 * Writes every object as one line of NDJSON, streamed, to a file that
 * appears at `path` only once complete (see {@link toBundleFile} for the
 * atomicity and events). An empty input gives an empty file.
 *
 * ```ts
 * objects$.pipe(toNdjsonFile('out/objects.ndjson'))
 * ```
 */
export function toNdjsonFile(path: string): OperatorFunction<ObjectInput, SinkEvent> {
  return writeText(() => atomicFile(path), objectFrame('ndjson'));
}
