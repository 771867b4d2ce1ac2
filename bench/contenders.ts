import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChildSpec } from './measure-child.js';

/** One program in the race, run as a child process on the same input. */
export interface Contender extends ChildSpec {
  readonly name: string;
  /** Why it cannot run on this machine or in this build, if it cannot. */
  readonly unavailable?: string;
  /** Exit codes that mean success (the product exits 2 when it rejects). */
  readonly okExitCodes: readonly number[];
  /** The NDJSON file it writes, whose lines are counted, if any. */
  readonly output?: string;
}

const distFile = (relative: string): string =>
  fileURLToPath(new URL(relative, import.meta.url));

/** The product's CLI, built next to the bench in `dist/`. */
export const PRODUCT_CLI = distFile('../pipeline/cli.js');

/**
 * The contenders for one input: jq, the naive script, stream-json alone
 * (default and `streamValues: false`) and the product. A missing program
 * yields a contender with `unavailable` set instead of a failure.
 */
export function contenders(input: string, workDir: string): Contender[] {
  const node = process.execPath;
  const out = (name: string): string => join(workDir, `${name}.ndjson`);
  return [
    { name: 'jq', command: 'jq', args: ['-c', '.objects[]', input],
      stdoutFile: out('jq'), output: out('jq'), okExitCodes: [0],
      unavailable: jqMissing() },
    { name: 'naive JSON.parse', command: node, okExitCodes: [0], output: out('naive'),
      args: [distFile('./baselines/naive-json-parse.js'), input, out('naive')] },
    { name: 'stream-json', command: node, okExitCodes: [0],
      args: [distFile('./baselines/stream-json-count.js'), input] },
    { name: 'stream-json packed', command: node, okExitCodes: [0],
      args: [distFile('./baselines/stream-json-count.js'), input, '--no-stream-values'] },
    { name: 'product export', command: node, okExitCodes: [0, 2], output: out('product'),
      unavailable: productMissing(),
      args: [PRODUCT_CLI, 'export', input, '--out', out('product'), '--format', 'ndjson',
        '--rejects', out('product-rejects')] },
    slowSinkContender(input, workDir, undefined),
  ];
}

export const SLOW_SINK = 'product, slow sink';

/**
 * The product behind a sink 10x slower than the source (the memory target
 * of issue 5): `bench/slow-sink.js` composes the datasets job in code with
 * a throttled NDJSON sink at a tenth of `productMibps`, the product's own
 * export rate on this input (unavailable until that is known).
 */
export function slowSinkContender(input: string, workDir: string,
  productMibps: number | undefined): Contender {
  const output = join(workDir, 'slow-sink.ndjson');
  return { name: SLOW_SINK, command: process.execPath, okExitCodes: [0], output,
    args: [distFile('./slow-sink.js'), input, output, '--mibps', String((productMibps ?? 0) / 10)],
    unavailable: productMibps === undefined ? 'needs the product export row first' : undefined };
}

function jqMissing(): string | undefined {
  const probe = spawnSync('jq', ['--version'], { encoding: 'utf8' });
  return probe.status === 0 ? undefined : 'jq is not installed';
}

function productMissing(): string | undefined {
  if (!existsSync(PRODUCT_CLI)) return 'dist/pipeline/cli.js is not built yet';
  const probe = spawnSync(process.execPath, [PRODUCT_CLI, 'export', '--help'],
    { encoding: 'utf8', timeout: 30_000 });
  return probe.status === 0 ? undefined : 'the CLI has no export command yet';
}

/** The version line of jq, for the results file. */
export function jqVersion(): string | undefined {
  const probe = spawnSync('jq', ['--version'], { encoding: 'utf8' });
  return probe.status === 0 ? probe.stdout.trim() : undefined;
}
