import { defer, filter, from, type Observable, type OperatorFunction } from 'rxjs';
import type { CreditWindow } from '../core/credit-window.js';
import type { Item } from '../core/item.js';
import type { JsonObject } from '../core/json.js';
import { dedupeById } from '../operators/dedupe-by-id.js';
import type { IdIndex } from '../operators/id-index.js';
import { orderByDependency } from '../operators/order-by-dependency.js';
import { removeCreator } from '../operators/remove-creator.js';
import { validate } from '../operators/validate.js';
import type { ValidateOptions } from '../operators/validation/validate-options.js';
import { ValidationThread } from '../operators/validation-thread.js';
import { fromFile } from '../sources/from-file.js';
import { hoistAuthors } from './hoist-authors.js';
import { indexInputs } from './index-inputs.js';
import { inDatasetOrder, type PreparedInput } from './inputs.js';
import { RunReport } from './run-report.js';
import { runPipeline, type ObjectSink, type RejectsSink } from './run-pipeline.js';

export interface ValidationChoices {
  /** Reject STIX 2.0 objects instead of upgrading them. */
  readonly strict: boolean;
  readonly assumeUtc: boolean;
  readonly fixIdentityClass: boolean;
}

export interface DatasetsJobOptions {
  /** Local, re-readable inputs (see `prepareInputs`). */
  readonly inputs: readonly PreparedInput[];
  /**
   * Inputs to index but not to send (unchanged since a successful run):
   * their objects are already on the platform, so references to them are
   * satisfied, and copies of their objects elsewhere merge into them.
   */
  readonly skip?: ReadonlySet<string>;
  /** When it emits, reading stops and what is in flight drains. */
  readonly stop?: Observable<unknown>;
  readonly sink: ObjectSink;
  readonly rejects?: RejectsSink;
  /** See `PipelineParts.atomic`. */
  readonly sinkIsAtomic: boolean;
  /** Send nothing unless every input reads whole in pass 1. */
  readonly atomic: boolean;
  readonly removeCreator: boolean;
  /** With `removeCreator`: also withhold authors nothing else references. */
  readonly dropUnreferencedAuthor?: boolean;
  readonly validation: ValidationChoices;
  readonly maxObjectBytes: number;
  readonly windowSize?: number;
  readonly onItem?: (item: Item) => void;
  readonly onRead?: (item: Item) => void;
  readonly onProgress?: (objects: number) => void;
  /** Validate on a second thread too (see `ValidationThread`). Default: when
   * the machine has more than one core. A thread given here (built with the
   * same `validation` choices, not started) is used, and left open. */
  readonly validationThread?: boolean | ValidationThread;
}

/**
 * The datasets job: pass 1 indexes every input (ids, versions, authors);
 * pass 2 reads them again in dataset order through validate → dedupe →
 * order → remove-creator into the sink. Returns the run's accounting; a
 * failure is in `report.failure`, never thrown.
 */
export async function runDatasetsJob(options: DatasetsJobOptions): Promise<RunReport> {
  // Started before pass 1, which it runs beside (see `ValidationThread`).
  const given = options.validationThread;
  if (given instanceof ValidationThread) return runPasses(options, given);
  const thread = given ?? ValidationThread.worthIt()
    ? new ValidationThread(options.validation)
    : undefined;
  try {
    return await runPasses(options, thread);
  } finally {
    await thread?.close();
  }
}

