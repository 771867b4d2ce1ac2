import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { EMPTY, lastValueFrom, of, toArray } from 'rxjs';
import t from 'tap';
import { objectItem } from '../../core/item.js';
import { ExactNumber } from '../../core/json.js';
import { toNdjsonFile } from '../../sinks/to-ndjson-file.js';

t.test('an empty input gives an empty file and no event', async (t) => {
  const dir = t.testdir();
  const path = join(dir, 'empty.ndjson');

  const events = await lastValueFrom(EMPTY.pipe(toNdjsonFile(path), toArray()));

  t.equal(await readFile(path, 'utf8'), '');
  t.same(events, []);
  t.same(await readdir(dir), ['empty.ndjson']);
});

t.test('one line per object, batches counted per object', async (t) => {
  const path = join(t.testdir(), 'out.ndjson');
  const at = (index: number, n: number | ExactNumber) =>
    objectItem({ source: 's.json', index, object: { id: `x--${index}`, n }, bytes: 0 });

  const events = await lastValueFrom(
    of([at(0, 1), at(1, new ExactNumber('12345678901234567890'))], at(2, 1.5)).pipe(
      toNdjsonFile(path),
      toArray(),
    ),
  );

  const batch = '{"id":"x--0","n":1}\n{"id":"x--1","n":12345678901234567890}\n';
  const single = '{"id":"x--2","n":1.5}\n';
  t.equal(await readFile(path, 'utf8'), batch + single);
  t.same(events, [
    { kind: 'written', count: 2, bytes: batch.length },
    { kind: 'written', count: 1, bytes: single.length },
  ]);
});
