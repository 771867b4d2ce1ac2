import { spawn, spawnSync } from 'node:child_process';
import { existsSync, openSync, closeSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A command to run and measure. */
export interface ChildSpec {
  readonly command: string;
  readonly args: readonly string[];
  /** Send stdout to this file (like `> FILE`) instead of capturing it. */
  readonly stdoutFile?: string;
  /** How to measure peak RSS (default {@link rssMethod}, the best here). */
  readonly method?: RssMethod;
}

/** What a run cost. `peakRssBytes` and `cpuSeconds` are absent when the
 * machine offers no way to measure them. */
export interface ChildRun {
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly seconds: number;
  readonly peakRssBytes?: number;
  /** User plus system time: above `seconds` means more than one core. */
  readonly cpuSeconds?: number;
  /** Captured stdout (first 64 KiB), empty when sent to a file. */
  readonly stdout: string;
  /** The last 2 KiB of stderr, for a crash report. */
  readonly stderrTail: string;
}

const GNU_TIME = '/usr/bin/time';
const TIME_FORMAT = '%M %U %S';

/** GNU time's maximum resident set size (exact, from the kernel's
 * rusage), or VmHWM polled from /proc (no CPU time then). */
export type RssMethod = 'gnu-time' | 'proc-poll';

/** The best method on this machine. */
export const rssMethod: RssMethod = hasGnuTime() ? 'gnu-time' : 'proc-poll';

function hasGnuTime(): boolean {
  if (!existsSync(GNU_TIME)) return false;
  const probe = spawnSync(GNU_TIME, ['-f', TIME_FORMAT, 'true'], { encoding: 'utf8' });
  return probe.status === 0 && /\d+ [\d.]+ [\d.]+\s*$/.test(probe.stderr);
}

/**
 * Runs a command to its end and measures wall time, peak RSS and CPU time
 * of the command itself (not of this process). Never rejects for a failing
 * command: the exit code and signal are in the result.
 */
export async function measureChild(spec: ChildSpec): Promise<ChildRun> {
  const report = join(tmpdir(), `bench-time-${process.pid}-${Date.now()}.txt`);
  const method = spec.method ?? rssMethod;
  const [command, args] = method === 'gnu-time'
    ? [GNU_TIME, ['-f', TIME_FORMAT, '-o', report, spec.command, ...spec.args]]
    : [spec.command, [...spec.args]];
  const out = spec.stdoutFile === undefined ? 'pipe' : openSync(spec.stdoutFile, 'w');
  const started = performance.now();
  const child = spawn(command, args, { stdio: ['ignore', out, 'pipe'] });
  if (typeof out === 'number') closeSync(out);

  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (text: string) => {
    if (stdout.length < 65536) stdout += text;
  });
  child.stderr?.setEncoding('utf8').on('data', (text: string) => {
    stderr = (stderr + text).slice(-2048);
  });
  const poller = method === 'proc-poll' ? pollPeak(child.pid) : undefined;
  const [exitCode, signal] = await new Promise<[number | null, NodeJS.Signals | null]>(
    (resolve) => {
      child.on('error', (error) => { stderr += String(error); resolve([null, null]); });
      child.on('close', (code, sig) => resolve([code, sig]));
    });
  const seconds = (performance.now() - started) / 1000;

  const measured = poller === undefined ? readReport(report) : { peakRssBytes: poller.stop() };
  return { exitCode, signal, seconds, ...measured, stdout, stderrTail: stderr };
}

function readReport(path: string): { peakRssBytes?: number; cpuSeconds?: number } {
  if (!existsSync(path)) return {};
  const lines = readFileSync(path, 'utf8').trim().split('\n');
  rmSync(path, { force: true });
  const match = /^(\d+) ([\d.]+) ([\d.]+)$/.exec(lines[lines.length - 1] ?? '');
  if (match === null) return {};
  return { peakRssBytes: Number(match[1]) * 1024,
    cpuSeconds: Number(match[2]) + Number(match[3]) };
}

/** Samples VmHWM (the kernel's own high-water mark) every 50 ms. Its
 * shortcoming: growth in the last 50 ms before exit can be missed. */
function pollPeak(pid: number | undefined): { stop(): number | undefined } {
  let peak: number | undefined;
  const sample = (): void => {
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const kib = /VmHWM:\s+(\d+) kB/.exec(status);
      if (kib !== null) peak = Math.max(peak ?? 0, Number(kib[1]) * 1024);
    } catch {
      // The process is gone (or /proc is missing): keep the last sample.
    }
  };
  const timer = pid === undefined ? undefined : setInterval(sample, 50);
  sample();
  return { stop: () => { clearInterval(timer); return peak; } };
}
