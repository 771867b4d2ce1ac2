import t from 'tap';
import { readdirSync } from 'node:fs';
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
