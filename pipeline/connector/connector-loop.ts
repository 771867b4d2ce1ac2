import { ReplaySubject } from 'rxjs';
import type { GraphqlClient } from '../../sinks/opencti/graphql-client.js';
import {
  registerConnector,
  type RegisteredConnector,
} from '../../sinks/opencti/connector-operations.js';
import type { Settings } from '../config/settings.js';
import type { Logger, Secrets } from '../logger.js';
import { runConnectorOnce } from './connector-run.js';
import { parseState } from './connector-state.js';
import { explained, platformClient } from './platform-client.js';
import { Heartbeat } from './heartbeat.js';
import { delayUntilNextRun } from './schedule.js';
import { sinkForWork } from './sink-for-work.js';

export interface ConnectorLoopOptions {
  readonly settings: Settings;
  readonly logger: Logger;
  /** Secrets learnt from the platform (the broker password) are added here. */
  readonly secrets: Secrets;
  readonly force: boolean;
  /** Ping period (default 40 s) and retry backoff, shortened in tests. */
  readonly pingIntervalMs?: number;
  readonly retryBaseMs?: number;
  readonly retryMaxMs?: number;
  /** Signals that end the loop gracefully (default SIGINT and SIGTERM). */
  readonly signals?: readonly NodeJS.Signals[];
  /** How long a stop waits for outstanding confirmations (default 30 s). */
  readonly shutdownTimeoutMs?: number;
}

/**
 * The connector: registers with the platform, pings it every 40 s, runs
 * the datasets job when the interval has passed (at once after a reset
 * state), retries failed runs at a short backoff, and stops cleanly on
 * SIGINT/SIGTERM (no new work; the run in flight drains, its work is closed
 * as interrupted). Returns the exit code.
 */
export async function runConnectorLoop(options: ConnectorLoopOptions): Promise<number> {
  const { settings, logger } = options;
  const missing = (['OPENCTI_URL', 'OPENCTI_TOKEN', 'CONNECTOR_ID'] as const).filter(
    (key) => !valueOf(settings, key),
  );
  if (missing.length > 0) {
    logger.error({ missing }, `cannot run as a connector: set ${missing.join(', ')}`);
    return 1;
  }
  const connectorId = settings.connector.id as string;
  const client = platformClient(settings, logger);

  const registered = await registerConnector(client, {
    id: connectorId,
    name: settings.connector.name,
    type: 'EXTERNAL_IMPORT',
    scope: settings.connector.scope
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    auto: false,
  });
  if (registered.isErr()) {
    logger.error({ operation: 'registerConnector' }, explained(registered.error, client));
    return 1;
  }
  options.secrets.add(registered.value.config.connection.pass);
  options.secrets.add(settings.mq.pass);
  logger.info({ connectorId }, `registered connector "${settings.connector.name}"`);
  return new Loop(options, client, connectorId, registered.value).run();
}

class Loop {
  // Replayed: a signal that arrives before the job subscribes (during the
  // download or pass 1) must still stop it before it sends anything.
  private readonly stop$ = new ReplaySubject<void>(1);
  private stopping = false;
  private wake: (() => void) | undefined;
  private resetPending = false;
  private readonly heartbeat: Heartbeat;

  constructor(
    private readonly options: ConnectorLoopOptions,
    private readonly client: GraphqlClient,
    private readonly connectorId: string,
    private readonly registered: RegisteredConnector,
  ) {
    const { settings, logger } = options;
    this.heartbeat = new Heartbeat(
      {
        client,
        connectorId,
        logger,
        intervalMs: options.pingIntervalMs ?? 40_000,
        info: () => ({
          runAndTerminate: settings.connector.runAndTerminate,
          buffering: false,
          queueThreshold: 0,
          queueMessagesSize: 0,
          lastRunDatetime: this.lastRunIso(),
        }),
        onReset: () => {
          this.resetPending = true;
          this.wake?.();
        },
      },
      parseState(registered.connector_state),
    );
  }

  async run(): Promise<number> {
    const { settings, logger } = this.options;
    const signals = this.options.signals ?? ['SIGINT', 'SIGTERM'];
    const onSignal = (signal: NodeJS.Signals) => {
      logger.info(`${signal}: finishing the work in flight, taking no new work`);
      this.stopping = true;
      this.stop$.next();
      this.wake?.();
    };
    for (const signal of signals) process.on(signal, onSignal);
    this.heartbeat.start();

    let failures = 0;
    let exitCode = 0;
    let force = this.options.force; // --force applies to the first run only
    let nextRunAt = Date.now() + this.delay(failures);
    try {
      while (!this.stopping) {
        const delay = force || this.resetPending ? 0 : Math.max(0, nextRunAt - Date.now());
        if (delay > 0 && settings.connector.runAndTerminate) {
          logger.info(`not due: the last run is recent, next run in ${Math.round(delay / 1000)} s`);
          break;
        }
        if (delay > 0) {
          logger.info(`next run in ${Math.round(delay / 1000)} s`);
          await this.sleep(delay); // a reset or a signal wakes it early
          continue;
        }
        const pushAll = force || this.resetPending;
        force = false;
        this.resetPending = false;
        const outcome = await runConnectorOnce({
          settings,
          logger,
          client: this.client,
          connectorId: this.connectorId,
          state: this.heartbeat.state,
          force: pushAll,
          sinkFor: (workId) =>
            sinkForWork(settings, this.client, this.connectorId, this.registered, workId),
          stop: this.stop$,
        });
        exitCode = outcome.exitCode;
        failures = outcome.ok ? 0 : failures + 1;
        if (outcome.ok) await this.heartbeat.store(outcome.state);
        if (settings.connector.runAndTerminate) break;
        nextRunAt = Date.now() + this.delay(failures);
      }
    } finally {
      this.heartbeat.stop();
      for (const signal of signals) process.removeListener(signal, onSignal);
    }
    return this.stopping ? 0 : exitCode;
  }

  /** Milliseconds to the next run from now: the interval after a success,
   * a short backoff after failures, nothing when no run is recorded. */
  private delay(failures: number): number {
    return delayUntilNextRun(this.heartbeat.state, failures, Date.now(), {
      intervalDays: this.options.settings.datasets.interval,
      retryBaseMs: this.options.retryBaseMs ?? 60_000,
      retryMaxMs: this.options.retryMaxMs ?? 3_600_000,
    });
  }

  /** Waits `ms`, or less when a signal or a reset wakes the loop. */
  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    }).finally(() => (this.wake = undefined));
  }

  private lastRunIso(): string | undefined {
    const lastRun = this.heartbeat.state.last_run;
    return lastRun === undefined ? undefined : new Date(lastRun * 1000).toISOString();
  }
}

function valueOf(
  settings: Settings,
  key: 'OPENCTI_URL' | 'OPENCTI_TOKEN' | 'CONNECTOR_ID',
): string | undefined {
  if (key === 'OPENCTI_URL') return settings.opencti.url;
  if (key === 'OPENCTI_TOKEN') return settings.opencti.token;
  return settings.connector.id;
}
