import type * as t from 'io-ts';
import {
  booleanSetting,
  choiceSetting,
  datasetLocationSetting,
  httpUrlSetting,
  nonNegativeIntegerSetting,
  portSetting,
  positiveNumberSetting,
  stringSetting,
  uuidSetting,
} from './value-codecs.js';

const DATASETS_BASE = 'https://raw.githubusercontent.com/OpenCTI-Platform/datasets/master/data';

/** One setting: its environment variable, its path in `config.yml`, how it
 * is read, and its default (absent = optional, no default). The names are
 * those of the OpenCTI datasets connector, so a deployment carries over. */
export interface ConfigKey {
  readonly env: string;
  readonly yaml: readonly [string, string];
  readonly codec: t.Mixed;
  readonly fallback?: unknown;
  readonly secret?: boolean;
}

const key = (env: string, codec: t.Mixed, fallback?: unknown, secret = false): ConfigKey => {
  const [section, ...rest] = env.toLowerCase().split('_');
  return { env, yaml: [section, rest.join('_')], codec, fallback, secret };
};

export const CONFIG_KEYS = [
  key('OPENCTI_URL', httpUrlSetting),
  key('OPENCTI_TOKEN', stringSetting, undefined, true),
  key('OPENCTI_SSL_VERIFY', booleanSetting, true),
  key('CONNECTOR_ID', uuidSetting),
  key('CONNECTOR_NAME', stringSetting, 'OpenCTI Datasets'),
  key('CONNECTOR_SCOPE', stringSetting, 'opencti'),
  key(
    'CONNECTOR_LOG_LEVEL',
    choiceSetting(['debug', 'info', 'warn', 'error'] as const, { warning: 'warn' }),
    'info',
  ),
  key('CONNECTOR_RUN_AND_TERMINATE', booleanSetting, false),
  key('CONNECTOR_QUEUE_PROTOCOL', choiceSetting(['amqp', 'api'] as const), 'amqp'),
  key('CONFIG_INTERVAL', positiveNumberSetting, 7),
  key('CONFIG_REMOVE_CREATOR', booleanSetting, true),
  key('CONFIG_SECTORS_FILE_URL', datasetLocationSetting, `${DATASETS_BASE}/sectors.json`),
  key('CONFIG_GEOGRAPHY_FILE_URL', datasetLocationSetting, `${DATASETS_BASE}/geography.json`),
  key('CONFIG_COMPANIES_FILE_URL', datasetLocationSetting, `${DATASETS_BASE}/companies.json`),
  key('CONFIG_CACHE_DIR', stringSetting, '.cache/opencti-datasets'),
  key('CONFIG_HTTP_TIMEOUT', positiveNumberSetting, 30),
  key('CONFIG_HTTP_RETRIES', nonNegativeIntegerSetting, 4),
  key('CONFIG_MAX_DOWNLOAD_MB', positiveNumberSetting, 512),
  key('CONFIG_MAX_OBJECT_MB', positiveNumberSetting, 16),
  key('CONFIG_TLS_VERIFY', booleanSetting, true),
  key('MQ_HOST', stringSetting),
  key('MQ_PORT', portSetting),
  key('MQ_VHOST', stringSetting),
  key('MQ_USE_SSL', booleanSetting),
  key('MQ_USER', stringSetting),
  key('MQ_PASS', stringSetting, undefined, true),
] as const;

export type ConfigKeyName = (typeof CONFIG_KEYS)[number]['env'];

/** The sections of `config.yml`. */
export const CONFIG_SECTIONS = ['opencti', 'connector', 'config', 'mq'] as const;

/**
 * Keys the Python connector (pycti) documents that this connector does not
 * use. They are accepted in `config.yml` and ignored, so that a Python
 * deployment's file carries over; any other unknown key is an error (a
 * misspelt `intervall:` would otherwise be silently dropped).
 */
export const IGNORED_PYTHON_KEYS: ReadonlySet<string> = new Set([
  'opencti.json_logging',
  'connector.type',
  'connector.auto',
  'connector.update_existing_data',
  'connector.confidence_level',
  'connector.duration_period',
  'connector.expose_metrics',
  'connector.metrics_port',
  'connector.only_contextual',
  'connector.validate_before_import',
  'connector.queue_threshold',
  'connector.send_to_queue',
  'connector.send_to_directory',
  'connector.send_to_directory_path',
  'connector.send_to_directory_retention',
  'connector.listen_protocol',
  'connector.listen_protocol_api_port',
  'connector.listen_protocol_api_path',
  'connector.listen_protocol_api_ssl',
  'connector.listen_protocol_api_uri',
  'connector.playbook_compatible',
]);
