import type { InputSpec } from '../inputs.js';
import { inputPath } from './input-path.js';
import { sameFile } from './same-file.js';

/**
 * Why the output files cannot be written as named, if they cannot: the two
 * outputs are one file (the second rename would silently replace the first),
 * or an output is one of the inputs (the export would replace what it read,
 * and the objects it rejects would be gone from it: an easy slip, so it is
 * refused; write elsewhere and rename).
 */
export function outputClash(
  inputs: readonly InputSpec[],
  out: string | undefined,
  rejects: string | undefined,
): string | undefined {
  if (out === '') return '--out needs a file name, or - for stdout';
  if (rejects === '') return '--rejects needs a file name';
  const outputs = [['--out', out], ['--rejects', rejects]] as const;
  for (const [flag, file] of outputs) {
    // Inputs may be URLs; outputs are paths only (a `file://` name would make folders `file:`).
    if (file !== undefined && /^[a-z][a-z0-9+.-]*:\/\//i.test(file)) {
      return `${flag} ${file} is a URL; outputs take a file path ` +
        '(file:///tmp/x.json → /tmp/x.json)';
    }
  }
  if (out !== undefined && rejects !== undefined && sameFile(out, rejects)) {
    return `--out and --rejects name the same file (${rejects}); name two files`;
  }
  for (const [flag, file] of outputs) {
    if (file === undefined) continue;
    const input = inputs.find((spec) => {
      const path = inputPath(spec);
      return path !== undefined && sameFile(path, file);
    });
    if (input !== undefined) {
      return `${flag} ${file} is the input ${input.name}; writing it would destroy it ` +
        '(write to another file, then rename it)';
    }
  }
  return undefined;
}
