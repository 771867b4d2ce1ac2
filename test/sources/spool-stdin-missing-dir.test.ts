import t from 'tap';
import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { spoolStdin } from '../../sources/from-stdin.js';

// Regression: on a fresh clone `export -` failed with ENOENT because the
// cache directory that stdin is spooled into did not exist yet.
t.test('stdin is spooled into a cache directory that does not exist yet', async (t) => {
  const dir = join(mkdtempSync(join(tmpdir(), 'spool-')), 'not', 'there', 'yet');
  const path = await spoolStdin(dir, Readable.from([Buffer.from('{"type":"bundle","objects":[]}')]));
  t.ok(path.isOk(), path.isErr() ? path.error.message : '');
  t.equal(readFileSync(path._unsafeUnwrap(), 'utf8'), '{"type":"bundle","objects":[]}');
});
