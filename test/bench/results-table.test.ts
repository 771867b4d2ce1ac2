import t from 'tap';
import { type BenchRow, formatTable, withRatios } from '../../bench/results-table.js';

const base = { sizeMiB: 10, inputBytes: 10 * 1024 * 1024, inputObjects: 17000 };
const rows: BenchRow[] = [
  { ...base, contender: 'jq', status: 'ok', seconds: 8, peakRssMiB: 300.4 },
  { ...base, contender: 'naive JSON.parse', status: 'ok', seconds: 2 },
  { ...base, contender: 'product export', status: 'ok', seconds: 4, objectsOut: 16700 },
  { ...base, contender: 'stream-json', status: 'crashed', note: 'exit 1: boom\nstack' },
  { ...base, contender: 'product, slow sink', status: 'not available', note: 'no flag' },
  { ...base, sizeMiB: 20, contender: 'product export', status: 'ok', seconds: 1 },
];

t.test('ratios compare with jq and the naive script of the same size', async (t) => {
  const table = withRatios(rows);

  t.equal(table[2].vsJq, 2, 'twice as fast as jq');
  t.equal(table[2].vsNaive, 0.5, 'half as fast as the naive script');
  t.equal(table[0].vsJq, 1);
  t.equal(table[3].vsJq, undefined, 'no ratio for a crash');
  t.equal(table[5].vsJq, undefined, 'no jq run at 20 MiB');
});

t.test('the table has a row per contender and says why one is missing', async (t) => {
  const lines = formatTable(withRatios(rows)).split('\n');

  t.equal(lines.length, 2 + rows.length);
  t.match(lines[0], /^MiB\s+contender\s+seconds\s+MiB\/s/);
  t.match(lines[2], /^10\s+jq\s+8\.00 .* 300 .* 1\.00x\s+0\.25x$/);
  t.match(lines[4], /product export\s+4\.00 .* 16700\s+2\.00x\s+0\.50x$/);
  t.match(lines[5], /crashed: exit 1: boom$/, 'first line of the note only');
  t.match(lines[6], /not available: no flag$/);
});
