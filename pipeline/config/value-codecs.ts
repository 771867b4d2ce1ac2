import * as t from 'io-ts';
import { isAbsolute } from 'node:path';

/** Codecs that read a setting from YAML (typed) or from the environment
 * (always a string). Each failure names the rule that was broken. */

const TRUE_WORDS = new Set(['true', 'yes', 'on', '1']);
const FALSE_WORDS = new Set(['false', 'no', 'off', '0']);

export const booleanSetting = new t.Type<boolean, boolean, unknown>(
  'boolean (true/false)',
  (u): u is boolean => typeof u === 'boolean',
  (u, c) => {
    if (typeof u === 'boolean') return t.success(u);
    const word = String(u).trim().toLowerCase();
    if (TRUE_WORDS.has(word)) return t.success(true);
    if (FALSE_WORDS.has(word)) return t.success(false);
    return t.failure(u, c, 'expected true or false');
  },
  t.identity,
);

/** A number that is > 0 (a fraction of a day is allowed for tests). */
export const positiveNumberSetting = new t.Type<number, number, unknown>(
  'positive number',
  (u): u is number => typeof u === 'number' && u > 0,
  (u, c) => {
    const value = typeof u === 'number' ? u : Number(String(u).trim());
    if (String(u).trim() === '' || !Number.isFinite(value)) {
      return t.failure(u, c, 'expected a number');
    }
    return value > 0 ? t.success(value) : t.failure(u, c, 'must be greater than 0');
  },
  t.identity,
);

/** A whole number >= 0 (a count such as retries, where 0 means none). */
export const nonNegativeIntegerSetting = new t.Type<number, number, unknown>(
  'whole number >= 0',
  (u): u is number => Number.isInteger(u) && (u as number) >= 0,
  (u, c) => {
    const text = typeof u === 'number' ? String(u) : String(u ?? '').trim();
    const value = typeof u === 'number' ? u : /^\d+$/.test(text) ? Number(text) : NaN;
    return Number.isSafeInteger(value) && value >= 0
      ? t.success(value)
      : t.failure(u, c, 'expected a whole number >= 0');
  },
  t.identity,
);

// RFC 4122 layout: version digit 1-8 (RFC 9562 added 6-8), variant 10xx.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/** An RFC 4122 UUID of any version, any case, kept as written (trimmed):
 * OpenCTI registers a connector under this id. */
export const uuidSetting = new t.Type<string, string, unknown>(
  'UUID',
  (u): u is string => typeof u === 'string' && UUID.test(u),
  (u, c) => {
    const text = typeof u === 'string' ? u.trim() : '';
    return UUID.test(text)
      ? t.success(text)
      : t.failure(u, c, 'expected a UUID such as 3f2b8c1e-5d4a-4b6f-9e0d-7a1c2b3d4e5f');
  },
  t.identity,
);

export const portSetting = new t.Type<number, number, unknown>(
  'TCP port',
  (u): u is number => Number.isInteger(u),
  (u, c) => {
    const value = typeof u === 'number' ? u : Number(String(u).trim());
    return Number.isInteger(value) && value > 0 && value < 65536
      ? t.success(value)
      : t.failure(u, c, 'expected a port number between 1 and 65535');
  },
  t.identity,
);

export const stringSetting = new t.Type<string, string, unknown>(
  'string',
  t.string.is,
  (u, c) =>
    (typeof u === 'string' || typeof u === 'number') && String(u).trim() !== ''
      ? t.success(String(u).trim())
      : t.failure(u, c, 'expected a non-empty string'),
  t.identity,
);

export const httpUrlSetting = new t.Type<string, string, unknown>(
  'http(s) URL',
  t.string.is,
  (u, c) => {
    const text = String(u ?? '').trim();
    return /^https?:\/\/[^\s/]+/i.test(text) && URL.canParse(text)
      ? t.success(text.replace(/\/+$/, ''))
      : t.failure(u, c, 'expected an http:// or https:// URL');
  },
  t.identity,
);

/** One of a fixed set of words, case-insensitive; `aliases` map extra words. */
export const choiceSetting = <C extends string>(
  choices: readonly C[],
  aliases: Record<string, C> = {},
) =>
  new t.Type<C, C, unknown>(
    choices.join('|'),
    (u): u is C => choices.includes(u as C),
    (u, c) => {
      const word = String(u ?? '')
        .trim()
        .toLowerCase();
      const found = choices.find((choice) => choice === word) ?? aliases[word];
      return found ? t.success(found) : t.failure(u, c, `expected one of ${choices.join(', ')}`);
    },
    t.identity,
  );

/** Where a dataset comes from: an http(s) or file: URL, a path, or `false`. */
export type DatasetLocation = { kind: 'url'; url: string } | { kind: 'path'; path: string };

export const datasetLocationSetting = new t.Type<DatasetLocation | false, unknown, unknown>(
  'http(s) URL, file: URL, path or false',
  (u): u is DatasetLocation | false => u === false || typeof u === 'object',
  (u, c) => {
    if (u === false) return t.success(false);
    const text = String(u ?? '').trim();
    if (FALSE_WORDS.has(text.toLowerCase()) && text !== '0') return t.success(false);
    if (/^https?:\/\//i.test(text) && URL.canParse(text))
      return t.success({ kind: 'url', url: text });
    if (/^file:\/\//i.test(text) && URL.canParse(text))
      return t.success({ kind: 'url', url: text });
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
      return t.failure(u, c, 'only http:, https: and file: URLs are accepted');
    }
    if (text !== '' && (isAbsolute(text) || /^\.{0,2}[\\/]|^[\w.-]/.test(text))) {
      return t.success({ kind: 'path', path: text });
    }
    return t.failure(u, c, 'expected an http(s) URL, a file: URL, a path, or false');
  },
  t.identity,
);
