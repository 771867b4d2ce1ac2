import t from 'tap';
import { readdirSync, writeFileSync } from 'node:fs';
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
