import t from 'tap';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { DATASETS_DIR } from '../helpers/dataset-server.js';
import { ALL_IDS, connectorSetup, until } from '../helpers/fault-setup.js';
import { tempDir } from '../helpers/case-files.js';
import { CLI } from '../helpers/run-cli.js';

/** Starts `run` and returns the child with its collected stderr and exit. */
function startRun(env: Record<string, string>) {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^(OPENCTI|CONNECTOR|CONFIG|MQ)_/.test(key)),
  );
  const child = spawn(process.execPath, [CLI, 'run'], { env: { ...base, ...env }, cwd: tempDir('cwd-') });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.resume();
  const timer = setTimeout(() => child.kill('SIGKILL'), 80_000);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal });
    }),
  );
  return { child, exited, stderr: () => stderr };
}

t.test('SIGTERM mid-push: no new work, confirms awaited, the work closed honestly, exit 0', async (t) => {
  const { emulator, env, works, storedState, settle } = await connectorSetup(t);
  // The second expectation batch waits: the signal lands between the two,
  // after the sources were read whole (723 objects fit the credit window),
  // so the run in flight drains and its result is the whole job.
  emulator.slow('addExpectations', 1_500);
  const running = startRun(env);
  t.teardown(() => void running.child.kill('SIGKILL'));
  t.ok(await until(() => emulator.state.objects.size > 0, 30_000), 'the push began');
  running.child.kill('SIGTERM');
  const { code } = await running.exited;
  const stderr = running.stderr();
  t.equal(code, 0, stderr.slice(-2000));
  t.match(stderr, /SIGTERM: finishing the work in flight/);
  t.equal(works().length, 1, 'no new work taken');
  const [work] = works();
  const total = JSON.parse(stderr.split('\n').find((line) => line.includes('"total"')) ?? '{}').total;
  t.same(total && [total.read, total.emitted, total.deferred], [723, 721, 0], 'the in-flight run drained');
  t.same(work.processedReports.map((r) => r.inError), [false]);
  t.match(work.processedReports[0].message, /pushed 721 objects/);
  await settle();
  t.equal(emulator.state.objects.size, 721, 'every object confirmed reached the platform');
  t.equal(work.processed, work.expected);
  t.type(storedState().last_run, 'number', 'a whole job advances last_run');
});

t.test('SIGTERM during the download (regression: the signal was lost and the job pushed anyway)', async (t) => {
  const { emulator, env, works, storedState } = await connectorSetup(t);
  const slow = createServer((request, response) => {
    setTimeout(() => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(readFileSync(join(DATASETS_DIR, 'companies.json')));
    }, 1_500).unref();
  });
  await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => { slow.closeAllConnections(); slow.close(() => resolve()); }));
  const url = `http://127.0.0.1:${(slow.address() as AddressInfo).port}/companies.json`;
  const running = startRun({ ...env, CONFIG_COMPANIES_FILE_URL: url });
  t.teardown(() => void running.child.kill('SIGKILL'));
  t.ok(await until(() => works().length > 0, 30_000), 'the work is open, the download under way');
  running.child.kill('SIGTERM');
  const { code } = await running.exited;
  const stderr = running.stderr();
  t.equal(code, 0, stderr.slice(-2000));
  t.equal(works().length, 1);
  const [work] = works();
  t.same(work.processedReports.map((r) => r.inError), [true], 'the work is closed in error');
  t.match(work.processedReports[0].message, /interrupted/);
  t.match(work.processedReports[0].message, /\(balanced\)/);
  t.equal(work.expected, 0, 'nothing announced');
  t.equal(emulator.state.objects.size, 0, 'nothing pushed after the signal');
  t.same(storedState(), {}, 'last_run not advanced');
});

t.test('SIGKILL mid-run: the next run completes the job, 721 ids, none extra', async (t) => {
  const { emulator, env, works, storedState } = await connectorSetup(t);
  emulator.slow('addExpectations', 1_500);
  const killed = startRun(env);
  t.teardown(() => void killed.child.kill('SIGKILL'));
  t.ok(await until(() => emulator.state.objects.size > 0, 30_000), 'the push began');
  killed.child.kill('SIGKILL');
  const first = await killed.exited;
  t.equal(first.signal, 'SIGKILL');
  t.same(storedState(), {}, 'nothing stored by the killed run');
  const partial = emulator.state.objects.size;
  t.ok(partial < 721, `the killed run pushed part of the job (${partial})`);

  emulator.slow('addExpectations', 0);
  const next = startRun(env);
  t.teardown(() => void next.child.kill('SIGKILL'));
  const { code } = await next.exited;
  t.equal(code, 0, next.stderr().slice(-2000));
  await emulator.waitFor(() => emulator.state.objects.size >= 721, 'all objects', 30_000);
  t.equal(emulator.state.objects.size, 721);
  t.same([...emulator.state.objects.keys()].filter((id) => !ALL_IDS.has(id)), [], 'no id outside the datasets');
  t.equal(works().length, 2);
  const last = works()[1];
  t.same(last.processedReports.map((r) => r.inError), [false]);
  t.equal(last.expected, 721, 'the second run pushes the whole job again');
  await emulator.waitFor(() => last.processed >= 721, 'the second work processed', 30_000);
  t.equal(last.processed, 721);
  t.type(storedState().last_run, 'number');
});
