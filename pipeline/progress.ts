import cliProgress from 'cli-progress';
import {
  type ProgressCounts, type ProgressSummary, progressBar, progressLine,
} from './progress-line.js';

/** The stream of the TTY bar: stderr, or a fake in tests. */
export type ProgressStream = NodeJS.WritableStream & { isTTY?: boolean; columns?: number };

export interface ProgressOptions {
  /** The input's size when known: enables the percentage and the ETA. */
  readonly totalBytes?: number;
  /** Where the bar is drawn when it is a TTY (default `process.stderr`). */
  readonly stream?: ProgressStream;
  /** When the stream is not a TTY: called at most every `intervalMs`. */
  readonly onLine?: (summary: ProgressSummary) => void;
  /** Default 5000. */
  readonly intervalMs?: number;
  /** Milliseconds, for tests (default `performance.now`). */
  readonly now?: () => number;
  /** Runs `check` every `ms` until cancelled, so a stalled run still
   * reports; for tests (default an unref'd `setInterval`). */
  readonly every?: (check: () => void, ms: number) => () => void;
}

export interface Progress {
  /** Running totals since the start (not increments). Cheap: call per chunk. */
  update(counts: ProgressCounts): void;
  /** Ends the display (idempotent) and returns the final summary. Call it
   * in a `finally`: on a TTY the bar's redraw timer keeps the process alive
   * until then. */
  stop(): ProgressSummary;
}

const REDRAW_MS = 100;

const everyInterval = (check: () => void, ms: number): (() => void) => {
  const timer = setInterval(check, ms);
  timer.unref();
  return () => clearInterval(timer);
};

/**
 * A progress display for long work. On a TTY it draws a `cli-progress` bar
 * with bytes, objects/s, MiB/s and the ETA; otherwise it calls `onLine`
 * with a {@link ProgressSummary} at most every `intervalMs` (also during a
 * stall), for the pipeline to log. It logs nothing itself.
 *
 * @example
 * const progress = createProgress({ totalBytes: size, onLine: (s) => log.info(s) });
 * progress.update({ bytes: offset, objects: count });
 * progress.stop();
 */
export function createProgress(options: ProgressOptions = {}): Progress {
  const now = options.now ?? (() => performance.now());
  const stream = options.stream ?? process.stderr;
  const intervalMs = options.intervalMs ?? 5000;
  const startedAt = now();
  let counts: ProgressCounts = { bytes: 0, objects: 0 };
  let stopped: ProgressSummary | undefined;

  const summary = (): ProgressSummary => summarize(counts, (now() - startedAt) / 1000,
    options.totalBytes);
  const bar = stream.isTTY === true ? ttyBar(stream, options.totalBytes) : undefined;
  bar?.draw(summary());
  let lastShown = startedAt;
  const show = (): void => {
    const at = now();
    if (at - lastShown < (bar === undefined ? intervalMs : REDRAW_MS)) return;
    lastShown = at;
    if (bar !== undefined) bar.draw(summary());
    else options.onLine?.(summary());
  };
  const cancel = bar === undefined && options.onLine !== undefined
    ? (options.every ?? everyInterval)(show, intervalMs) : undefined;

  return {
    update(next) {
      if (stopped !== undefined) return;
      counts = next;
      show();
    },
    stop() {
      if (stopped !== undefined) return stopped;
      stopped = summary();
      cancel?.();
      bar?.end(stopped);
      return stopped;
    },
  };
}

// Known shortcoming: rates are averages since the start, not over a recent
// window, so after a long stall (or when a slow sink sets the pace late in a
// run) the rate and the ETA react slowly. Fine for the steady runs of the ETL.
function summarize(counts: ProgressCounts, elapsedSeconds: number,
  totalBytes: number | undefined): ProgressSummary {
  const bytesPerSecond = elapsedSeconds > 0 ? counts.bytes / elapsedSeconds : 0;
  const objectsPerSecond = elapsedSeconds > 0 ? counts.objects / elapsedSeconds : 0;
  const etaSeconds = totalBytes !== undefined && bytesPerSecond > 0
    ? Math.max(0, totalBytes - counts.bytes) / bytesPerSecond : undefined;
  return { ...counts, elapsedSeconds, bytesPerSecond, objectsPerSecond,
    ...(totalBytes === undefined ? {} : { totalBytes }),
    ...(etaSeconds === undefined ? {} : { etaSeconds }) };
}

/** The cli-progress bar; the text comes from {@link progressLine} so the
 * rates and ETA follow this module's clock, not cli-progress's own. */
function ttyBar(stream: ProgressStream, totalBytes: number | undefined) {
  const bar = new cliProgress.SingleBar({
    stream, format: (_options, _params, payload: { line: string }) => payload.line,
    hideCursor: false, gracefulExit: false, fps: 1000 / REDRAW_MS,
  });
  const text = (s: ProgressSummary): string => totalBytes === undefined || totalBytes <= 0
    ? progressLine(s) : `${progressBar(s.bytes / totalBytes)} ${progressLine(s)}`;
  let started = false;
  return {
    draw(s: ProgressSummary): void {
      if (!started) bar.start(Math.max(1, totalBytes ?? 1), 0, { line: text(s) });
      else bar.update(s.bytes, { line: text(s) });
      started = true;
    },
    end(s: ProgressSummary): void {
      bar.update(s.bytes, { line: text(s) });
      bar.stop();
    },
  };
}
