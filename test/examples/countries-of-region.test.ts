import t from 'tap';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const example = join(import.meta.dirname, '../../dist/examples/countries-of-region.js');

t.test('the example pipeline writes the countries of one region', async (t) => {
  const out = join(mkdtempSync(join(tmpdir(), 'example-')), 'western-europe.ndjson');

  const stdout = execFileSync(process.execPath, [example, 'Western Europe', out], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });

  const countries = readFileSync(out, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
  t.equal(countries.length, 9);
  t.ok(countries.every((c) => c.type === 'location' && c.x_opencti_location_type === 'Country'));
  t.ok(['France', 'Germany', 'Belgium'].every((name) => countries.some((c) => c.name === name)));
  t.notOk(countries.some((c) => c.name === 'Spain'), 'Southern Europe is not included');
  t.equal(stdout, '', 'stdout stays free: the count goes to stderr');
});

t.test('an unknown region gives an empty file, not an error', async (t) => {
  const out = join(mkdtempSync(join(tmpdir(), 'example-')), 'none.ndjson');
  execFileSync(process.execPath, [example, 'Atlantis', out], { stdio: 'ignore' });
  t.equal(readFileSync(out, 'utf8'), '');
});
