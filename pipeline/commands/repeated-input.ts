import type { InputSpec } from '../inputs.js';
import { inputPath } from './input-path.js';
import { sameFile } from './same-file.js';

/**
 * Why the inputs cannot be read as given, if one file is named twice under
 * two names (`a.json ./a.json`, or a link to it): every object would be read
 * twice and every problem counted twice. The very same name twice is caught
 * by the index; this catches the rest.
 */
export function repeatedInput(inputs: readonly InputSpec[]): string | undefined {
  const paths = inputs.flatMap((spec) => {
    const path = inputPath(spec);
    return path === undefined ? [] : [{ name: spec.name, path }];
  });
  for (const [i, later] of paths.entries()) {
    const earlier = paths.slice(0, i)
      .find((p) => p.name !== later.name && sameFile(p.path, later.path));
    if (earlier !== undefined) {
      return `inputs ${earlier.name} and ${later.name} are the same file; name it once`;
    }
  }
  return undefined;
}
