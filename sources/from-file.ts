import { createReadStream } from 'node:fs';
import type { Observable } from 'rxjs';
import type { Item } from '../core/item.js';
import { fromByteStream } from './from-byte-stream.js';
import type { SourceOptions } from './source-options.js';

/** Options of {@link fromFile}: the source options plus the read size. */
export interface FileSourceOptions extends SourceOptions {
  /** Bytes per read (the chunk size). Default 64 KiB. */
  readonly chunkBytes?: number;
}

const DEFAULT_CHUNK_BYTES = 64 * 1024;

/**
 * The objects of a local file (bundle, array or NDJSON); see
 * `fromByteStream`. The file is opened on subscription and closed when the
 * Observable ends or is unsubscribed; a missing file errors it.
 *
 * @example fromFile('sectors.json', { role: 'sectors', window }).subscribe(sink);
 */
export function fromFile(path: string, options: FileSourceOptions = {}): Observable<Item> {
  const chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK_BYTES;
  if (!Number.isSafeInteger(chunkBytes) || chunkBytes < 1) {
    throw new RangeError(`chunkBytes must be a positive integer, got ${chunkBytes}`);
  }
  const open = () => createReadStream(path, { highWaterMark: chunkBytes });
  return fromByteStream(options.name ?? path, open, options);
}
