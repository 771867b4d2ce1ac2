import t from 'tap';
import type { Item } from '../../core/item.js';
import type { SourceRecord } from '../../core/record.js';
import { RunReport } from '../../pipeline/run-report.js';
import { accountingLine, renderSummary } from '../../pipeline/render-summary.js';

const record = (source: string, index: number): SourceRecord => ({
  source,
  index,
  bytes: 2,
  object: { type: 'identity', id: `identity--${index}` },
});

t.test('emitted counts only confirmed objects, in send order across sources', async (t) => {
  const report = new RunReport(['a.json', 'b.json']);
  report.read('a.json', 3);
  report.read('b.json', 2);
  report.sent('a.json');
  report.sent('a.json');
  report.sent('b.json');
  report.count({
    kind: 'merged',
    record: record('a.json', 2),
    into: { source: 'a.json', index: 0 },
    reason: 'identical',
  });
  const rejected: Item = { kind: 'rejected', record: record('b.json', 1), problems: [] };
  report.count(rejected);

  report.confirmed(2);
  t.equal(report.sources.get('a.json')!.emitted, 2);
  t.equal(report.sources.get('b.json')!.emitted, 0);
  t.equal(report.balanced, false, 'one object still unconfirmed');

  report.confirmed(1);
  report.close();
  t.equal(report.balanced, true);
  t.equal(report.exitCode, 2, 'a reject makes the run partial');
  t.equal(
    accountingLine(report.total),
    'read 5 = emitted 3 + merged 1 + rejected 1 + deferred 0 (balanced)',
  );
});

t.test('a failed run counts what never arrived as deferred and exits 1', async (t) => {
  const report = new RunReport(['a.json']);
  report.read('a.json', 4);
  report.sent('a.json');
  report.sent('a.json');
  report.confirmed(1);

  report.close(new Error('broker gone'));
  const tally = report.sources.get('a.json')!;
  t.same([tally.emitted, tally.deferred], [1, 3]);
  t.equal(report.balanced, true);
  t.equal(report.exitCode, 1);
});

t.test('a successful run with a gap is unbalanced and exits 1', async (t) => {
  const report = new RunReport(['a.json']);
  report.read('a.json', 2);
  report.sent('a.json');
  report.confirmed(1);
  report.close();
  t.equal(report.balanced, false);
  t.equal(report.exitCode, 1);
  t.match(renderSummary(report), /UNBALANCED: 1 unaccounted/);
});

t.test('notes count fixes per rule, warnings and dropped parts', async (t) => {
  const report = new RunReport(['a.json']);
  const note = (severity: 'error' | 'warning' | 'fix', rule: string): Item => ({
    kind: 'note',
    problem: { severity, rule, source: 'a.json', index: 0, pointer: '', message: rule },
  });
  report.count(note('fix', 'timestamp-utc'));
  report.count(note('fix', 'timestamp-utc'));
  report.count(note('warning', 'id-version'));
  report.count(note('error', 'custom-property-name'));
  t.same(report.total.fixes, { 'timestamp-utc': 2 });
  t.equal(report.total.warnings, 1);
  t.equal(report.total.dropped, 1);
  t.equal(report.exitCode, 2);
});

t.test('a failed run into an atomic file: what it confirmed is deferred too', async (t) => {
  const kept = new RunReport(['a.json', 'b.json']);
  const removed = new RunReport(['a.json', 'b.json']);
  for (const report of [kept, removed]) {
    report.read('a.json', 3);
    report.read('b.json', 2);
    for (const source of ['a.json', 'a.json', 'b.json', 'b.json']) report.sent(source);
    report.confirmed(3);
  }
  kept.close(new Error('interrupted'));
  removed.close(new Error('interrupted'), true);

  t.same([kept.total.emitted, kept.total.deferred], [3, 2], 'a kept output keeps its objects');
  t.same([removed.total.emitted, removed.total.deferred], [0, 5], 'a removed one holds none');
  t.same([...removed.sources.values()].map((s) => [s.read, s.deferred]), [[3, 3], [2, 2]]);
  t.ok(removed.balanced);
  t.equal(removed.exitCode, 1);
});
