import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { EMPTY, from, lastValueFrom, toArray, type Observable } from 'rxjs';
import t from 'tap';
import { objectItem, type ObjectItem } from '../../core/item.js';
import { ExactNumber, type JsonObject } from '../../core/json.js';
import type { SinkEvent } from '../../sinks/sink-event.js';
import { toBundleFile } from '../../sinks/to-bundle-file.js';
import { toNdjsonFile } from '../../sinks/to-ndjson-file.js';
import { sharedPath } from '../helpers/shared-dir.js';

const DATASETS = sharedPath('datasets');
const UUID_V4 = /^bundle--[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

async function datasetItems(): Promise<ObjectItem[]> {
  const items: ObjectItem[] = [];
  for (const name of ['sectors', 'geography', 'companies']) {
    const source = join(DATASETS, `${name}.json`);
    const text = await readFile(source, 'utf8');
    const objects = (JSON.parse(text) as { objects: JsonObject[] }).objects;
    objects.forEach((object, index) =>
      items.push(objectItem({ source, index, object, bytes: JSON.stringify(object).length })),
    );
  }
  return items;
}

const item = (object: JsonObject, index = 0): ObjectItem =>
  objectItem({ source: 'test.json', index, object, bytes: 0 });

const run = (events: Observable<SinkEvent>): Promise<SinkEvent[]> =>
  lastValueFrom(events.pipe(toArray()));

const sum = (events: SinkEvent[], key: 'count' | 'bytes'): number =>
  events.reduce((total, event) => total + event[key], 0);

t.test('the 723 dataset objects: bundle and NDJSON hold the same objects', async (t) => {
  const items = await datasetItems();
  t.equal(items.length, 723);
  const dir = t.testdir();
  const bundlePath = join(dir, 'all.json');
  const ndjsonPath = join(dir, 'all.ndjson');

  const bundleEvents = await run(from(items).pipe(toBundleFile(bundlePath)));
  const ndjsonEvents = await run(from(items).pipe(toNdjsonFile(ndjsonPath)));

  const bundle = JSON.parse(await readFile(bundlePath, 'utf8')) as Record<string, unknown>;
  t.equal(bundle.type, 'bundle');
  t.match(bundle.id, UUID_V4);
  t.notOk('spec_version' in bundle, 'no bundle-level spec_version');
  t.same(Object.keys(bundle), ['type', 'id', 'objects']);
  const lines = (await readFile(ndjsonPath, 'utf8')).split('\n');
  t.equal(lines.pop(), '', 'the NDJSON file ends with a newline');
  const fromLines = lines.map((line) => JSON.parse(line) as JsonObject);
  t.equal(fromLines.length, 723);
  t.same(bundle.objects, fromLines, 'same objects, same order');
  t.same(fromLines, items.map((i) => i.record.object), 'and the objects read');
  t.equal(sum(bundleEvents, 'count'), 723);
  t.equal(sum(ndjsonEvents, 'count'), 723);
  t.equal(sum(bundleEvents, 'bytes'), (await stat(bundlePath)).size);
  t.equal(sum(ndjsonEvents, 'bytes'), (await stat(ndjsonPath)).size);
  t.same(await readdir(dir), ['all.json', 'all.ndjson'], 'no temp file left');
});

t.test('the bytes of a bundle: framing, separators and exact numbers', async (t) => {
  const path = join(t.testdir(), 'b.json');
  const bundleId = 'bundle--0b6a5b4e-6c3b-4c1e-9a57-3d9e8e2f7a10';
  const big = { type: 'x-test', id: 'x-test--1', n: new ExactNumber('12345678901234567890') };
  const batch = [
    item({ type: 'x-test', id: 'x-test--2', d: new ExactNumber('1.50') }),
    item({ a: 1 }),
  ];
  const inputs: (ObjectItem | ObjectItem[])[] = [item(big), batch, []];

  const events = await run(from(inputs).pipe(toBundleFile(path, { bundleId })));

  t.equal(
    await readFile(path, 'utf8'),
    `{"type":"bundle","id":"${bundleId}","objects":[` +
      '{"type":"x-test","id":"x-test--1","n":12345678901234567890},\n' +
      '{"type":"x-test","id":"x-test--2","d":1.50},\n{"a":1}]}\n',
  );
  t.same(events.map((e) => e.count), [0, 1, 2, 0], 'head, object, batch, tail; empty batch silent');
});

t.test('an empty input gives a valid empty bundle', async (t) => {
  const path = join(t.testdir(), 'empty.json');
  const bundleId = 'bundle--11111111-2222-4333-8444-555555555555';

  const events = await run(EMPTY.pipe(toBundleFile(path, { bundleId })));

  const text = await readFile(path, 'utf8');
  t.equal(text, `{"type":"bundle","id":"${bundleId}","objects":[]}\n`);
  t.same(JSON.parse(text), { type: 'bundle', id: bundleId, objects: [] });
  t.equal(sum(events, 'count'), 0);
  t.equal(sum(events, 'bytes'), Buffer.byteLength(text));
});

t.test('each write gets a fresh random bundle id unless one is given', async (t) => {
  const dir = t.testdir();
  const sink = toBundleFile(join(dir, 'a.json'));

  await run(EMPTY.pipe(sink));
  const first = JSON.parse(await readFile(join(dir, 'a.json'), 'utf8')) as { id: string };
  await run(EMPTY.pipe(sink));
  const second = JSON.parse(await readFile(join(dir, 'a.json'), 'utf8')) as { id: string };

  t.match(first.id, UUID_V4);
  t.match(second.id, UUID_V4);
  t.not(first.id, second.id);
});

t.test('a malformed bundleId is refused when the sink is built', async (t) => {
  t.throws(() => toBundleFile('x.json', { bundleId: 'bundle--nope' }), RangeError);
  const report = 'report--0b6a5b4e-6c3b-4c1e-9a57-3d9e8e2f7a10';
  t.throws(() => toBundleFile('x.json', { bundleId: report }), RangeError);
});
