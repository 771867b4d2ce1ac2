import { statSync } from 'node:fs';
import { resolve } from 'node:path';

/** The same file: the same inode when both exist (so `./a`, `a` and a link
 * to it agree), else the same absolute path. `-` (stdin/stdout) is no file. */
export function sameFile(a: string, b: string): boolean {
  if (a === '-' || b === '-') return false;
  const first = statSync(a, { throwIfNoEntry: false });
  const second = statSync(b, { throwIfNoEntry: false });
  if (first && second) return first.dev === second.dev && first.ino === second.ino;
  return resolve(a) === resolve(b);
}
