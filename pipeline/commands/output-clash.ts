import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { InputSpec } from '../inputs.js';

/**
 * Why the output files cannot be written as named, if they cannot: the two
 * outputs are one file (the second rename would silently replace the first),
 * or an output is one of the inputs that `--rejects` would overwrite. `--out`
 * may name an input: the new file replaces it only once the run succeeded.
 */
export function outputClash(
  inputs: readonly InputSpec[],
  out: string | undefined,
  rejects: string | undefined,
): string | undefined {
  if (out === '') return '--out needs a file name, or - for stdout';
  if (rejects === '') return '--rejects needs a file name';
  if (out !== undefined && rejects !== undefined && sameFile(out, rejects)) {
    return `--out and --rejects name the same file (${rejects}); name two files`;
  }
  if (rejects === undefined) return undefined;
  const input = inputs.find(
    (spec) => spec.location.kind === 'path' && sameFile(spec.location.path, rejects),
  );
  return input === undefined
    ? undefined
    : `--rejects ${rejects} is the input ${input.name}; writing it would destroy it`;
}

/** The same file: the same inode when both exist, else the same path. */
function sameFile(a: string, b: string): boolean {
  if (a === '-' || b === '-') return false;
  const first = statSync(a, { throwIfNoEntry: false });
  const second = statSync(b, { throwIfNoEntry: false });
  if (first && second) return first.dev === second.dev && first.ino === second.ino;
  return resolve(a) === resolve(b);
}
