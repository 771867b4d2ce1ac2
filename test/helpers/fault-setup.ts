import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { DatasetServer, DATASETS_DIR } from './dataset-server.js';
import { OpenCtiEmulator } from './opencti-emulator.js';
import { tempDir } from './case-files.js';
import { runCli, type CliRun } from './run-cli.js';

export const ROLES = ['sectors', 'geography', 'companies'] as const;

/** The 721 object ids of the three embedded datasets. */
export const ALL_IDS: ReadonlySet<string> = new Set(
  ROLES.flatMap((role) =>
    (
      JSON.parse(readFileSync(join(DATASETS_DIR, `${role}.json`), 'utf8')).objects as Array<{
        id: string;
      }>
    ).map((o) => o.id),
  ),
);

interface Teardown {
  teardown(fn: () => unknown): void;
}

/**
 * An emulator, a dataset server and the environment of a run-and-terminate
 * connector pointed at them (retries and timeouts short). Everything is
 * closed in the test's teardown.
 */
export async function connectorSetup(
  t: Teardown,
  options: { protocol?: 'amqp' | 'api'; token?: string; env?: Record<string, string> } = {},
) {
  const emulator = await OpenCtiEmulator.start(options.token ? { token: options.token } : {});
  const datasets = await DatasetServer.start();
  t.teardown(() => Promise.all([emulator.close(), datasets.close()]));
  const connectorId = randomUUID();
  const env: Record<string, string> = {
    OPENCTI_URL: emulator.url,
    OPENCTI_TOKEN: emulator.token,
    CONNECTOR_ID: connectorId,
    CONNECTOR_RUN_AND_TERMINATE: 'true',
    CONNECTOR_QUEUE_PROTOCOL: options.protocol ?? 'amqp',
    CONNECTOR_LOG_LEVEL: 'info',
    CONFIG_CACHE_DIR: tempDir('cache-'),
    CONFIG_HTTP_RETRIES: '1',
    CONFIG_HTTP_TIMEOUT: '5',
    CONFIG_INTERVAL: '0.000001',
    ...Object.fromEntries(
      ROLES.map((role) => [`CONFIG_${role.toUpperCase()}_FILE_URL`, datasets.datasetUrl(role)]),
    ),
    ...options.env,
  };
  const run = (
    args: string[] = [],
    extra: Record<string, string> = {},
    timeoutMs = 80_000,
  ): Promise<CliRun> =>
    runCli(['run', ...args], { env: { ...env, ...extra }, cwd: tempDir('cwd-'), timeoutMs });
  const works = () =>
    [...emulator.state.works.values()].filter((w) => w.connectorId === connectorId);
  const storedState = () => JSON.parse(emulator.state.connectors.get(connectorId)?.state || '{}');
  const settle = (ms = 30_000) =>
    emulator.waitFor(
      () => works().every((w) => w.processed >= w.expected),
      'every expectation processed',
      ms,
    );
  return { emulator, datasets, connectorId, env, run, works, storedState, settle };
}

/** A loopback port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The `level: error` log lines of a run. */
export const errorLines = (run: CliRun): Array<Record<string, unknown>> =>
  run.logs.filter((log) => log.level === 'error');

/** Resolves true once `predicate()` holds (checked every 5 ms), false after `ms`. */
export async function until(predicate: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (predicate()) return true;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return false;
}
