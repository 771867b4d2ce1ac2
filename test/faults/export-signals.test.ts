import t from 'tap';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { generateBundle } from '../../bench/generate-bundle.js';
import { CLI } from '../helpers/run-cli.js';
import { until } from '../helpers/fault-setup.js';

/**
 * SIGINT or SIGTERM during an export: reading stops, the atomic output is
 * removed (no file, no temp file), the summary still balances with nothing
 * counted as emitted, and the exit code is 128 + the signal's number.
 */
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
  t.test(`${signal} mid-export: nothing kept, books balanced, exit ${code}`, async (t) => {
    const dir = t.testdir();
    const input = await generateBundle({ out: join(dir, 'in.json'), megabytes: 24, seed: 3 });
    const out = join(dir, 'out.ndjson');
    const child = spawn(process.execPath,
      [CLI, 'export', input.path, '--out', out, '--rejects', join(dir, 'r.ndjson')],
      { env: { ...process.env, CONNECTOR_LOG_LEVEL: 'debug' } });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.resume();
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    const exited = new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    t.teardown(() => {
      clearTimeout(timer);
      child.kill('SIGKILL');
    });

    t.ok(await until(() => stderr.includes('inputs ready'), 30_000), 'the run began');
    child.kill(signal);
    t.equal(await exited, code, stderr.slice(-1500));

    t.notOk(existsSync(out), 'no output file');
    t.same(readdirSync(dir).filter((name) => name.endsWith('.tmp')), [], 'no temp file');
    t.match(stderr, new RegExp(`${signal}: stopping`));
    t.match(stderr, /interrupted: stopped/);
    const finished = stderr.split('\n').filter((line) => line.includes('"run finished'));
    const total = JSON.parse(finished[0] ?? '{}').total as Record<string, number>;
    t.equal(total.emitted, 0, 'what the removed file held is not counted as emitted');
    t.equal(total.read, total.merged + total.rejected + total.deferred, 'every object read');
    t.ok(total.read < input.objects, `stopped early: ${total.read} of ${input.objects} read`);
  });
}

t.test('a first signal while inputs are prepared, or a second one, ends the process at once',
  async (t) => {
    const dir = t.testdir();
    const start = (args: string[]) => {
      const env = { ...process.env, CONNECTOR_LOG_LEVEL: 'debug' };
      const child = spawn(process.execPath, [CLI, ...args], { cwd: dir, env });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const ended = new Promise<string>((resolve) =>
        child.on('close', (code, signal) => resolve(signal ?? `exit ${code}`)));
      t.teardown(() => child.kill('SIGKILL'));
      return { child, ended, stderr: () => stderr };
    };

    // Retries of a refused connection take seconds: the signal does not wait for them.
    const download = start(['export', 'http://127.0.0.1:9/x.json', '--out', 'y.ndjson']);
    t.ok(await until(() => download.stderr().includes('trying again'), 30_000), 'retrying');
    download.child.kill('SIGINT');
    t.equal(await download.ended, 'SIGINT', 'ended by the signal itself');

    // A FIFO nobody reads blocks the output's open for good: the second signal ends it.
    execFileSync('mkfifo', [join(dir, 'p')]);
    const blocked = start(['export', '--out', 'p', '--format', 'ndjson']);
    t.ok(await until(() => blocked.stderr().includes('inputs ready'), 30_000), 'reading began');
    blocked.child.kill('SIGTERM');
    t.ok(await until(() => blocked.stderr().includes('SIGTERM: stopping'), 10_000));
    blocked.child.kill('SIGTERM');
    // Under load the first signal can land before the FIFO's open has begun: the run then
    // stops gracefully with 143 before the second one matters. Either way it ends now.
    t.match(await blocked.ended, /^(SIGTERM|exit 143)$/);
  });
