import t from 'tap';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSettings } from '../../../pipeline/config/load-settings.js';

const noFile = join(tmpdir(), 'no-such-config.yml');

t.test('defaults are those of the datasets connector', async (t) => {
  const settings = loadSettings({ env: {}, configPath: noFile })._unsafeUnwrap();
  t.equal(settings.connector.name, 'OpenCTI Datasets');
  t.equal(settings.connector.scope, 'opencti');
  t.equal(settings.connector.logLevel, 'info');
  t.equal(settings.connector.queueProtocol, 'amqp');
  t.equal(settings.datasets.interval, 7);
  t.equal(settings.datasets.removeCreator, true);
  t.same(settings.datasets.configuredRoles, [], 'no location set explicitly');
  t.same(settings.datasets.locations.sectors, {
    kind: 'url',
    url: 'https://raw.githubusercontent.com/OpenCTI-Platform/datasets/master/data/sectors.json',
  });
});

t.test('config.yml is read and the environment wins over it', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
  const path = join(dir, 'config.yml');
  writeFileSync(
    path,
    [
      'opencti:',
      '  url: "http://opencti.local:8080/"',
      '  token: "from-file-token"',
      'connector:',
      '  id: "a3e7b2a1-7c2b-4c3d-9f0e-2d1e4b5c6a7f"',
      '  log_level: warning',
      'config:',
      '  interval: 3',
      '  remove_creator: false',
      '  companies_file_url: false',
    ].join('\n'),
  );
  const env = { CONFIG_INTERVAL: '14', OPENCTI_TOKEN: 'from-env-token' };
  const settings = loadSettings({ env, configPath: path })._unsafeUnwrap();

  t.equal(settings.opencti.url, 'http://opencti.local:8080', 'trailing slash removed');
  t.equal(settings.opencti.token, 'from-env-token');
  t.equal(settings.connector.logLevel, 'warn', 'warning is an alias of warn');
  t.equal(settings.datasets.interval, 14);
  t.equal(settings.datasets.removeCreator, false);
  t.equal(settings.datasets.locations.companies, false);
  t.same(settings.datasets.configuredRoles, ['companies'], 'only the key set in the file');
  t.same(settings.secrets, ['from-env-token']);
});

t.test('every bad key is named in one error, secrets are not shown', async (t) => {
  const env = {
    CONFIG_INTERVAL: '-2',
    CONFIG_REMOVE_CREATOR: 'maybe',
    CONFIG_SECTORS_FILE_URL: 'ftp://example.org/sectors.json',
    CONNECTOR_LOG_LEVEL: 'loud',
    OPENCTI_URL: 'opencti.local',
    MQ_PORT: '99999',
    OPENCTI_TOKEN: 'secret-token-value',
  };
  const error = loadSettings({ env, configPath: noFile })._unsafeUnwrapErr();

  t.same(
    error.problems.map((p) => p.key).sort(),
    [
      'CONFIG_INTERVAL',
      'CONFIG_REMOVE_CREATOR',
      'CONFIG_SECTORS_FILE_URL',
      'CONNECTOR_LOG_LEVEL',
      'MQ_PORT',
      'OPENCTI_URL',
    ],
  );
  t.match(error.message, /CONFIG_INTERVAL="-2": must be greater than 0/);
  t.match(error.message, /CONFIG_SECTORS_FILE_URL=.*only http:, https: and file: URLs/);
  t.notMatch(error.message, /secret-token-value/);
});

t.test('dataset locations: url, file url, path, false', async (t) => {
  const env = {
    CONFIG_SECTORS_FILE_URL: 'file:///data/sectors.json',
    CONFIG_GEOGRAPHY_FILE_URL: './data/geography.json',
    CONFIG_COMPANIES_FILE_URL: 'False',
  };
  const { locations, configuredRoles } = loadSettings({ env, configPath: noFile })
    ._unsafeUnwrap().datasets;
  t.same(configuredRoles, ['sectors', 'geography', 'companies']);
  t.same(locations.sectors, { kind: 'url', url: 'file:///data/sectors.json' });
  t.same(locations.geography, { kind: 'path', path: './data/geography.json' });
  t.equal(locations.companies, false);
});

t.test('a config file that is not a mapping, or missing when named, is an error', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
  const path = join(dir, 'config.yml');
  writeFileSync(path, '- just\n- a list\n');
  t.match(loadSettings({ env: {}, configPath: path })._unsafeUnwrapErr().message, /mapping/);
  const missing = loadSettings({ env: {}, configPath: join(dir, 'nope.yml'), configPathExplicit: true });
  t.match(missing._unsafeUnwrapErr().message, /not found/);
});

