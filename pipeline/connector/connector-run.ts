import type { Observable } from 'rxjs';
import type { DatasetRole } from '../../core/record.js';
import type { GraphqlClient } from '../../sinks/opencti/graphql-client.js';
import { toProcessed, workAdd } from '../../sinks/opencti/work-operations.js';
import type { Settings } from '../config/settings.js';
import { configuredInputs } from '../commands/command-context.js';
import { ItemLog } from '../commands/report-items.js';
import { logRetry } from '../commands/run-and-report.js';
import { runDatasetsJob } from '../datasets-job.js';
import type { PreparedInput } from '../inputs.js';
import type { Logger } from '../logger.js';
import { prepareInputs } from '../prepare-inputs.js';
import { accountingLine } from '../render-summary.js';
import type { ObjectSink } from '../run-pipeline.js';
import type { ConnectorState, DatasetMemory } from './connector-state.js';

export interface ConnectorRunOptions {
  readonly settings: Settings;
  readonly logger: Logger;
  readonly client: GraphqlClient;
  readonly connectorId: string;
  /** The state of the last successful run (`{}` after a reset). */
  readonly state: ConnectorState;
  /** Push every dataset even when unchanged. */
  readonly force: boolean;
  /** Builds the sink for one work (RabbitMQ or API). */
  readonly sinkFor: (workId: string) => ObjectSink;
  /** Stops reading (SIGTERM); what is in flight drains. */
  readonly stop: Observable<unknown>;
  readonly now?: () => number;
}

export interface ConnectorRunOutcome {
  readonly ok: boolean;
  /** The state to store: the new one on success, the old one on failure. */
  readonly state: ConnectorState;
  readonly exitCode: 0 | 1 | 2;
}

/**
 * One run of the connector, as one work on the platform: download the
 * enabled datasets (conditional requests), skip those whose content did
 * not change since the last successful run, push the rest in dependency
 * order, and close the work honestly. `last_run` advances only when every
 * enabled dataset was read and every object the sink took was confirmed.
 */
export async function runConnectorOnce(options: ConnectorRunOptions): Promise<ConnectorRunOutcome> {
  const { settings, logger, client, connectorId, state } = options;
  const now = options.now ?? Date.now;
  const startedAt = now();
  const failed = (): ConnectorRunOutcome => ({ ok: false, state, exitCode: 1 });

  const work = await workAdd(
    client,
    connectorId,
    `OpenCTI Datasets run @ ${new Date(startedAt).toISOString()}`,
  );
  if (work.isErr()) {
    logger.error({ operation: 'workAdd' }, `cannot open a work: ${work.error.message}`);
    return failed();
  }
  const workId = work.value;
  const close = async (message: string, inError: boolean) => {
    const closed = await toProcessed(client, workId, message, inError);
    if (closed.isErr()) logger.error({ operation: 'toProcessed' }, closed.error.message);
  };

  const specs = configuredInputs(settings);
  const memoryOf = (role?: DatasetRole): DatasetMemory | undefined =>
    role ? state.datasets?.[role] : undefined;
  const prepared = await prepareInputs(specs, {
    ...settings.http,
    cacheDir: settings.datasets.cacheDir,
    hashLocal: true,
    onRetry: (event) => logRetry(logger, event),
    previous: (name) => {
      const memory = memoryOf(specs.find((s) => s.name === name)?.role);
      return memory && { etag: memory.etag, lastModified: memory.last_modified };
    },
  });
  if (prepared.isErr()) {
    const role = specs.find((s) => s.name === prepared.error.input)?.role ?? 'dataset';
    const message = `${role} (${prepared.error.input}): ${prepared.error.cause.message}`;
    logger.error({ dataset: role }, `run failed: ${message}`);
    await close(message, true);
    return failed();
  }

  const unchanged = new Set(
    prepared.value
      .filter(
        (input) =>
          !options.force &&
          input.sha256 !== undefined &&
          memoryOf(input.role)?.sha256 === input.sha256,
      )
      .map((input) => input.name),
  );
  const newState = (): ConnectorState => ({
    last_run: Math.floor(startedAt / 1000),
    datasets: Object.fromEntries(
      prepared.value.flatMap((input) => (input.role ? [[input.role, memoryFrom(input)]] : [])),
    ),
  });
  for (const name of unchanged)
    logger.info({ input: name }, `${name}: unchanged since the last run, not pushed`);
  if (unchanged.size === prepared.value.length) {
    await close('no dataset changed since the last run: nothing to push', false);
    return { ok: true, state: newState(), exitCode: 0 };
  }

  const itemLog = new ItemLog(logger);
  const report = await runDatasetsJob({
    inputs: prepared.value,
    skip: unchanged,
    sink: options.sinkFor(workId),
    sinkIsAtomic: false,
    atomic: true,
    removeCreator: settings.datasets.removeCreator,
    validation: { strict: false, assumeUtc: false, fixIdentityClass: false },
    maxObjectBytes: settings.http.maxObjectBytes,
    onItem: (item) => itemLog.item(item),
    stop: options.stop,
  });
  itemLog.finish();
  const summary = accountingLine(report.total);
  logger.info({ summary: Object.fromEntries(report.sources), total: report.total }, summary);
  if (report.failure) {
    const message = `run failed: ${report.failure.message}; ${summary}`;
    logger.error(message);
    await close(message, true);
    return failed();
  }
  await close(`pushed ${report.total.emitted} objects; ${summary}`, false);
  return { ok: true, state: newState(), exitCode: report.exitCode };
}

const memoryFrom = (input: PreparedInput): DatasetMemory => ({
  ...(input.etag ? { etag: input.etag } : {}),
  ...(input.lastModified ? { last_modified: input.lastModified } : {}),
  ...(input.sha256 ? { sha256: input.sha256 } : {}),
});
