import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sharedPath } from './shared-dir.js';

/** The shared real-world failure cases (read-only). */
export const CASES_DIR = sharedPath('cases');

export const casePath = (name: string): string => join(CASES_DIR, name);

export const caseJson = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(casePath(name), 'utf8'));

export const tempDir = (prefix = 'case-'): string => mkdtempSync(join(tmpdir(), prefix));

/** Writes each entry of a multi-file case (C01) to its own file; returns the
 * paths in `load_order`. */
export function writeCaseFiles(name: string, dir = tempDir()): string[] {
  const spec = caseJson(name) as { files: Record<string, unknown>; load_order: string[] };
  return spec.load_order.map((file) => {
    const path = join(dir, file);
    writeFileSync(path, JSON.stringify(spec.files[file], null, 2));
    return path;
  });
}

/** Reads an NDJSON file into objects (empty file: none). */
export const readNdjson = (path: string): Array<Record<string, unknown>> =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line));
