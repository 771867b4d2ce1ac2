import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { ExactNumber } from '../../core/json.js';
import { sharedPath } from './shared-dir.js';

/** Where the official OASIS STIX 2.1 JSON schemas live. */
export const STIX_SCHEMAS_DIR = sharedPath('stix2-json-schemas', 'schemas');

const FOLDERS = ['common', 'sdos', 'sros', 'observables'];
/** Object types whose schema lives in `common/`. */
const COMMON_TYPES = [
  'marking-definition', 'language-content', 'extension-definition', 'bundle',
];

let validators: Map<string, ValidateFunction> | undefined;

const isIdnHostname = (text: string): boolean =>
  text.length > 0 && text.length <= 253 && !/[\s/:@?#]/.test(text) &&
  URL.canParse(`http://${text}/`);

/** One ajv 2020 validator per STIX type (`core` for types without a schema
 * of their own), compiled on first use. */
function load(): Map<string, ValidateFunction> {
  const ajv = new Ajv2020.default({ strict: false, unicodeRegExp: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addFormat('idn-hostname', { type: 'string', validate: isIdnHostname });

  const byType = new Map<string, string>();
  for (const folder of FOLDERS) {
    for (const file of readdirSync(join(STIX_SCHEMAS_DIR, folder)).sort()) {
      if (!file.endsWith('.json')) continue;
      const schema = JSON.parse(readFileSync(join(STIX_SCHEMAS_DIR, folder, file), 'utf8'));
      ajv.addSchema(schema);
      const type = file.slice(0, -'.json'.length);
      if (folder !== 'common' || COMMON_TYPES.includes(type) || type === 'core') {
        byType.set(type, schema.$id as string);
      }
    }
  }
  const compiled = new Map<string, ValidateFunction>();
  for (const [type, id] of byType) compiled.set(type, ajv.getSchema(id)!);
  return compiled;
}

/** A copy with every {@link ExactNumber} as a plain number. */
function plain(value: unknown): unknown {
  if (value instanceof ExactNumber) return Number(value.text);
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
}

/**
 * Validates one STIX 2.1 object against the official OASIS schema of its
 * `type` (the common `core` schema for types without one). Returns the
 * errors as `<instancePath> <message>` lines; empty when valid.
 * {@link ExactNumber}s are validated as numbers.
 */
export function validateStix(object: unknown): string[] {
  validators ??= load();
  const value = plain(object);
  const type = (value as { type?: unknown } | null)?.type;
  const validator = validators.get(typeof type === 'string' ? type : '') ??
    validators.get('core')!;
  if (validator(value)) return [];
  return (validator.errors ?? [])
    .map((e) => `${e.instancePath || '/'} ${e.message ?? 'invalid'}`);
}
