import { fileURLToPath } from 'node:url';
import type { InputSpec } from '../inputs.js';

/** The local file an input reads: its path, or the path of a `file:` URL;
 * `undefined` for stdin and remote URLs. */
export function inputPath(spec: InputSpec): string | undefined {
  const { location } = spec;
  if (location.kind === 'path') return location.path;
  if (location.kind !== 'url' || !/^file:/i.test(location.url)) return undefined;
  try {
    return fileURLToPath(location.url);
  } catch {
    return undefined; // not a local file URL (a host name): the source refuses it
  }
}
