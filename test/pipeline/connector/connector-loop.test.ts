import t from 'tap';
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { runConnectorLoop } from '../../../pipeline/connector/connector-loop.js';
import { loadSettings } from '../../../pipeline/config/load-settings.js';
import { createLogger, Secrets } from '../../../pipeline/logger.js';
import { tempDir } from '../../helpers/case-files.js';
import { DatasetServer } from '../../helpers/dataset-server.js';
import { OpenCtiEmulator } from '../../helpers/opencti-emulator.js';

t.test(
  'long-running: a reset state seen by the heartbeat triggers a full run, a signal stops cleanly',
  async (t) => {
    const emulator = await OpenCtiEmulator.start();
    const datasets = await DatasetServer.start();
    t.teardown(() => Promise.all([emulator.close(), datasets.close()]));
    const connectorId = randomUUID();
    const env = {
      OPENCTI_URL: emulator.url,
      OPENCTI_TOKEN: emulator.token,
      CONNECTOR_ID: connectorId,
      CONFIG_CACHE_DIR: tempDir('cache-'),
      CONFIG_SECTORS_FILE_URL: datasets.datasetUrl('sectors'),
      CONFIG_GEOGRAPHY_FILE_URL: datasets.datasetUrl('geography'),
      CONFIG_COMPANIES_FILE_URL: datasets.datasetUrl('companies'),
    };
    const settings = loadSettings({ env, configPath: '/nonexistent/config.yml' })._unsafeUnwrap();
    const lines: string[] = [];
    const secrets = new Secrets(settings.secrets);
    const logger = createLogger({
      name: 'test',
      level: 'info',
      secrets,
      destination: new Writable({
        write: (chunk, _e, done) => (lines.push(String(chunk)), done()),
      }),
    });
    const works = () =>
      [...emulator.state.works.values()].filter((w) => w.connectorId === connectorId);

    const loop = runConnectorLoop({
      settings,
      logger,
      secrets,
      force: false,
      pingIntervalMs: 100,
      signals: ['SIGUSR2'],
    });
    await emulator.waitFor(() => works()[0]?.processed === 721, 'first run done', 30_000);
    await emulator.waitFor(
      () => (emulator.state.connectors.get(connectorId)?.state ?? '').includes('last_run'),
      'state stored',
      10_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    t.equal(works().length, 1, 'not due again for 7 days: no second run');

    emulator.resetState(connectorId);
    await emulator.waitFor(
      () => works()[1]?.processed === 721,
      'the reset run pushed everything',
      30_000,
    );
    t.equal(works()[1].expected, 721);
    await new Promise((resolve) => setTimeout(resolve, 500));
    t.equal(works().length, 2, 'one run per reset, no loop');

    process.emit('SIGUSR2', 'SIGUSR2');
    t.equal(await loop, 0, 'a signal ends the loop with 0');
    t.ok(lines.some((line) => line.includes('reset the connector state')));
    t.notOk(lines.join('').includes(emulator.token));
  },
);
