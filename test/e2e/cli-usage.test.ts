import t from 'tap';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../helpers/case-files.js';
import { counts, runCli } from '../helpers/run-cli.js';

const datasets = join(import.meta.dirname, '../../datasets');

t.test('validate takes --sectors alone, and needs at least one input', async (t) => {
  const cwd = tempDir('validate-usage-');
  const named = await runCli(['validate', '--sectors', join(datasets, 'sectors.json')], { cwd });
  t.equal(named.code, 0, named.stderr.slice(-1500));
  t.same(counts(named), [121, 121, 0, 0, 0]);
  t.notMatch(named.stderr, /missing required argument/);

  const none = await runCli(['validate'], { cwd });
  t.equal(none.code, 1);
  t.match(none.stderr, /validate needs at least one input/);
  t.same(counts(none), [-1, -1, -1, -1, -1], 'nothing was read');
  t.same(readdirSync(cwd), []);
});

t.test('a broken --config file: its path, line and column, exit 1', async (t) => {
  const cwd = tempDir('config-usage-');
  writeFileSync(join(cwd, 'c2.yml'), 'config:\n  interval: [3\n');
  const run = await runCli(['export', '--config', 'c2.yml'], { cwd });
  t.equal(run.code, 1);
  t.match(run.stderr, /config file c2\.yml: Flow sequence .* at line 3, column 1\n$/);
  t.same(readdirSync(cwd), ['c2.yml'], 'nothing was written');
});

t.test('export with no input: each dataset its own source', async (t) => {
  const cwd = tempDir('per-dataset-');
  // Only sectors disabled: geography and companies stay the embedded ones
  // (no download: the network is not reachable from the tests anyway).
  const noSectors = await runCli(['export', '-o', 'a.json'], {
    cwd,
    env: { CONFIG_SECTORS_FILE_URL: 'false' },
  });
  t.same(counts(noSectors).slice(0, 1), [539 + 63], noSectors.stderr.slice(-1500));
  t.notMatch(noSectors.stderr, /githubusercontent/);
  t.notOk(readdirSync(cwd).some((name) => name === '.cache'), 'nothing downloaded');

  // Sectors from a configured file, companies disabled, geography embedded.
  const bundle = JSON.parse(readFileSync(join(datasets, 'sectors.json'), 'utf8'));
  bundle.objects = bundle.objects.filter((o: { type: string }) => o.type === 'identity');
  bundle.objects = bundle.objects.slice(0, 5);
  writeFileSync(join(cwd, 'five-sectors.json'), JSON.stringify(bundle));
  const mixed = await runCli(['export', '-o', 'b.json'], {
    cwd,
    env: {
      CONFIG_SECTORS_FILE_URL: join(cwd, 'five-sectors.json'),
      CONFIG_COMPANIES_FILE_URL: 'false',
    },
  });
  t.equal(mixed.code, 0, mixed.stderr.slice(-1500));
  t.same(counts(mixed), [5 + 539, 543, 1, 0, 0]);
});

t.test('--version prints the version of package.json', async (t) => {
  const { version } = JSON.parse(
    readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8'),
  );
  t.match(version, /^\d+\.\d+\.\d+/);
  for (const flag of ['--version', '-V']) {
    const run = await runCli([flag]);
    t.equal(run.code, 0, flag);
    t.equal(run.stdout, `${version}\n`, flag);
    t.equal(run.stderr, '', flag);
  }
});
