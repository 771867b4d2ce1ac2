import t from 'tap';
import { CreditWindow } from '../../core/credit-window.js';

t.test('room is immediate below the limit and waits at it', async (t) => {
  const window = new CreditWindow(2);
  window.take(1);
  t.equal(window.room(), undefined);
  window.take(1);
  const waiting = window.room();
  t.type(waiting, Promise);
  let woke = false;
  void waiting!.then(() => (woke = true));
  await Promise.resolve();
  t.equal(woke, false, 'still full');

  window.release(1);
  await waiting;
  t.equal(woke, true);
  t.equal(window.inFlight, 1);
});

t.test('release never goes below zero', async (t) => {
  const window = new CreditWindow(1);
  window.release(5);
  t.equal(window.inFlight, 0);
});

t.test('a non-positive limit is refused at construction', async (t) => {
  t.throws(() => new CreditWindow(0), RangeError);
  t.throws(() => new CreditWindow(1.5), RangeError);
});