async function runPasses(
  options: DatasetsJobOptions,
  thread: ValidationThread | undefined,
): Promise<RunReport> {
  const all = inDatasetOrder(options.inputs);
  const skip = options.skip ?? new Set<string>();
  const inputs = all.filter((input) => !skip.has(input.name));
  const names = inputs.map((input) => input.name);

  // The thread judges what pass 2 will read while pass 1 indexes.
  thread?.start(inputs.map(({ path, role }) => ({ path, role })), options.maxObjectBytes);
  let stopped = false;
  const watch = options.stop?.subscribe(() => (stopped = true));
  const indexed = await indexInputs(all, {
    maxObjectBytes: options.maxObjectBytes,
    shouldStop: () => stopped,
  }).finally(() => watch?.unsubscribe());
  if (indexed.failure && (options.atomic || stopped)) {
    return failedBeforeSending(names, indexed.read, indexed.failure);
  }
  const skipped = new Set(all.flatMap((input, n) => (skip.has(input.name) ? [n] : [])));
  // Without skipped inputs no id is on the platform yet: no lookup per ref.
  const onPlatform = skipped.size === 0 ? undefined : (id: string) => {
    const winner = indexed.index.winnerOf(id);
    return winner !== undefined && skipped.has(winner.source);
  };

  const hoisted = await hoistAuthors(all, indexed.index, options);
  const sendable = hoisted.items.filter(
    (item) => item.kind !== 'note' && !skip.has(item.record.source),
  );
  const hoistedAt = (input: PreparedInput) => {
    const number = all.indexOf(input);
    return new Set(hoisted.positions.filter((p) => p.source === number).map((p) => p.index));
  };

  // Exact dedupe compares content only between copies of a conflicting id.
  const conflicts = indexed.index.conflictingIds();
  const hashWhen = conflicts.size === 0
    ? undefined
    : (object: JsonObject) => typeof object.id === 'string' && conflicts.has(object.id);
  const validation = validateOptionsOf(options.validation, indexed.index);
  thread?.authors(indexed.index.authorIds());

  return runPipeline({
    sourceNames: names,
    sources: [
      (window) => defer(() => {
        window.take(sendable.length);
        return from(sendable);
      }),
      ...inputs.map((input, number) => (window: CreditWindow) =>
        fromFile(input.path, {
          name: input.name,
          role: input.role,
          window,
          maxObjectBytes: options.maxObjectBytes,
          hashWhen,
          chunkBytes: 256 * 1024,
          verdicts: thread?.verdicts(number, validation),
        }).pipe(skipIndexes(hoistedAt(input), window)),
      ),
    ],
    operators: operatorsOf(options, validation, indexed.index, onPlatform),
    sink: options.sink,
    rejects: options.rejects,
    atomic: options.sinkIsAtomic,
    windowSize: options.windowSize,
    onItem: options.onItem,
    onRead: options.onRead,
    onProgress: options.onProgress,
    stop: options.stop,
  });
}

type Stage = (window: CreditWindow) => OperatorFunction<Item, Item>;

/** One object for the validate operator and the validation thread: the
 * thread's verdicts hold only under these very options. */
function validateOptionsOf(choices: ValidationChoices, index: IdIndex): ValidateOptions {
  const { strict, assumeUtc, fixIdentityClass } = choices;
  return { strict, assumeUtc, fixIdentityClass, isAuthor: (id) => index.isAuthor(id) };
}

function operatorsOf(
  options: DatasetsJobOptions,
  validation: ValidateOptions,
  index: IdIndex,
  onPlatform: ((id: string) => boolean) | undefined,
): Stage[] {
  const stages: Stage[] = [
    () => validate(validation),
    () => dedupeById({ index }),
    (window) => orderByDependency({ index, credit: window, satisfied: onPlatform }),
  ];
  if (options.removeCreator) {
    const dropUnreferencedAuthor = options.dropUnreferencedAuthor ?? false;
    stages.push(() => removeCreator({ dropUnreferencedAuthor, index }));
  }
  return stages;
}

/** Pass 1 found an input broken, or was stopped: nothing is sent, every
 * object read is deferred. */
function failedBeforeSending(
  names: readonly string[],
  read: ReadonlyMap<string, number>,
  failure: Error,
): RunReport {
  const report = new RunReport(names);
  for (const [name, count] of read) report.read(name, count);
  report.close(failure);
  return report;
}

/** Drops the objects read ahead (see `hoistAuthors`) and gives their credit back. */
function skipIndexes(
  indexes: ReadonlySet<number>,
  window: CreditWindow,
): OperatorFunction<Item, Item> {
  return filter((item) => {
    if (indexes.size === 0 || item.kind === 'note' || !indexes.has(item.record.index)) return true;
    window.release(1);
    return false;
  });
}
