import t from 'tap';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { measureChild, rssMethod } from '../../bench/measure-child.js';

const dir = mkdtempSync(join(tmpdir(), 'measure-child-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));
const MIB = 1024 * 1024;

t.test('measures the peak RSS of the child, not of this process', async (t) => {
  const touch = 'const b = Buffer.alloc(192 * 1024 * 1024, 1); console.log(b[5]);';

  const big = await measureChild({ command: process.execPath, args: ['-e', touch] });
  const small = await measureChild({ command: process.execPath, args: ['-e', '0'] });

  t.equal(big.exitCode, 0);
  t.equal(big.stdout, '1\n', 'stdout is captured');
  t.ok(big.peakRssBytes! > 192 * MIB, `peak ${big.peakRssBytes! / MIB} MiB (${rssMethod})`);
  t.ok(small.peakRssBytes! < 150 * MIB, `an idle node: ${small.peakRssBytes! / MIB} MiB`);
  if (rssMethod === 'gnu-time') t.ok(big.cpuSeconds! >= 0, 'CPU time is read');
});

t.test('the /proc fallback sees the peak of a child that holds its memory', async (t) => {
  const hold = 'const b = Buffer.alloc(128 * 1024 * 1024, 1); setTimeout(() => b[0], 300);';

  const run = await measureChild({ command: process.execPath, args: ['-e', hold],
    method: 'proc-poll' });

  t.equal(run.exitCode, 0);
  t.ok(run.peakRssBytes! > 128 * MIB, `peak ${run.peakRssBytes! / MIB} MiB`);
  t.equal(run.cpuSeconds, undefined, 'no CPU time from /proc polling');
});

t.test('a failing command is a result, with its exit code and stderr', async (t) => {
  const script = 'process.stderr.write("broken input"); process.exit(3)';

  const run = await measureChild({ command: process.execPath, args: ['-e', script] });

  t.equal(run.exitCode, 3);
  t.match(run.stderrTail, 'broken input');
});

t.test('stdout can go to a file, as with > FILE', async (t) => {
  const out = join(dir, 'out.txt');

  const run = await measureChild({ command: process.execPath,
    args: ['-e', 'console.log("a"); console.log("b")'], stdoutFile: out });

  t.equal(run.exitCode, 0);
  t.equal(run.stdout, '');
  t.equal(readFileSync(out, 'utf8'), 'a\nb\n');
});

t.test('a command that does not exist does not throw', async (t) => {
  const run = await measureChild({ command: join(dir, 'no-such-program'), args: [] });

  t.not(run.exitCode, 0);
});