t.test('CONFIG_HTTP_RETRIES=0 means no retry; CONFIG_INTERVAL must stay > 0', async (t) => {
  const zero = loadSettings({ env: { CONFIG_HTTP_RETRIES: '0' }, configPath: noFile });
  t.equal(zero._unsafeUnwrap().http.retries, 0);
  t.equal(loadSettings({ env: {}, configPath: noFile })._unsafeUnwrap().http.retries, 4);
  const bad = loadSettings({
    env: { CONFIG_HTTP_RETRIES: '2.5', CONFIG_INTERVAL: '0' },
    configPath: noFile,
  })._unsafeUnwrapErr();
  t.same(bad.problems.map((p) => p.key).sort(), ['CONFIG_HTTP_RETRIES', 'CONFIG_INTERVAL']);
  t.match(bad.message, /CONFIG_HTTP_RETRIES="2.5": expected a whole number >= 0/);
  t.match(bad.message, /CONFIG_INTERVAL="0": must be greater than 0/);
});

t.test('CONNECTOR_ID must be a UUID, named like any other bad key', async (t) => {
  const bad = loadSettings({ env: { CONNECTOR_ID: 'notauuid' }, configPath: noFile });
  const error = bad._unsafeUnwrapErr();
  t.same(error.problems.map((p) => [p.key, p.value]), [['CONNECTOR_ID', '"notauuid"']]);
  t.match(error.message, /CONNECTOR_ID="notauuid": expected a UUID/);
  const id = 'A3E7B2A1-7C2B-4C3D-9F0E-2D1E4B5C6A7F';
  const good = loadSettings({ env: { CONNECTOR_ID: id }, configPath: noFile });
  t.equal(good._unsafeUnwrap().connector.id, id);
});

t.test('a YAML syntax error names the file, line and column, without the excerpt', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
  const path = join(dir, 'c2.yml');
  writeFileSync(path, 'config:\n  interval: 3\n  interval: 4\n');
  const error = loadSettings({ env: {}, configPath: path })._unsafeUnwrapErr();
  t.same(error.problems, [
    { key: `config file ${path}`, reason: 'Map keys must be unique at line 3, column 3' },
  ]);
  t.equal(
    error.message,
    `invalid configuration (1 problem): config file ${path}: ` +
      'Map keys must be unique at line 3, column 3',
  );
  writeFileSync(path, 'opencti:\n  url: [http://x\n');
  const unclosed = loadSettings({ env: {}, configPath: path })._unsafeUnwrapErr().message;
  t.match(unclosed, /: Flow sequence .* at line 3, column 1$/);
  t.notMatch(unclosed, /\n|url: \[/, 'no code excerpt');
});

t.test('a bad value from a file given by path is labelled with that path', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
  const path = join(dir, 'c2.yml');
  writeFileSync(path, 'config:\n  interval: soon\n');
  const error = loadSettings({ env: {}, configPath: path, configPathExplicit: true })
    ._unsafeUnwrapErr();
  t.same(error.problems.map((p) => p.key), [`config.interval (${path})`]);
  t.notMatch(error.message, /\(config\.yml\)/);
});

t.test('unknown sections and keys of config.yml are bad keys, reported with the rest', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
  const path = join(dir, 'config.yml');
  writeFileSync(
    path,
    'confg:\n  interval: 3\nconfig:\n  intervall: 3\nconnector:\n  type: EXTERNAL_IMPORT\n',
  );
  const error = loadSettings({ env: { CONFIG_INTERVAL: 'x' }, configPath: path })
    ._unsafeUnwrapErr();
  t.same(error.problems.map((p) => p.key), [
    `confg (${path})`,
    `config.intervall (${path})`,
    'CONFIG_INTERVAL',
  ]);
  t.match(error.message, /config\.intervall \(.*\): unknown key; expected one of interval/);
});

t.test('config.yml.sample has no unknown key', async (t) => {
  const sample = join(import.meta.dirname, '../../../config.yml.sample');
  const keys = loadSettings({ env: {}, configPath: sample }).match(
    () => [],
    (error) => error.problems.map((p) => p.key),
  );
  // Its placeholder connector id ('ChangeMe') is refused until replaced.
  t.same(keys.filter((key) => key !== `connector.id (${sample})`), []);
});

t.test('configuredRoles: only the locations set explicitly, env or file', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
  const path = join(dir, 'config.yml');
  writeFileSync(path, 'config:\n  geography_file_url: ./geo.json\n');
  const env = { CONFIG_SECTORS_FILE_URL: 'false' };
  const { datasets } = loadSettings({ env, configPath: path })._unsafeUnwrap();
  t.same(datasets.configuredRoles, ['sectors', 'geography']);
  t.equal(datasets.locations.sectors, false);
  t.same(datasets.locations.companies, {
    kind: 'url',
    url: 'https://raw.githubusercontent.com/OpenCTI-Platform/datasets/master/data/companies.json',
  }, 'the default URL stays for the connector');
});

t.test('a fraction of a MiB is whole bytes, at least one', async (t) => {
  const bytes = (mb: string) => loadSettings({
    env: { CONFIG_MAX_OBJECT_MB: mb, CONFIG_MAX_DOWNLOAD_MB: mb }, configPath: noFile,
  })._unsafeUnwrap().http;
  t.same(bytes('0.001'), { ...bytes('0.001'), maxObjectBytes: 1048, maxDownloadBytes: 1048 });
  t.equal(bytes('1e-12').maxObjectBytes, 1);
  t.equal(bytes('16').maxObjectBytes, 16 * 1024 * 1024);
});
