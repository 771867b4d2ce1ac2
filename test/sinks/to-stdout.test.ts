import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { from, lastValueFrom, toArray, type Observable } from 'rxjs';
import t from 'tap';
import { objectItem, type ObjectItem } from '../../core/item.js';
import { ExactNumber } from '../../core/json.js';
import type { SinkEvent } from '../../sinks/sink-event.js';
import { toBundleFile } from '../../sinks/to-bundle-file.js';
import { toNdjsonFile } from '../../sinks/to-ndjson-file.js';
import { toStdout } from '../../sinks/to-stdout.js';

const bundleId = 'bundle--0b6a5b4e-6c3b-4c1e-9a57-3d9e8e2f7a10';
const input: ObjectItem[] = ['Région', 'Zürich', '東京'].map((name, index) =>
  objectItem({
    source: 's.json',
    index,
    object: { id: `location--${index}`, name, n: new ExactNumber('1.50') },
    bytes: 0,
  }),
);

/** Collects what is written; fails every write when `fail` is set. */
class Collector extends Writable {
  readonly chunks: Buffer[] = [];

  constructor(private readonly fail = false) {
    super();
  }

  override _write(chunk: Buffer, _: BufferEncoding, done: (error?: Error) => void): void {
    if (this.fail) return done(new Error('EPIPE-like'));
    this.chunks.push(chunk);
    done();
  }

  get text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

const run = (events: Observable<SinkEvent>): Promise<SinkEvent[]> =>
  lastValueFrom(events.pipe(toArray()));

t.test('the same bytes as the file sinks, counted in UTF-8', async (t) => {
  const dir = t.testdir();
  const bundle = new Collector();
  const ndjson = new Collector();

  const events = await run(from(input).pipe(toStdout('bundle', bundle, { bundleId })));
  await run(from(input).pipe(toStdout('ndjson', ndjson)));
  await run(from(input).pipe(toBundleFile(join(dir, 'b.json'), { bundleId })));
  await run(from(input).pipe(toNdjsonFile(join(dir, 'n.ndjson'))));

  t.equal(bundle.text, await readFile(join(dir, 'b.json'), 'utf8'));
  t.equal(ndjson.text, await readFile(join(dir, 'n.ndjson'), 'utf8'));
  t.match(bundle.text, '"name":"東京","n":1.50}]}\n');
  t.equal(events.reduce((n, e) => n + e.bytes, 0), Buffer.concat(bundle.chunks).length);
  t.equal(bundle.writableEnded, false, 'the stream is left open');
});

t.test('a failing stream is a write error, and no listener stays behind', async (t) => {
  const broken = new Collector(true);
  const shared = new Collector();

  const failure = run(from(input).pipe(toStdout('ndjson', broken)));
  for (let i = 0; i < 12; i += 1) await run(from(input).pipe(toStdout('ndjson', shared)));

  await t.rejects(failure, { name: 'SinkError', target: 'stream', step: 'write' });
  t.equal(shared.listenerCount('error'), 0);
  t.equal(shared.listenerCount('drain'), 0);
  t.equal(shared.text.split('\n').length, 12 * 3 + 1);
});
