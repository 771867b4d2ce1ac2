import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder of this package's `package.json`, from compiled (`dist/`)
 * or source code alike. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 5; depth++) {
    const manifest = join(dir, 'package.json');
    if (
      existsSync(manifest) &&
      JSON.parse(readFileSync(manifest, 'utf8')).name === 'opencti-datasets'
    ) {
      return dir;
    }
    dir = dirname(dir);
  }
  throw new Error('opencti-datasets: cannot find the package root from ' + import.meta.url);
}

/** Path of one of the embedded dataset snapshots. */
export const embeddedDataset = (role: string): string =>
  join(packageRoot(), 'datasets', `${role}.json`);
