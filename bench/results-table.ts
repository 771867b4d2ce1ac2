/** One contender on one input, as printed and as saved to JSON. */
export interface BenchRow {
  readonly sizeMiB: number;
  readonly inputBytes: number;
  readonly inputObjects: number;
  readonly contender: string;
  readonly status: 'ok' | 'crashed' | 'not available';
  /** Why not available, or the end of stderr of a crash. */
  readonly note?: string;
  readonly seconds?: number;
  readonly mibPerSecond?: number;
  readonly objectsPerSecond?: number;
  readonly peakRssMiB?: number;
  readonly cpuSeconds?: number;
  /** Objects the contender wrote (or counted, for stream-json). */
  readonly objectsOut?: number;
  /** How many times faster than jq (above 1: faster). */
  readonly vsJq?: number;
  /** How many times faster than the naive script (above 1: faster). */
  readonly vsNaive?: number;
}

/** Adds the speed ratios against jq and the naive script of the same size. */
export function withRatios(rows: readonly BenchRow[]): BenchRow[] {
  const secondsOf = (size: number, name: string): number | undefined =>
    rows.find((r) => r.sizeMiB === size && r.contender === name && r.status === 'ok')?.seconds;
  return rows.map((row) => {
    if (row.seconds === undefined) return row;
    const jq = secondsOf(row.sizeMiB, 'jq');
    const naive = secondsOf(row.sizeMiB, 'naive JSON.parse');
    return { ...row,
      ...(jq === undefined ? {} : { vsJq: jq / row.seconds }),
      ...(naive === undefined ? {} : { vsNaive: naive / row.seconds }) };
  });
}

const COLUMNS: ReadonlyArray<readonly [string, (row: BenchRow) => string]> = [
  ['MiB', (r) => String(r.sizeMiB)],
  ['contender', (r) => r.contender],
  ['seconds', (r) => fixed(r.seconds, 2)],
  ['MiB/s', (r) => fixed(r.mibPerSecond, 1)],
  ['objects/s', (r) => fixed(r.objectsPerSecond, 0)],
  ['peak RSS MiB', (r) => fixed(r.peakRssMiB, 0)],
  ['CPU s', (r) => fixed(r.cpuSeconds, 2)],
  ['objects out', (r) => (r.objectsOut === undefined ? '' : String(r.objectsOut))],
  ['vs jq', (r) => ratio(r.vsJq)],
  ['vs naive', (r) => ratio(r.vsNaive)],
  ['note', (r) => (r.status === 'ok' ? '' : `${r.status}: ${r.note ?? ''}`)],
];

const fixed = (value: number | undefined, digits: number): string =>
  value === undefined ? '' : value.toFixed(digits);
const ratio = (value: number | undefined): string =>
  value === undefined ? '' : `${value.toFixed(2)}x`;

/** A plain-text table, one row per contender, numbers right-aligned. */
export function formatTable(rows: readonly BenchRow[]): string {
  const cells = rows.map((row) => COLUMNS.map(([, cell]) => cell(row).split('\n')[0]));
  const widths = COLUMNS.map(([title], i) =>
    Math.max(title.length, ...cells.map((line) => line[i].length)));
  const pad = (text: string, i: number): string =>
    i <= 1 || i === COLUMNS.length - 1 ? text.padEnd(widths[i]) : text.padStart(widths[i]);
  const line = (texts: readonly string[]): string => texts.map(pad).join('  ').trimEnd();
  const header = line(COLUMNS.map(([title]) => title));
  return [header, '-'.repeat(header.length), ...cells.map(line)].join('\n');
}
