import t from 'tap';
import {
  parseState,
  isEmptyState,
  serializeState,
} from '../../../pipeline/connector/connector-state.js';
import { delayUntilNextRun } from '../../../pipeline/connector/schedule.js';

const DAY = 86_400_000;
const options = { intervalDays: 7, retryBaseMs: 60_000, retryMaxMs: 3_600_000 };

t.test('the Python connector state carries over', async (t) => {
  const state = parseState('{"last_run": 1700000000}');
  t.equal(state.last_run, 1700000000);
  t.equal(isEmptyState(state), false);
  const withMemory = parseState(
    serializeState({ last_run: 5, datasets: { sectors: { etag: '"abc"', sha256: 'ff' } } }),
  );
  t.same(withMemory.datasets?.sectors, { etag: '"abc"', sha256: 'ff' });
});

t.test('an empty, null, reset or garbled state is a fresh start', async (t) => {
  for (const raw of [null, undefined, '', '{}', 'not json', '{"last_run":"yesterday"}']) {
    t.ok(isEmptyState(parseState(raw)), `state ${JSON.stringify(raw)}`);
  }
});

t.test('runs now without a last run, else when the interval has passed', async (t) => {
  const now = 1_700_000_000_000;
  t.equal(delayUntilNextRun({}, 0, now, options), 0);
  t.equal(delayUntilNextRun({ last_run: now / 1000 - 2 * 86_400 }, 0, now, options), 5 * DAY);
  t.equal(delayUntilNextRun({ last_run: now / 1000 - 8 * 86_400 }, 0, now, options), 0);
});

t.test('after failures it retries at a short, growing, capped backoff', async (t) => {
  const state = { last_run: 1_700_000_000 };
  const now = 1_700_000_000_000;
  t.equal(delayUntilNextRun(state, 1, now, options), 60_000);
  t.equal(delayUntilNextRun(state, 3, now, options), 240_000);
  t.equal(delayUntilNextRun(state, 20, now, options), 3_600_000);
  t.equal(delayUntilNextRun(state, 20, now, { ...options, intervalDays: 0.01 }), 0.01 * DAY);
});
