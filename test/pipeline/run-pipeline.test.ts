import t from 'tap';
import { Observable, from, map, mergeMap, delay, of, concatMap, type OperatorFunction } from 'rxjs';
import type { CreditWindow } from '../../core/credit-window.js';
import { objectItem, type Item, type ObjectItem } from '../../core/item.js';
import type { SinkEvent } from '../../sinks/sink-event.js';
import { runPipeline } from '../../pipeline/run-pipeline.js';

const record = (source: string, index: number) => ({
  source,
  index,
  bytes: 10,
  object: { type: 'identity', id: `identity--${index}` },
});

/** A source that takes credits like the real ones: one per object, and waits for room. */
const creditedSource =
  (source: string, count: number, seen: { maxInFlight: number }) =>
  (window: CreditWindow): Observable<Item> =>
    new Observable<Item>((subscriber) => {
      let stopped = false;
      void (async () => {
        for (let index = 0; index < count && !stopped; index++) {
          window.take(1);
          seen.maxInFlight = Math.max(seen.maxInFlight, window.inFlight);
          subscriber.next(objectItem(record(source, index)));
          const room = window.room();
          if (room) await room;
        }
        subscriber.complete();
      })();
      return () => {
        stopped = true;
      };
    });

const slowSink =
  (written: ObjectItem[], ms: number): OperatorFunction<ObjectItem, SinkEvent> =>
  (input) =>
    input.pipe(
      concatMap((item) => of(item).pipe(delay(ms))),
      map((item) => {
        written.push(item);
        return { kind: 'written', count: 1, bytes: 10 } as SinkEvent;
      }),
    );

t.test('a slow sink holds the sources back to the window', async (t) => {
  const written: ObjectItem[] = [];
  const seen = { maxInFlight: 0 };
  const report = await runPipeline({
    sourceNames: ['a', 'b'],
    sources: [creditedSource('a', 60, seen), creditedSource('b', 40, seen)],
    operators: [],
    sink: slowSink(written, 1),
    windowSize: 8,
    atomic: true,
  });

  t.equal(written.length, 100);
  t.ok(seen.maxInFlight <= 8, `in flight never passed the window (max ${seen.maxInFlight})`);
  t.same([report.sources.get('a')!.emitted, report.sources.get('b')!.emitted], [60, 40]);
  t.equal(report.exitCode, 0);
});

t.test('rejected items give their credit back and are counted', async (t) => {
  const rejectOdd = (): OperatorFunction<Item, Item> =>
    map((item) =>
      item.kind === 'object' && item.record.index % 2 === 1
        ? { kind: 'rejected', record: item.record, problems: [] }
        : item,
    );
  const seen = { maxInFlight: 0 };
  const report = await runPipeline({
    sourceNames: ['a'],
    sources: [creditedSource('a', 50, seen)],
    operators: [rejectOdd],
    sink: slowSink([], 0),
    windowSize: 4,
    atomic: true,
  });
  const tally = report.sources.get('a')!;
  t.same([tally.read, tally.emitted, tally.rejected], [50, 25, 25]);
  t.equal(report.exitCode, 2);
});

t.test('a synchronous source loses nothing on either branch', async (t) => {
  const items: Item[] = [
    objectItem(record('s', 0)),
    { kind: 'rejected', record: record('s', 1), problems: [] },
    objectItem(record('s', 2)),
  ];
  const ended: Item[] = [];
  const report = await runPipeline({
    sourceNames: ['s'],
    sources: [() => from(items)],
    operators: [],
    sink: slowSink([], 0),
    atomic: true,
    onItem: (item) => ended.push(item),
  });
  t.equal(ended.length, 1);
  t.same([report.total.read, report.total.emitted, report.total.rejected], [3, 2, 1]);
});

t.test('a source failure fails an atomic sink and keeps the books balanced', async (t) => {
  const broken = () =>
    new Observable<Item>((subscriber) => {
      subscriber.next(objectItem(record('x', 0)));
      subscriber.next(objectItem(record('x', 1)));
      subscriber.error(new Error('unexpected end of input'));
    });
  let sinkSaw: Error | undefined;
  const recordingSink: OperatorFunction<ObjectItem, SinkEvent> = (input) =>
    new Observable<SinkEvent>((subscriber) =>
      input.subscribe({
        next: () => undefined,
        error: (error) => {
          sinkSaw = error;
          subscriber.error(error);
        },
        complete: () => subscriber.complete(),
      }),
    );

  const report = await runPipeline({
    sourceNames: ['x'],
    sources: [broken],
    operators: [],
    sink: recordingSink,
    atomic: true,
  });
  t.match(sinkSaw?.message, /unexpected end of input/, 'the file sink is told to abort');
  t.match(report.failure?.message, /unexpected end of input/);
  t.same([report.total.read, report.total.emitted, report.total.deferred], [2, 0, 2]);
  t.equal(report.balanced, true);
  t.equal(report.exitCode, 1);
});

t.test('a non-atomic sink keeps what it confirmed before the source failed', async (t) => {
  const broken = () =>
    new Observable<Item>((subscriber) => {
      subscriber.next(objectItem(record('x', 0)));
      subscriber.error(new Error('truncated'));
    });
  const report = await runPipeline({
    sourceNames: ['x'],
    sources: [broken],
    operators: [],
    sink: (input) => input.pipe(mergeMap(() => of({ kind: 'written', count: 1, bytes: 1 } as SinkEvent))),
    atomic: false,
  });
  t.same([report.total.read, report.total.emitted, report.total.deferred], [1, 1, 0]);
  t.equal(report.exitCode, 1, 'still a failed run');
});
