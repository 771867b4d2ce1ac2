import { join } from 'node:path';

/**
 * The project's shared material (cases, datasets, schemas), which sits
 * beside the clone as `../shared` — on a developer's machine and in CI alike.
 */
export const SHARED_DIR = join(import.meta.dirname, '../../../shared');

export const sharedPath = (...parts: string[]): string => join(SHARED_DIR, ...parts);
