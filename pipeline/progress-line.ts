/** Counts reported to a progress display: running totals since the start. */
export interface ProgressCounts {
  readonly bytes: number;
  readonly objects: number;
}

/** Where a long run stands; rates are averages since the start. */
export interface ProgressSummary extends ProgressCounts {
  readonly elapsedSeconds: number;
  readonly bytesPerSecond: number;
  readonly objectsPerSecond: number;
  /** The input's size when known (file size, `content-length`). */
  readonly totalBytes?: number;
  /** Seconds left at the average rate; only when the size is known. */
  readonly etaSeconds?: number;
}

const MIB = 1024 * 1024;

/** `1m05s`, `2h03m`, `42s`. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/**
 * One line for a person, the same in the TTY bar and in log lines.
 *
 * @example
 * progressLine(summary);
 * // '45% 94.5/210.0 MiB, 180000 objects, 41.3 MiB/s, 80123 objects/s, ETA 2m48s'
 */
export function progressLine(summary: ProgressSummary): string {
  const mib = (summary.bytes / MIB).toFixed(1);
  const total = summary.totalBytes;
  const size = total === undefined || total <= 0 ? `${mib} MiB`
    : `${Math.floor((100 * Math.min(summary.bytes, total)) / total)}% ` +
      `${mib}/${(total / MIB).toFixed(1)} MiB`;
  const parts = [size, `${summary.objects} objects`,
    `${(summary.bytesPerSecond / MIB).toFixed(1)} MiB/s`,
    `${Math.round(summary.objectsPerSecond)} objects/s`];
  if (summary.etaSeconds !== undefined) parts.push(`ETA ${formatDuration(summary.etaSeconds)}`);
  return parts.join(', ');
}

/** A text bar of `width` cells for a fraction in [0, 1]. */
export function progressBar(fraction: number, width = 20): string {
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
}
