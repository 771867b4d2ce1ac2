import { basename } from 'node:path';
import { DATASET_ROLES, type DatasetRole } from '../core/record.js';
import type { DatasetLocation } from './config/value-codecs.js';

/** One input of a run: where it is and, when known, which dataset it is. */
export interface InputSpec {
  /** The name used in every message: the path or URL as the user gave it. */
  readonly name: string;
  readonly location: DatasetLocation | { readonly kind: 'stdin' };
  readonly role?: DatasetRole;
}

/** An input made re-readable: a local file (downloads are cached, stdin spooled). */
export interface PreparedInput extends InputSpec {
  readonly path: string;
  readonly status: 'local' | 'fresh' | 'not-modified';
  readonly sha256?: string;
  readonly etag?: string;
  readonly lastModified?: string;
  /** The file is a copy made for this run (spooled stdin): delete it after. */
  readonly temporary?: boolean;
}

/** `sectors.json` → `sectors`; a name that names no dataset has no role. */
export function roleFromName(name: string): DatasetRole | undefined {
  const base = basename(name.split(/[?#]/)[0]).toLowerCase();
  return DATASET_ROLES.find((role) => base.includes(role));
}

/** Parses a command-line input: `-` is stdin, `http(s):`/`file:` are URLs. */
export function inputFromArgument(argument: string, role?: DatasetRole): InputSpec {
  if (argument === '-') return { name: 'stdin', location: { kind: 'stdin' }, role };
  const location: DatasetLocation = /^[a-z][a-z0-9+.-]*:\/\//i.test(argument)
    ? { kind: 'url', url: argument }
    : { kind: 'path', path: argument };
  return { name: argument, location, role: role ?? roleFromName(argument) };
}

/**
 * Dependency order across inputs: sectors, then geography, then companies
 * (companies reference sector ids), then inputs of no known role in the
 * order given. Stable.
 */
export function inDatasetOrder<T extends { readonly role?: DatasetRole }>(
  inputs: readonly T[],
): T[] {
  const rank = (input: T) =>
    input.role ? DATASET_ROLES.indexOf(input.role) : DATASET_ROLES.length;
  return inputs
    .map((input, position) => ({ input, position }))
    .sort((a, b) => rank(a.input) - rank(b.input) || a.position - b.position)
    .map(({ input }) => input);
}
