import { DATASET_ROLES, type DatasetRole } from '../../core/record.js';
import { CONFIG_KEYS } from '../config/config-keys.js';
import { loadSettings } from '../config/load-settings.js';
import type { Settings } from '../config/settings.js';
import { createLogger, Secrets, type Logger } from '../logger.js';
import { inputFromArgument, type InputSpec } from '../inputs.js';
import { embeddedDataset } from '../package-root.js';

/** Options every dataset-reading command accepts (see cli.ts). */
export interface InputOptions {
  readonly config?: string;
  readonly sectors?: string;
  readonly geography?: string;
  readonly companies?: string;
  readonly role?: DatasetRole;
  readonly rejects?: string;
  readonly strict: boolean;
  readonly assumeUtc: boolean;
  readonly fixIdentityClass: boolean;
  readonly keepCreator?: boolean;
  readonly dropAuthor: boolean;
  readonly atomic: boolean;
  readonly quiet: boolean;
}

export interface CommandContext {
  readonly settings: Settings;
  readonly logger: Logger;
  readonly secrets: Secrets;
}

const secretKeys = CONFIG_KEYS.filter((key) => key.secret).map((key) => key.env);

/** Loads the settings and makes the logger; on bad configuration, prints one
 * message naming every bad key and returns `undefined` (exit 1). */
export function openContext(options: {
  config?: string;
  quiet?: boolean;
}): CommandContext | undefined {
  const loaded = loadSettings({
    configPath: options.config,
    configPathExplicit: options.config !== undefined,
  });
  if (loaded.isErr()) {
    // The message quotes each bad value: a secret given under another key
    // (the token pasted into OPENCTI_URL) must not be printed. Known
    // limitation: only the secrets of the environment are known here, not
    // those of config.yml, which failed to load.
    const secrets = new Secrets(secretKeys.flatMap((key) => process.env[key] ?? []));
    process.stderr.write(`opencti-datasets: ${secrets.scrub(loaded.error.message)}\n`);
    return undefined;
  }
  const settings = loaded.value;
  const secrets = new Secrets(settings.secrets);
  const logger = createLogger({
    name: settings.connector.name,
    level: options.quiet ? 'error' : settings.connector.logLevel,
    secrets,
  });
  return { settings, logger, secrets };
}

/**
 * The inputs of a run: the positional arguments and the `--sectors`-style
 * options. With neither and `embedded` allowed (`export`), each dataset
 * comes from its location when the user set one (env or file), is left out
 * when set to false, and is otherwise the snapshot shipped in `datasets/`;
 * without `embedded`, the configured (or default) locations.
 */
export function inputsOf(
  args: readonly string[],
  options: InputOptions,
  settings: Settings,
  embedded: boolean,
): InputSpec[] {
  const named = DATASET_ROLES.flatMap((role) =>
    options[role] ? [inputFromArgument(options[role] as string, role)] : [],
  );
  const positional = args.map((arg) => inputFromArgument(arg, options.role));
  if (named.length + positional.length > 0) return [...named, ...positional];
  if (!embedded) return configuredInputs(settings);
  const { configuredRoles } = settings.datasets;
  const configured = configuredInputs(settings);
  return DATASET_ROLES.flatMap((role): InputSpec[] => {
    if (configuredRoles.includes(role)) return configured.filter((s) => s.role === role);
    const path = embeddedDataset(role);
    return [{ name: `${role}.json`, location: { kind: 'path', path }, role }];
  });
}

/** The datasets of the configuration, in dataset order, without disabled ones. */
export function configuredInputs(settings: Settings): InputSpec[] {
  return DATASET_ROLES.flatMap((role) => {
    const location = settings.datasets.locations[role];
    if (location === false) return [];
    const name = location.kind === 'url' ? location.url : location.path;
    return [{ name, location, role }];
  });
}
