import { execFileSync } from 'node:child_process';
import { lstat, readFile, readdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  Subject,
  concat,
  lastValueFrom,
  of,
  throwError,
  toArray,
  type Observable,
} from 'rxjs';
import t from 'tap';
import { objectItem, type ObjectItem } from '../../core/item.js';
import { atomicFile } from '../../sinks/atomic-file.js';
import { SinkError } from '../../sinks/sink-error.js';
import type { SinkEvent } from '../../sinks/sink-event.js';
import { toBundleFile } from '../../sinks/to-bundle-file.js';
import { toNdjsonFile } from '../../sinks/to-ndjson-file.js';

const items = (n: number): ObjectItem[] =>
  Array.from({ length: n }, (_, index) =>
    objectItem({ source: 's.json', index, object: { id: `x--${index}` }, bytes: 0 }),
  );

const run = (events: Observable<SinkEvent>): Promise<SinkEvent[]> =>
  lastValueFrom(events.pipe(toArray()));

/** Polls a directory until `done` holds, at most 100 times 10 ms. */
async function settle(dir: string, done: (names: string[]) => boolean): Promise<string[]> {
  let names = await readdir(dir);
  for (let i = 0; i < 100 && !done(names); i += 1) {
    await sleep(10);
    names = await readdir(dir);
  }
  return names;
}

t.test('an input that errors midway leaves no file and no temp', async (t) => {
  const dir = t.testdir();
  const path = join(dir, 'out.json');
  const boom = new Error('source broke');

  const failing = concat(of(...items(50)), throwError(() => boom));

  await t.rejects(run(failing.pipe(toBundleFile(path))), boom, 'the upstream error, unwrapped');
  t.same(await readdir(dir), [], 'nothing under the final name, no temp');
});

t.test('an existing file is untouched on failure and replaced on success', async (t) => {
  const dir = t.testdir({ 'out.ndjson': 'previous run\n' });
  const path = join(dir, 'out.ndjson');

  await t.rejects(run(throwError(() => new Error('x')).pipe(toNdjsonFile(path))));
  t.equal(await readFile(path, 'utf8'), 'previous run\n');
  t.same(await readdir(dir), ['out.ndjson']);

  await run(of(...items(2)).pipe(toNdjsonFile(path)));
  t.equal(await readFile(path, 'utf8'), '{"id":"x--0"}\n{"id":"x--1"}\n');
  t.same(await readdir(dir), ['out.ndjson']);
});

t.test('the temp file sits next to the target and goes on unsubscribe', async (t) => {
  const dir = t.testdir({ 'out.json': 'old' });
  const input = new Subject<ObjectItem>();
  const events: SinkEvent[] = [];
  const subscription = input.pipe(toBundleFile(join(dir, 'out.json'))).subscribe({
    next: (event) => events.push(event),
  });

  input.next(items(1)[0]);
  const during = await settle(dir, (names) => names.length > 1 && events.length >= 2);
  subscription.unsubscribe();
  const after = await settle(dir, (names) => names.length === 1);

  t.equal(events.length, 2, 'head and one object written before unsubscribe');
  t.equal(during.length, 2);
  t.match(during.find((name) => name !== 'out.json'), /^\.out\.json\.[0-9a-f]{12}\.tmp$/);
  t.same(after, ['out.json'], 'temp removed');
  t.equal(await readFile(join(dir, 'out.json'), 'utf8'), 'old');
});

t.test('a missing directory is an open error naming the path', async (t) => {
  const path = join(t.testdir(), 'no-such-dir', 'out.json');

  const failure = run(of(...items(1)).pipe(toBundleFile(path)));

  await t.rejects(failure, { name: 'SinkError', target: path, step: 'open' });
  await failure.catch((error: unknown) => {
    t.type(error, SinkError);
    t.equal(((error as SinkError).cause as NodeJS.ErrnoException).code, 'ENOENT');
  });
});

t.test('abort before open does nothing; commit renames; abort after is harmless', async (t) => {
  const dir = t.testdir();
  const target = atomicFile(join(dir, 'f.txt'));

  await target.abort();
  const stream = await target.open();
  stream.write('abc');
  const temp = await readdir(dir);
  await target.commit();
  await target.abort();

  t.equal(temp.length, 1);
  t.match(temp[0], /^\.f\.txt\.[0-9a-f]{12}\.tmp$/);
  t.same(await readdir(dir), ['f.txt']);
  t.equal(await readFile(join(dir, 'f.txt'), 'utf8'), 'abc');
});

t.test('a rename that fails is a commit error and removes the temp', async (t) => {
  const dir = t.testdir({ 'out.json': { 'keep.txt': 'a directory in the way' } });
  const path = join(dir, 'out.json');

  const failure = run(of(...items(3)).pipe(toBundleFile(path)));

  await t.rejects(failure, { name: 'SinkError', target: path, step: 'commit' });
  t.same(await readdir(dir), ['out.json']);
  t.same(await readdir(path), ['keep.txt']);
});

t.test('a symbolic link is followed: its target is replaced, the link stays', async (t) => {
  const dir = t.testdir({ 'target.json': 'old' });
  await symlink(join(dir, 'target.json'), join(dir, 'link.json'));
  await run(of(...items(2)).pipe(toNdjsonFile(join(dir, 'link.json'))));

  t.ok((await lstat(join(dir, 'link.json'))).isSymbolicLink(), 'still a link');
  t.equal(await readFile(join(dir, 'target.json'), 'utf8'),
    '{"id":"x--0"}\n{"id":"x--1"}\n');
  const names = await settle(dir, (all) => all.every((name) => !name.endsWith('.tmp')));
  t.same(names.sort(), ['link.json', 'target.json'], 'no temp file left');
});

t.test('a dangling link creates the file it points to', async (t) => {
  const dir = t.testdir();
  await symlink('made.json', join(dir, 'link.json'));
  await run(of(...items(1)).pipe(toNdjsonFile(join(dir, 'link.json'))));
  t.equal(await readFile(join(dir, 'made.json'), 'utf8'), '{"id":"x--0"}\n');
});

t.test('a FIFO or a device is written in place, never replaced', async (t) => {
  const dir = t.testdir();
  const fifo = join(dir, 'pipe.ndjson');
  execFileSync('mkfifo', [fifo]);
  const reading = readFile(fifo, 'utf8');
  await run(of(...items(2)).pipe(toNdjsonFile(fifo)));
  t.equal(await reading, '{"id":"x--0"}\n{"id":"x--1"}\n', 'the reader got every line');
  t.ok((await lstat(fifo)).isFIFO(), 'still a FIFO');

  await run(of(...items(1)).pipe(toNdjsonFile('/dev/null')));
  t.ok((await lstat('/dev/null')).isCharacterDevice(), '/dev/null is still a device');
  t.same((await readdir('/dev')).filter((name) => name.startsWith('.null.')), [],
    'no temp file beside it');
});

t.test('a chain of links ending nowhere creates the file at its end', async (t) => {
  const dir = t.testdir();
  await symlink('middle.ndjson', join(dir, 'first.ndjson'));
  await symlink('final.ndjson', join(dir, 'middle.ndjson'));
  await run(of(...items(1)).pipe(toNdjsonFile(join(dir, 'first.ndjson'))));
  t.equal(await readFile(join(dir, 'final.ndjson'), 'utf8'), '{"id":"x--0"}\n');
  t.ok((await lstat(join(dir, 'middle.ndjson'))).isSymbolicLink(), 'the middle link stays');
});
