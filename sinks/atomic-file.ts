import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { finished } from 'node:stream/promises';
import type { TextTarget } from './write-text.js';

/**
 * A file that appears under its final name only when complete: writes go to
 * `<dir>/.<name>.<random>.tmp` next to `path` (same file system, so the
 * rename is atomic), and `commit()` flushes, fsyncs, closes, renames over
 * any existing file, then fsyncs the directory so the rename survives a
 * crash. `abort()` closes and removes the temp file and leaves an existing
 * file at `path` untouched. Use one per write (see `writeText`).
 */
export function atomicFile(path: string): TextTarget {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  let stream: WriteStream | undefined;
  let opening: Promise<unknown> | undefined;

  return {
    name: path,
    async open() {
      // `wx`: never write into a file that is not ours; `flush`: fsync
      // before the stream closes.
      stream = createWriteStream(temp, { flags: 'wx', flush: true });
      opening = once(stream, 'ready');
      await opening;
      return stream;
    },

    // Known limitation: the new file gets the default mode (0666 less the
    // umask) and the current owner; the mode and owner of a file it replaces
    // are not carried over. It matters only when replacing a file whose
    // permissions were set by hand.
    async commit() {
      stream!.end();
      await finished(stream!);
      await rename(temp, path);
      await syncDirectory(dir);
    },

    // Cleanup failures are not reported: the error that caused the abort is
    // the one the caller gets, and a failed removal leaves only a dot-file.
    async abort() {
      if (!stream || !opening) return;
      const created = await opening.then(() => true, () => false);
      stream.destroy();
      await finished(stream).catch(() => undefined);
      if (created) await rm(temp, { force: true }).catch(() => undefined);
    },
  };
}

/** fsync a directory so that a rename in it is durable. Windows cannot
 * open a directory for this, and NTFS journals the rename itself. */
async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
