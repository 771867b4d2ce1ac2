import { createWriteStream } from 'node:fs';
import { mkdir, unlink } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ResultAsync } from 'neverthrow';
import type { Observable } from 'rxjs';
import type { Item } from '../core/item.js';
import { fromByteStream } from './from-byte-stream.js';
import type { SourceOptions } from './source-options.js';

/**
 * The objects read from standard input, named `stdin`; see
 * `fromByteStream`. Standard input can be read once: the two-pass pipeline
 * spools it with {@link spoolStdin} instead.
 */
export function fromStdin(
  options: SourceOptions = {}, input: Readable = process.stdin,
): Observable<Item> {
  return fromByteStream(options.name ?? 'stdin', input, options);
}

/**
 * Copies standard input (or `input`) to a new file in `dir` and returns its
 * path, so that it can be read twice. A failed copy removes the file.
 *
 * @example const path = await spoolStdin(cacheDir).unwrapOr(undefined);
 */
export function spoolStdin(
  dir: string, input: Readable = process.stdin,
): ResultAsync<string, Error> {
  const path = join(dir, `stdin-${process.pid}-${randomBytes(6).toString('hex')}.json`);
  const copy = async (): Promise<string> => {
    await mkdir(dir, { recursive: true });
    try {
      await pipeline(input, createWriteStream(path, { flags: 'wx' }));
      return path;
    } catch (error) {
      await unlink(path).catch(() => undefined);
      throw error;
    }
  };
  const asError = (error: unknown) => (error instanceof Error ? error : new Error(String(error)));
  return ResultAsync.fromPromise(copy(), asError);
}
