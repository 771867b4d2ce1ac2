import { readFileSync, existsSync } from 'node:fs';
import { isLeft } from 'fp-ts/lib/Either.js';
import { err, ok, type Result } from 'neverthrow';
import { parse as parseYaml } from 'yaml';
import { DATASET_ROLES } from '../../core/record.js';
import { CONFIG_KEYS, type ConfigKey } from './config-keys.js';
import { ConfigError, type ConfigProblem } from './config-error.js';
import type { Settings } from './settings.js';
import { unknownKeys } from './unknown-keys.js';

export interface LoadOptions {
  /** Defaults to `process.env`. */
  readonly env?: Record<string, string | undefined>;
  /** Path of `config.yml`; a missing file is fine unless given explicitly. */
  readonly configPath?: string;
  readonly configPathExplicit?: boolean;
}

type Raw = { value: unknown; from: 'env' | 'file' | 'default' };

/**
 * Reads the settings from `config.yml` and the environment (the environment
 * wins), validates every key, and reports all bad keys at once.
 */
export function loadSettings(options: LoadOptions = {}): Result<Settings, ConfigError> {
  const env = options.env ?? process.env;
  const configPath = options.configPath ?? 'config.yml';
  const fileResult = readConfigFile(configPath, options.configPathExplicit);
  if (fileResult.isErr()) return err(new ConfigError([fileResult.error]));

  const problems: ConfigProblem[] = unknownKeys(fileResult.value, configPath);
  const values = new Map<string, Raw>();
  for (const key of CONFIG_KEYS) {
    const raw = pick(key, env, fileResult.value);
    if (raw.value === undefined) continue;
    const decoded = key.codec.decode(raw.value);
    if (isLeft(decoded)) {
      const reason =
        decoded.left.map((e) => e.message).find(Boolean) ?? `expected ${key.codec.name}`;
      problems.push({ key: nameOf(key, raw, configPath), value: shown(key, raw.value), reason });
    } else {
      values.set(key.env, { value: decoded.right, from: raw.from });
    }
  }
  return problems.length > 0 ? err(new ConfigError(problems)) : ok(toSettings(values));
}

function readConfigFile(
  path: string,
  explicit = false,
): Result<Record<string, unknown>, ConfigProblem> {
  const problem = (reason: string): ConfigProblem => ({ key: `config file ${path}`, reason });
  if (!existsSync(path)) return explicit ? err(problem('not found')) : ok({});
  try {
    const parsed: unknown = parseYaml(readFileSync(path, 'utf8'));
    if (parsed === null || parsed === undefined) return ok({});
    if (typeof parsed !== 'object' || Array.isArray(parsed)) {
      return err(problem('expected a mapping of sections'));
    }
    return ok(parsed as Record<string, unknown>);
  } catch (cause) {
    return err(problem(yamlMessage(cause)));
  }
}

/** yaml's message without the code excerpt it appends after a colon and a
 * blank line: "Map keys must be unique at line 2, column 1". */
const yamlMessage = (cause: unknown): string =>
  String((cause as Error)?.message ?? cause)
    .replace(/:\n\n[\s\S]*$/, '')
    .replace(/\s*\n\s*/g, ' ')
    .trim();

function pick(
  key: ConfigKey,
  env: LoadOptions['env'] & object,
  file: Record<string, unknown>,
): Raw {
  const fromEnv = env[key.env];
  if (fromEnv !== undefined && fromEnv !== '') return { value: fromEnv, from: 'env' };
  const section = file[key.yaml[0]];
  const fromFile =
    section && typeof section === 'object'
      ? (section as Record<string, unknown>)[key.yaml[1]]
      : undefined;
  if (fromFile !== undefined && fromFile !== null) return { value: fromFile, from: 'file' };
  return { value: key.fallback, from: 'default' };
}

/** `OPENCTI_URL`, or `opencti.url (c2.yml)` when read from a file. */
const nameOf = (key: ConfigKey, raw: Raw, path: string): string =>
  raw.from === 'file' ? `${key.yaml.join('.')} (${path})` : key.env;

const shown = (key: ConfigKey, value: unknown): string =>
  key.secret ? '<redacted>' : JSON.stringify(value);

function toSettings(values: Map<string, Raw>): Settings {
  const get = <T>(env: string): T => values.get(env)?.value as T;
  const secrets = [get<string>('OPENCTI_TOKEN'), get<string>('MQ_PASS')].filter(
    (s): s is string => typeof s === 'string' && s.length > 0,
  );
  return {
    opencti: {
      url: get('OPENCTI_URL'),
      token: get('OPENCTI_TOKEN'),
      sslVerify: get('OPENCTI_SSL_VERIFY'),
    },
    connector: {
      id: get('CONNECTOR_ID'),
      name: get('CONNECTOR_NAME'),
      scope: get('CONNECTOR_SCOPE'),
      logLevel: get('CONNECTOR_LOG_LEVEL'),
      runAndTerminate: get('CONNECTOR_RUN_AND_TERMINATE'),
      queueProtocol: get('CONNECTOR_QUEUE_PROTOCOL'),
    },
    datasets: {
      interval: get('CONFIG_INTERVAL'),
      removeCreator: get('CONFIG_REMOVE_CREATOR'),
      locations: {
        sectors: get('CONFIG_SECTORS_FILE_URL'),
        geography: get('CONFIG_GEOGRAPHY_FILE_URL'),
        companies: get('CONFIG_COMPANIES_FILE_URL'),
      },
      configuredRoles: DATASET_ROLES.filter(
        (role) => values.get(`CONFIG_${role.toUpperCase()}_FILE_URL`)?.from !== 'default',
      ),
      cacheDir: get('CONFIG_CACHE_DIR'),
    },
    http: {
      timeoutSeconds: get('CONFIG_HTTP_TIMEOUT'),
      retries: get('CONFIG_HTTP_RETRIES'),
      maxDownloadBytes: megabytes(get<number>('CONFIG_MAX_DOWNLOAD_MB')),
      maxObjectBytes: megabytes(get<number>('CONFIG_MAX_OBJECT_MB')),
      tlsVerify: get('CONFIG_TLS_VERIFY'),
    },
    mq: {
      host: get('MQ_HOST'),
      port: get('MQ_PORT'),
      vhost: get('MQ_VHOST'),
      useSsl: get('MQ_USE_SSL'),
      user: get('MQ_USER'),
      pass: get('MQ_PASS'),
    },
    secrets,
  };
}

/** Whole bytes of a positive number of MiB (a fraction is allowed; at least 1 byte). */
const megabytes = (mb: number): number => Math.max(1, Math.floor(mb * 1024 * 1024));
