import { basename } from 'node:path';
import type { Problem } from '../core/problem.js';
import type { RunReport } from './run-report.js';
import type { Tally } from './tally.js';

const COLUMNS = ['read', 'emitted', 'merged', 'rejected', 'deferred', 'dropped'] as const;

/** The end-of-run table, per source and in total, with the accounting check. */
export function renderSummary(report: RunReport): string {
  const rows: Array<[string, Tally]> = [...report.sources].map(([source, tally]) => [
    basename(source),
    tally,
  ]);
  const total = report.total;
  rows.push(['total', total]);
  const width = Math.max(7, ...rows.map(([name]) => name.length));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(width) : c.padStart(9))).join(' ');

  const out = [line(['source', ...COLUMNS])];
  for (const [name, tally] of rows) out.push(line([name, ...COLUMNS.map((c) => String(tally[c]))]));
  const fixes = Object.entries(total.fixes).map(([rule, n]) => `${rule} ${n}`);
  if (fixes.length > 0) out.push(`fixes: ${fixes.join(', ')}`);
  if (total.warnings > 0) out.push(`warnings: ${total.warnings}`);
  out.push(accountingLine(total));
  return out.join('\n');
}

/** `read 723 = emitted 721 + merged 2 + rejected 0 + deferred 0 (balanced)` */
export function accountingLine(tally: Tally): string {
  const sum = tally.emitted + tally.merged + tally.rejected + tally.deferred;
  const verdict = sum === tally.read ? 'balanced' : `UNBALANCED: ${tally.read - sum} unaccounted`;
  return (
    `read ${tally.read} = emitted ${tally.emitted} + merged ${tally.merged} + ` +
    `rejected ${tally.rejected} + deferred ${tally.deferred} (${verdict})`
  );
}

/** One line for a person:
 * `companies.json objects[2] (line 40) relationship--… /target_ref: ref-not-found: …` */
export function describeProblem(problem: Problem): string {
  const line = problem.line === undefined ? '' : ` (line ${problem.line})`;
  const where = [`${basename(problem.source)} objects[${problem.index}]${line}`];
  if (problem.id) where.push(problem.id);
  if (problem.pointer) where.push(problem.pointer);
  const value =
    problem.value === undefined ? '' : ` (value: ${clip(JSON.stringify(problem.value))})`;
  return `${where.join(' ')}: ${problem.rule}: ${problem.message}${value}`;
}

const clip = (text: string | undefined, max = 120): string =>
  text === undefined ? 'undefined' : text.length > max ? `${text.slice(0, max)}…` : text;
