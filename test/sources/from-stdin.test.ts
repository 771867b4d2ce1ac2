import { readFileSync, readdirSync } from 'node:fs';
import { Readable } from 'node:stream';
import { lastValueFrom, toArray } from 'rxjs';
import t from 'tap';
import { fromStdin, spoolStdin } from '../../sources/from-stdin.js';
import { sharedPath } from '../helpers/shared-dir.js';

const BUNDLE = readFileSync(sharedPath('cases/C05-duplicate-id.json'));

t.test('spoolStdin copies the input to a new file in the directory', async (t) => {
  const dir = t.testdir();
  const input = Readable.from([BUNDLE.subarray(0, 100), BUNDLE.subarray(100)]);

  const path = (await spoolStdin(dir, input))._unsafeUnwrap();

  t.match(path, new RegExp(`^${dir}/stdin-\\d+-[0-9a-f]{12}\\.json$`));
  t.same(readFileSync(path), BUNDLE);
});

t.test('a failed copy is an error value and leaves no file', async (t) => {
  const dir = t.testdir();
  const input = new Readable({
    read() {
      this.push(BUNDLE.subarray(0, 50));
      this.destroy(new Error('stdin closed'));
    },
  });

  const result = await spoolStdin(dir, input);

  t.match(result._unsafeUnwrapErr(), { message: 'stdin closed' });
  t.same(readdirSync(dir), []);
  // A directory that cannot be made (a path below a regular file).
  t.ok((await spoolStdin('/dev/null/spool', Readable.from([BUNDLE]))).isErr());
});

t.test('fromStdin reads objects from the stream, named stdin', async (t) => {
  const items = await lastValueFrom(fromStdin({}, Readable.from([BUNDLE])).pipe(toArray()));
  t.equal(items.length, 6);
  t.match(items[5], { kind: 'object', record: { source: 'stdin', index: 5 } });
});
