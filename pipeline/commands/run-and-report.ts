import { rm, stat } from 'node:fs/promises';
import { constants } from 'node:os';
import { ReplaySubject, type Observable } from 'rxjs';
import type { Item } from '../../core/item.js';
import type { RetryEvent } from '../../sources/http-options.js';
import type { Logger } from '../logger.js';
import { runDatasetsJob } from '../datasets-job.js';
import type { InputSpec, PreparedInput } from '../inputs.js';
import { prepareInputs } from '../prepare-inputs.js';
import { createProgress } from '../progress.js';
import { RunReport } from '../run-report.js';
import type { ObjectSink, RejectsSink } from '../run-pipeline.js';
import { renderSummary } from '../render-summary.js';
import type { CommandContext, InputOptions } from './command-context.js';
import { ItemLog } from './report-items.js';

export interface Output {
  readonly sink: ObjectSink;
  readonly rejects?: RejectsSink;
  /** Where `rejects` writes, for the log's pointer to it. */
  readonly rejectsPath?: string;
  readonly atomic: boolean;
}

/**
 * Prepares the inputs, runs the datasets job into `output`, logs every
 * problem, prints the summary table on stderr and returns the exit code.
 */
export async function runAndReport(
  context: CommandContext,
  specs: readonly InputSpec[],
  options: InputOptions,
  output: Output,
): Promise<number> {
  const interrupt = watchSignals(context.logger);
  try {
    return await prepareAndRun(context, specs, options, output, interrupt);
  } finally {
    interrupt.close();
  }
}

async function prepareAndRun(
  context: CommandContext,
  specs: readonly InputSpec[],
  options: InputOptions,
  output: Output,
  interrupt: Interrupt,
): Promise<number> {
  const { settings, logger } = context;
  logger.info({ inputs: specs.map((s) => s.name) }, `reading ${specs.length} input(s)`);
  if (options.dropAuthor && !settings.datasets.removeCreator) {
    logger.warn('--drop-author has no effect: remove-creator is off (CONFIG_REMOVE_CREATOR=false)');
  }

  const prepared = await prepareInputs(specs, {
    ...settings.http,
    cacheDir: settings.datasets.cacheDir,
    onRetry: (event) => logRetry(logger, event),
  });
  if (prepared.isErr()) {
    const report = new RunReport(specs.map((s) => s.name));
    report.close(prepared.error);
    return finish(context, report, options);
  }

  const totalBytes = await totalSize(prepared.value);
  const progress = createProgress({
    totalBytes,
    onLine: (line) => logger.info({ progress: line }, 'progress'),
  });
  let bytes = 0;
  let objects = 0;
  const itemLog = new ItemLog(logger);
  interrupt.reading();
  logger.debug({ bytes: totalBytes }, `inputs ready: ${totalBytes} bytes to read`);
  try {
    const report = await runDatasetsJob({
      stop: interrupt.stop,
      inputs: prepared.value,
      sink: output.sink,
      rejects: output.rejects,
      sinkIsAtomic: output.atomic,
      atomic: options.atomic,
      removeCreator: options.keepCreator ? false : settings.datasets.removeCreator,
      dropUnreferencedAuthor: options.dropAuthor,
      validation: options,
      maxObjectBytes: settings.http.maxObjectBytes,
      onItem: (item: Item) => itemLog.item(item),
      onRead: (item: Item) => {
        if (item.kind === 'note') return;
        objects += 1;
        bytes += item.record.bytes;
        progress.update({ bytes, objects });
      },
    });
    itemLog.finish(output.rejectsPath);
    const code = finish(context, report, options);
    return interrupt.signal === undefined ? code : 128 + constants.signals[interrupt.signal];
  } finally {
    progress.stop();
    await removeTemporary(prepared.value);
  }
}

/** Deletes the copies made for this run (spooled stdin). A copy that
 * cannot be deleted stays in the cache directory; the run's result stands. */
async function removeTemporary(inputs: readonly PreparedInput[]): Promise<void> {
  for (const input of inputs.filter((each) => each.temporary)) {
    await rm(input.path, { force: true }).catch(() => undefined);
  }
}

interface Interrupt {
  readonly stop: Observable<NodeJS.Signals>;
  /** The first signal received, if any. */
  readonly signal: NodeJS.Signals | undefined;
  /** Inputs are prepared: from now on a first signal stops reading. */
  reading(): void;
  close(): void;
}

/**
 * SIGINT and SIGTERM. Once reading has begun, the first stops it, so that
 * what is in flight drains, atomic files are removed, and the summary still
 * balances (the exit code is then 128 + the signal's number, as shells
 * expect). A second one, or the first while inputs are still being prepared
 * (downloads, stdin), ends the process at once with the signal's default
 * action, which nothing can hold up (a FIFO without a reader, a retry wait).
 */
function watchSignals(logger: Logger): Interrupt {
  const stop = new ReplaySubject<NodeJS.Signals>(1);
  const state: { signal?: NodeJS.Signals; reading: boolean } = { reading: false };
  const close = (): void => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
  function onSignal(signal: NodeJS.Signals): void {
    if (state.signal !== undefined || !state.reading) {
      logger.warn({ signal }, `${signal}: exiting now`);
      close();
      process.kill(process.pid, signal);
      return;
    }
    state.signal = signal;
    logger.warn({ signal }, `${signal}: stopping; a second ${signal} exits at once`);
    stop.next(signal);
  }
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    stop: stop.asObservable(),
    get signal() {
      return state.signal;
    },
    reading: () => {
      state.reading = true;
    },
    close,
  };
}

function finish(context: CommandContext, report: RunReport, options: InputOptions): number {
  const { logger } = context;
  if (report.failure) {
    const { name, message } = report.failure;
    logger.debug({ error: report.failure }, 'failure details');
    logger.error({ failure: { name, message } }, `run failed: ${describeFailure(report.failure)}`);
  }
  const total = report.total;
  logger.info(
    { summary: Object.fromEntries(report.sources), total, balanced: report.balanced },
    `run finished: read ${total.read}, emitted ${total.emitted}, merged ${total.merged}, ` +
      `rejected ${total.rejected}, deferred ${total.deferred}`,
  );
  if (!options.quiet || report.exitCode !== 0) process.stderr.write(`${renderSummary(report)}\n`);
  return report.exitCode;
}

/** A download about to be tried again: say why and when. */
export function logRetry(logger: Logger, event: RetryEvent): void {
  logger.warn(
    { url: event.url, attempt: event.attempt, retriesLeft: event.retriesLeft },
    `${event.error.message}; trying again (${event.retriesLeft} left)`,
  );
}

/** One line for a person; a reader that closed our stdout is said plainly. */
function describeFailure(failure: Error): string {
  const cause = (failure as { cause?: { code?: string } }).cause;
  if (cause?.code === 'EPIPE') {
    // Known limitation: objects still in the pipe's buffer when the reader
    // closed count as deferred, though it may have read some of them (`| head`
    // shows more than "emitted" says). Only writes that completed are counted.
    return 'the reader of the output closed it early (EPIPE); the rest was not written';
  }
  return failure.message;
}

async function totalSize(inputs: readonly PreparedInput[]): Promise<number> {
  const sizes = await Promise.all(inputs.map((input) => stat(input.path).then((s) => s.size)));
  return sizes.reduce((a, b) => a + b, 0);
}
