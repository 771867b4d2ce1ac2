import { CONFIG_KEYS, CONFIG_SECTIONS, IGNORED_PYTHON_KEYS } from './config-keys.js';
import type { ConfigProblem } from './config-error.js';

const keysOf = (section: string): string[] =>
  CONFIG_KEYS.filter((key) => key.yaml[0] === section).map((key) => key.yaml[1]);

/**
 * The sections and keys of a parsed `config.yml` that this connector does
 * not know (a misspelt `confg:` or `intervall:`), as problems labelled with
 * the file's `path`. Keys of the Python connector that are not used here
 * (`IGNORED_PYTHON_KEYS`) are accepted.
 */
export function unknownKeys(file: Record<string, unknown>, path: string): ConfigProblem[] {
  const sections: readonly string[] = CONFIG_SECTIONS;
  return Object.entries(file).flatMap(([section, body]): ConfigProblem[] => {
    if (!sections.includes(section)) {
      return [
        {
          key: `${section} (${path})`,
          reason: `unknown section; expected one of ${sections.join(', ')}`,
        },
      ];
    }
    if (body === null || body === undefined) return [];
    if (typeof body !== 'object' || Array.isArray(body)) {
      return [{ key: `${section} (${path})`, reason: 'expected a mapping of keys' }];
    }
    const known = keysOf(section);
    return Object.keys(body)
      .filter((name) => !known.includes(name) && !IGNORED_PYTHON_KEYS.has(`${section}.${name}`))
      .map((name) => ({
        key: `${section}.${name} (${path})`,
        reason: `unknown key; expected one of ${known.join(', ')}`,
      }));
  });
}
