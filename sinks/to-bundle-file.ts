import type { OperatorFunction } from 'rxjs';
import { atomicFile } from './atomic-file.js';
import { objectFrame, type ObjectFrameOptions, type ObjectInput } from './object-frame.js';
import type { SinkEvent } from './sink-event.js';
import { writeText } from './write-text.js';

export type BundleFileOptions = ObjectFrameOptions;

/**
 * Writes every object to ONE STIX 2.1 bundle file, streamed: memory holds
 * only the chunks not yet written, never the bundle. Accepts object items or
 * batches of them. The file appears at `path` only once complete (flushed,
 * fsynced, renamed); on error or unsubscribe the temp file is removed and an
 * existing file at `path` is kept. An empty input gives an empty bundle.
 * Emits a {@link SinkEvent} per written chunk; completes after the rename.
 *
 * ```ts
 * objects$.pipe(bufferCount(500), toBundleFile('out/bundle.json'))
 * ```
 */
export function toBundleFile(
  path: string,
  options: BundleFileOptions = {},
): OperatorFunction<ObjectInput, SinkEvent> {
  return writeText(() => atomicFile(path), objectFrame('bundle', options));
}
