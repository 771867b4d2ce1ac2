import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type GenerateResult, generateBundle } from './generate-bundle.js';

/** Bump when the generator's output changes, so stale caches are ignored. */
const GENERATOR_VERSION = 1;

/**
 * The synthetic bundle for `seed` and `megabytes`, generated once into
 * `dir` and reused by later runs (a sidecar `.meta.json` keeps its counts;
 * a file whose size differs from the sidecar is generated again).
 */
export async function cachedBundle(dir: string, seed: number,
  megabytes: number): Promise<GenerateResult> {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `bundle-v${GENERATOR_VERSION}-seed${seed}-${megabytes}mib.json`);
  const metaPath = `${path}.meta.json`;
  if (existsSync(path) && existsSync(metaPath)) {
    const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as GenerateResult;
    if (meta.bytes === statSync(path).size) return meta;
  }

  const result = await generateBundle({ out: path, megabytes, seed });
  writeFileSync(metaPath, `${JSON.stringify(result)}\n`);
  return result;
}
