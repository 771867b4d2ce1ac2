import {
  EMPTY,
  catchError,
  concat,
  concatWith,
  defer,
  connectable,
  filter,
  lastValueFrom,
  merge,
  NEVER,
  Subject,
  takeUntil,
  tap,
  throwError,
  type Observable,
  type OperatorFunction,
} from 'rxjs';
import { CreditWindow } from '../core/credit-window.js';
import {
  isObjectItem,
  type DeferredItem,
  type Item,
  type ObjectItem,
  type RejectedItem,
} from '../core/item.js';
import type { SinkEvent } from '../sinks/sink-event.js';
import { RunReport } from './run-report.js';

/**
 * What a sink may emit: confirmations (`written`), objects it refused or
 * could not deliver (they are accounted as rejected or deferred), and any
 * other event for the log (`broker`, `summary`...).
 */
export type SinkOutput =
  | SinkEvent
  | { readonly kind: 'rejected'; readonly item: RejectedItem }
  | { readonly kind: 'deferred'; readonly item: DeferredItem }
  | { readonly kind: Exclude<string, 'written' | 'rejected' | 'deferred'> };

/** A sink as the pipeline sees it: objects (one by one) in, confirmations out. */
export type ObjectSink = OperatorFunction<ObjectItem, SinkOutput>;
/** Where rejected, deferred and dropped items are written. */
export type RejectsSink = OperatorFunction<Item, SinkEvent>;

export interface PipelineParts {
  /** Names of the sources, in order, so that the report lists each. */
  readonly sourceNames: readonly string[];
  /** One Observable per source, read one after the other. */
  readonly sources: ReadonlyArray<(window: CreditWindow) => Observable<Item>>;
  /** Operators applied in order to the item stream. */
  readonly operators: ReadonlyArray<(window: CreditWindow) => OperatorFunction<Item, Item>>;
  readonly sink: ObjectSink;
  readonly rejects?: RejectsSink;
  /** Objects in flight between the sources and the sink confirmations. */
  readonly windowSize?: number;
  /**
   * True for sinks that must not keep a partial result (files): when a
   * source fails, the sink is failed too, so no file appears. False for
   * idempotent upserts (OpenCTI): what was confirmed stays confirmed.
   */
  readonly atomic: boolean;
  /** Called for every item that ends or annotates an object (logging). */
  readonly onItem?: (item: Item) => void;
  /** Called for every object read (progress). */
  readonly onRead?: (item: Item) => void;
  /** Called with the number of objects each sink confirmation covers. */
  readonly onProgress?: (objects: number) => void;
  /** Sink events other than confirmations (for the log). */
  readonly onSinkEvent?: (event: SinkOutput) => void;
  /** When it emits, the sources stop reading; what is in flight still drains. */
  readonly stop?: Observable<unknown>;
}

/**
 * Runs sources → operators → sink, with demand flowing back from the sink
 * confirmations to the sources through a {@link CreditWindow}, and returns
 * the accounting. A failure never rejects the promise: it is in
 * `report.failure`, and the report still balances.
 */
export async function runPipeline(parts: PipelineParts): Promise<RunReport> {
  const report = new RunReport(parts.sourceNames);
  const window = new CreditWindow(parts.windowSize ?? 2000);
  let sourceFailure: Error | undefined;

  const read$ = concat(...parts.sources.map((open) => defer(() => open(window)))).pipe(
    tap((item) => {
      if (item.kind === 'note') return;
      report.read(item.record.source);
      parts.onRead?.(item);
    }),
    catchError((error: Error) => {
      sourceFailure = error;
      return EMPTY;
    }),
    takeUntil(
      (parts.stop ?? NEVER).pipe(
        tap(() => (sourceFailure ??= new Error('interrupted: stopped reading before the end'))),
      ),
    ),
  );
  // Both branches subscribe before the sources start, so that a source that
  // emits synchronously (an array, in tests and library use) loses nothing.
  const items$ = connectable(
    parts.operators.reduce((stream, make) => stream.pipe(make(window)), read$),
    { connector: () => new Subject<Item>(), resetOnDisconnect: false },
  );

  const failIfAtomic = defer(() =>
    sourceFailure && parts.atomic ? throwError(() => sourceFailure) : EMPTY,
  );
  const emitted$ = items$.pipe(
    filter(isObjectItem),
    tap((item) => report.sent(item.record.source)),
    concatWith(failIfAtomic),
    parts.sink,
    tap((event) => {
      if (isWritten(event)) {
        report.confirmed(event.count);
        window.release(event.count);
        parts.onProgress?.(event.count);
      } else if (isUndelivered(event)) {
        report.unsent(event.item.record.source);
        report.count(event.item);
        window.release(1);
        parts.onItem?.(event.item);
      } else {
        parts.onSinkEvent?.(event);
      }
    }),
  );
  const ended$ = items$.pipe(
    filter((item) => item.kind !== 'object'),
    tap((item) => {
      report.count(item);
      if (item.kind !== 'note') window.release(1);
      parts.onItem?.(item);
    }),
  );
  const rejects$ = parts.rejects ? ended$.pipe(parts.rejects) : ended$;

  const done = lastValueFrom(merge(emitted$, rejects$), { defaultValue: undefined });
  const connection = items$.connect();
  try {
    await done;
    report.close(sourceFailure, parts.atomic);
  } catch (error) {
    report.close(sourceFailure ?? (error as Error), parts.atomic);
  } finally {
    connection.unsubscribe();
  }
  return report;
}

const isWritten = (event: SinkOutput): event is SinkEvent => event.kind === 'written';

const isUndelivered = (
  event: SinkOutput,
): event is { kind: 'rejected' | 'deferred'; item: RejectedItem | DeferredItem } =>
  (event.kind === 'rejected' || event.kind === 'deferred') && 'item' in event;
