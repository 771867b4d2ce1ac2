import { Writable } from 'node:stream';
import { Observable, from, lastValueFrom, tap as peek, toArray } from 'rxjs';
import t from 'tap';
import { CreditWindow } from '../../core/credit-window.js';
import { objectItem, type ObjectItem } from '../../core/item.js';
import type { SinkEvent } from '../../sinks/sink-event.js';
import { toStdout } from '../../sinks/to-stdout.js';

const items = (n: number): ObjectItem[] =>
  Array.from({ length: n }, (_, index) =>
    objectItem({
      source: 's.json', index, object: { id: `x--${index}`, pad: 'p'.repeat(40) }, bytes: 0,
    }),
  );

/** A destination with a 64-byte high-water mark that calls back on a later
 * turn of the event loop, and records what the sink did to it. */
class SlowDestination extends Writable {
  received = '';
  callbacks = 0;
  writeCalls = 0;
  writesWhileFull = 0;
  maxBuffered = 0;

  constructor() {
    super({ highWaterMark: 64, decodeStrings: true });
  }

  override write(chunk: unknown, ...rest: never[]): boolean {
    this.writeCalls += 1;
    if (this.writableNeedDrain) this.writesWhileFull += 1;
    const ok = super.write(chunk, ...rest);
    this.maxBuffered = Math.max(this.maxBuffered, this.writableLength);
    return ok;
  }

  override _write(chunk: Buffer, _: BufferEncoding, done: (error?: Error) => void): void {
    setImmediate(() => {
      this.received += chunk.toString('utf8');
      this.callbacks += 1;
      done();
    });
  }
}

t.test('a slow destination: written only after callbacks, never past drain', async (t) => {
  const destination = new SlowDestination();
  const input = items(200);
  let fed = 0;
  let maxQueued = 0;
  let eventsAheadOfCallbacks = 0;
  let bytesAheadOfReceived = 0;
  let bytes = 0;
  const events: SinkEvent[] = [];

  await lastValueFrom(
    from(input).pipe(
      peek(() => (fed += 1)),
      toStdout('ndjson', destination),
      peek((event) => {
        events.push(event);
        bytes += event.bytes;
        if (events.length > destination.callbacks) eventsAheadOfCallbacks += 1;
        if (bytes > Buffer.byteLength(destination.received)) bytesAheadOfReceived += 1;
        maxQueued = Math.max(maxQueued, fed - destination.writeCalls);
      }),
      toArray(),
    ),
  );

  t.equal(eventsAheadOfCallbacks, 0, 'no event before its write callback');
  t.equal(bytesAheadOfReceived, 0, 'no byte counted before the destination had it');
  t.equal(destination.writesWhileFull, 0, 'no write() while the destination needed drain');
  const largest = Math.max(...events.map((e) => e.bytes));
  t.ok(destination.maxBuffered < 64 + largest, `buffered at most ${destination.maxBuffered} B`);
  t.ok(maxQueued > 0 && maxQueued <= fed, `queued at most ${maxQueued} of ${fed}`);
  t.equal(events.length, 200);
  t.equal(destination.callbacks, 200);
  t.equal(destination.received, input.map((i) => `${JSON.stringify(i.record.object)}\n`).join(''));
  t.equal(destination.writableEnded, false, 'the stream is not ended');
});

t.test('with a credit window upstream the queue stays within the window', async (t) => {
  const destination = new SlowDestination();
  const window = new CreditWindow(8);
  const input = items(120);
  let fed = 0;
  let maxQueued = 0;
  let maxInFlight = 0;
  const source = new Observable<ObjectItem>((subscriber) => {
    let stopped = false;
    void (async () => {
      for (const item of input) {
        await window.room();
        if (stopped) return;
        window.take(1);
        maxInFlight = Math.max(maxInFlight, window.inFlight);
        fed += 1;
        subscriber.next(item);
        maxQueued = Math.max(maxQueued, fed - destination.writeCalls);
      }
      subscriber.complete();
    })();
    return () => (stopped = true);
  });

  const events = await lastValueFrom(
    source.pipe(
      toStdout('bundle', destination, { bundleId: 'bundle--0b6a5b4e-6c3b-4c1e-9a57-3d9e8e2f7a10' }),
      peek((event) => window.release(event.count)),
      toArray(),
    ),
  );

  t.ok(maxInFlight <= 8, `in flight at most ${maxInFlight}`);
  t.ok(maxQueued <= 8, `queued at most ${maxQueued}`);
  t.equal(window.inFlight, 0, 'every credit came back');
  t.equal(events.reduce((n, e) => n + e.count, 0), 120);
  const bundle = JSON.parse(destination.received) as { objects: unknown[] };
  t.same(bundle.objects, input.map((i) => i.record.object));
});

t.test('a burst larger than the queue compaction step keeps its order', async (t) => {
  const destination = new SlowDestination();
  const input = items(3000);

  const events = await lastValueFrom(from(input).pipe(toStdout('ndjson', destination), toArray()));

  const lines = destination.received.trimEnd().split('\n');
  const ids = lines.map((line) => (JSON.parse(line) as { id: string }).id);
  t.equal(ids.length, 3000);
  t.same(ids, input.map((i) => i.record.object.id));
  t.equal(events.length, 3000);
  t.equal(destination.writesWhileFull, 0);
});
