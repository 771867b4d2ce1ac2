import { spawn } from 'node:child_process';
import { join } from 'node:path';

export const CLI = join(import.meta.dirname, '../../dist/pipeline/cli.js');

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** The JSON log lines of stderr, parsed. */
  readonly logs: Array<Record<string, unknown>>;
  /** The counts of the `run finished` log line, when there is one. */
  readonly total?: Record<string, number>;
}

export interface CliOptions {
  readonly env?: Record<string, string | undefined>;
  readonly cwd?: string;
  readonly stdin?: Buffer | string;
  readonly timeoutMs?: number;
}

/**
 * Runs the built CLI as a user would (`node dist/pipeline/cli.js ...`), with
 * a clean environment (no OPENCTI_*, CONNECTOR_*, CONFIG_* leak in from the
 * machine) plus `env`. Kills it after `timeoutMs` (default 60 s).
 */
export function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliRun> {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^(OPENCTI|CONNECTOR|CONFIG|MQ)_/.test(key)),
  );
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: options.cwd,
      env: { ...base, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const stderr = Buffer.concat(err).toString();
      const logs = stderr
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .flatMap((line) => {
          try {
            return [JSON.parse(line) as Record<string, unknown>];
          } catch {
            return [];
          }
        });
      const finished = logs.find((log) => String(log.message).startsWith('run finished'));
      resolve({
        code,
        stdout: Buffer.concat(out).toString(),
        stderr,
        logs,
        total: finished?.total as Record<string, number> | undefined,
      });
    });
    child.stdin.end(options.stdin ?? '');
  });
}

/** `[read, emitted, merged, rejected, deferred]` of a run. */
export const counts = (run: CliRun): number[] =>
  ['read', 'emitted', 'merged', 'rejected', 'deferred'].map((key) => run.total?.[key] ?? -1);
