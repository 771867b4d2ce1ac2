import t from 'tap';
import { Writable } from 'node:stream';
import { createProgress } from '../../pipeline/progress.js';
import type { ProgressSummary } from '../../pipeline/progress-line.js';
import { formatDuration, progressBar, progressLine } from '../../pipeline/progress-line.js';

const MIB = 1024 * 1024;

/** A clock the test moves by hand. */
const fakeClock = (start = 1000) => {
  let at = start;
  return { now: () => at, advance: (ms: number) => (at += ms) };
};

/** A periodic scheduler the test fires by hand. */
const fakeEvery = () => {
  const state = { check: undefined as (() => void) | undefined, ms: 0, cancelled: false };
  const every = (check: () => void, ms: number) => {
    state.check = check;
    state.ms = ms;
    return () => (state.cancelled = true);
  };
  return { state, every };
};

/** A stream that says it is a terminal and keeps what is written. */
const fakeTty = () => {
  const written: string[] = [];
  const stream = Object.assign(new Writable({
    write(chunk, _encoding, done) {
      written.push(String(chunk));
      done();
    },
  }), { isTTY: true, columns: 160 });
  return { stream, written };
};

/** A stream that is not a terminal and counts what is written to it. */
const notTty = () => {
  const written: string[] = [];
  const stream = Object.assign(new Writable({
    write(chunk, _encoding, done) {
      written.push(String(chunk));
      done();
    },
  }), { isTTY: false });
  return { stream, written };
};

t.test('not a TTY: one line per interval, with rates and ETA', async (t) => {
  const clock = fakeClock();
  const scheduler = fakeEvery();
  const lines: ProgressSummary[] = [];
  const plain = notTty();
  const progress = createProgress({ stream: plain.stream, totalBytes: 100 * MIB,
    intervalMs: 5000, now: clock.now, every: scheduler.every, onLine: (s) => lines.push(s) });

  clock.advance(1000);
  progress.update({ bytes: 10 * MIB, objects: 2000 });
  t.equal(lines.length, 0, 'nothing before the interval');
  clock.advance(4000);
  progress.update({ bytes: 25 * MIB, objects: 5000 });
  clock.advance(1000);
  progress.update({ bytes: 30 * MIB, objects: 6000 });

  t.equal(lines.length, 1, 'one line in the first interval');
  t.match(lines[0], { bytes: 25 * MIB, objects: 5000, elapsedSeconds: 5,
    bytesPerSecond: 5 * MIB, objectsPerSecond: 1000, totalBytes: 100 * MIB, etaSeconds: 15 });
  t.equal(scheduler.state.ms, 5000);
  progress.stop();
  t.same(plain.written, [], 'nothing is written to a stream that is not a TTY');
});

t.test('not a TTY: a stall still reports, and stop cancels the timer', async (t) => {
  const clock = fakeClock();
  const scheduler = fakeEvery();
  const lines: ProgressSummary[] = [];
  const progress = createProgress({ stream: notTty().stream, now: clock.now,
    every: scheduler.every, onLine: (s) => lines.push(s) });
  progress.update({ bytes: 4 * MIB, objects: 400 });

  clock.advance(4999);
  scheduler.state.check!();
  t.equal(lines.length, 0, 'the check respects the interval');
  clock.advance(1);
  scheduler.state.check!();
  clock.advance(5000);
  scheduler.state.check!();

  t.equal(lines.length, 2);
  t.equal(lines[1].objectsPerSecond, 40, 'the rate falls during the stall');
  t.equal(lines[1].etaSeconds, undefined, 'no ETA without a size');
  const final = progress.stop();
  t.equal(scheduler.state.cancelled, true);
  t.match(final, { bytes: 4 * MIB, objects: 400, elapsedSeconds: 10 });
  progress.update({ bytes: 9 * MIB, objects: 900 });
  t.same(progress.stop(), final, 'stop is idempotent and later updates are ignored');
});

t.test('a TTY: draws a bar, calls no onLine, ends with the final numbers', async (t) => {
  const clock = fakeClock();
  const scheduler = fakeEvery();
  const tty = fakeTty();
  const lines: ProgressSummary[] = [];
  const progress = createProgress({ stream: tty.stream, totalBytes: 200 * MIB,
    now: clock.now, every: scheduler.every, onLine: (s) => lines.push(s) });

  clock.advance(10_000);
  progress.update({ bytes: 50 * MIB, objects: 100_000 });
  const final = progress.stop();

  const text = tty.written.join('');
  t.equal(lines.length, 0);
  t.equal(scheduler.state.check, undefined, 'no timer on a TTY');
  t.match(text, '[#####---------------] 25% 50.0/200.0 MiB, 100000 objects');
  t.match(text, '5.0 MiB/s, 10000 objects/s, ETA 30s');
  t.equal(final.etaSeconds, 30);
  t.ok(text.endsWith('\n'), 'the bar leaves the cursor on a new line');
});

t.test('progressLine and formatDuration', async (t) => {
  const summary = { bytes: 3 * MIB, objects: 12, elapsedSeconds: 2,
    bytesPerSecond: 1.5 * MIB, objectsPerSecond: 6 };
  t.equal(progressLine(summary), '3.0 MiB, 12 objects, 1.5 MiB/s, 6 objects/s');
  t.equal(progressLine({ ...summary, totalBytes: 4 * MIB, etaSeconds: 0.6 }),
    '75% 3.0/4.0 MiB, 12 objects, 1.5 MiB/s, 6 objects/s, ETA 1s');
  t.equal(formatDuration(59.4), '59s');
  t.equal(formatDuration(65), '1m05s');
  t.equal(formatDuration(7380), '2h03m');
  t.equal(formatDuration(-3), '0s');
  t.equal(progressBar(0.5, 4), '[##--]');
  t.equal(progressBar(7, 4), '[####]', 'clamped above 1');
});
