import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { lstat, open, readlink, realpath, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { finished } from 'node:stream/promises';
import type { TextTarget } from './write-text.js';

/**
 * A file that appears under its final name only when complete: writes go to
 * `<dir>/.<name>.<random>.tmp` next to `path` (same file system, so the
 * rename is atomic), and `commit()` flushes, fsyncs, closes, renames over
 * any existing file, then fsyncs the directory so the rename survives a
 * crash. `abort()` closes and removes the temp file and leaves an existing
 * file at `path` untouched. A symbolic link is followed: the file it points
 * to is replaced, the link stays. A path that holds something other than a
 * file (a FIFO, a device such as `/dev/null`) is written in place, since it
 * cannot be replaced; `abort()` then only closes it. Use one per write (see
 * `writeText`).
 */
export function atomicFile(path: string): TextTarget {
  let stream: WriteStream | undefined;
  let opening: Promise<unknown> | undefined; // settles once open() is done
  let temp: string | undefined; // undefined: written in place
  let target = path;

  const openStream = async (): Promise<WriteStream> => {
    target = await resolvedTarget(path);
    temp = (await isSpecialFile(target)) ? undefined : tempBeside(target);
    // `wx`: never write into a file that is not ours; `flush`: fsync
    // before the stream closes.
    stream = temp === undefined
      ? createWriteStream(target, { flags: 'w' })
      : createWriteStream(temp, { flags: 'wx', flush: true });
    await once(stream, 'ready');
    return stream;
  };

  return {
    name: path,
    open() {
      const opened = openStream();
      opening = opened;
      return opened;
    },

    // Known limitation: the new file gets the default mode (0666 less the
    // umask) and the current owner; the mode and owner of a file it replaces
    // are not carried over. It matters only when replacing a file whose
    // permissions were set by hand.
    async commit() {
      stream!.end();
      await finished(stream!);
      if (temp === undefined) return;
      await rename(temp, target);
      await syncDirectory(dirname(target));
    },

    // Cleanup failures are not reported: the error that caused the abort is
    // the one the caller gets, and a failed removal leaves only a dot-file.
    async abort() {
      if (!opening) return;
      const created = await opening.then(() => true, () => false);
      if (!stream) return;
      stream.destroy();
      await finished(stream).catch(() => undefined);
      if (created && temp !== undefined) await rm(temp, { force: true }).catch(() => undefined);
    },
  };
}

const tempBeside = (path: string): string =>
  join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);

/** The file a symbolic link at `path` points to (links followed to the
 * end, as `open` would), else `path` itself. A dangling link resolves to
 * the missing file at the end of its chain. */
async function resolvedTarget(path: string): Promise<string> {
  let at = path;
  for (let hops = 0; hops < MAX_LINKS; hops++) {
    const found = await lstat(at).catch(() => undefined);
    if (!found?.isSymbolicLink()) return at;
    at = resolve(dirname(at), await readlink(at));
  }
  return realpath(path); // a loop: fails with ELOOP, as opening would
}

/** Links followed before giving up, as Linux does. */
const MAX_LINKS = 40;

/** True when `path` exists and is not a regular file (a FIFO, a device, a
 * socket): it can only be written in place. */
async function isSpecialFile(path: string): Promise<boolean> {
  const found = await stat(path).catch(() => undefined);
  return found !== undefined && !found.isFile() && !found.isDirectory();
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
