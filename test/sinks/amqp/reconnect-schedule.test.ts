import t from 'tap';
import { ReconnectSchedule } from '../../../sinks/amqp/reconnect-schedule.js';

t.test('delays grow by the factor up to maxDelay', async (t) => {
  const schedule = new ReconnectSchedule(600_000, {
    initialDelay: 100, maxDelay: 1000, factor: 2, jitter: 0,
  });
  const delays = Array.from({ length: 7 }, () => schedule.next());
  t.same(delays, [100, 200, 400, 800, 1000, 1000, 1000]);
});

t.test('jitter spreads a delay within its bounds', async (t) => {
  for (let i = 0; i < 50; i += 1) {
    const delay = new ReconnectSchedule(600_000, { initialDelay: 1000, jitter: 0.2 }).next();
    t.ok(delay !== undefined && delay >= 800 && delay <= 1200, `${delay}`);
  }
});

t.test('no attempt once the budget is spent, or after giveUp()', async (t) => {
  t.equal(new ReconnectSchedule(40).next(), undefined, 'under 50 ms left');
  const schedule = new ReconnectSchedule(10_000, { initialDelay: 100_000, jitter: 0 });
  const first = schedule.next();
  t.ok(first !== undefined && first <= 10_000 - 50, `cut to the deadline: ${first}`);
  schedule.giveUp();
  t.equal(schedule.next(), undefined);
});

t.test('refuses a non-positive budget', async (t) => {
  t.throws(() => new ReconnectSchedule(0), RangeError);
});
