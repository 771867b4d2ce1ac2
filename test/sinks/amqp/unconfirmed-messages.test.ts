import t from 'tap';
import { UnconfirmedMessages } from '../../../sinks/amqp/unconfirmed-messages.js';

const message = (i: number) => ({ id: `m-${i}`, body: Buffer.alloc(10 * i), meta: i });

t.test('tracks bytes, settles single and multiple confirms by tag', async (t) => {
  const unconfirmed = new UnconfirmedMessages<number>();
  const tracked = [1, 2, 3, 4].map((i) => unconfirmed.add(message(i)));
  t.equal(unconfirmed.size, 4);
  t.equal(unconfirmed.bytes, 100);
  tracked.forEach((one, i) => unconfirmed.written(one, i + 1));

  t.same(unconfirmed.settle(3, false).map((m) => m.message.meta), [3]);
  t.same(unconfirmed.settle(3, false), [], 'a tag settles once');
  t.same(unconfirmed.settle(4, true).map((m) => m.message.meta), [1, 2, 4]);
  t.equal(unconfirmed.size, 4, 'settling does not forget the messages');

  unconfirmed.remove(tracked[0]);
  t.equal(unconfirmed.bytes, 90);
  t.notOk(unconfirmed.holds(tracked[0]));
  t.same(unconfirmed.all().map((m) => m.message.meta), [2, 3, 4]);
});

t.test('tags of a lost channel are dropped; messages stay for re-sending', async (t) => {
  const unconfirmed = new UnconfirmedMessages<number>();
  const one = unconfirmed.add(message(1));
  unconfirmed.written(one, 1);
  unconfirmed.dropTags();
  t.same(unconfirmed.settle(1, true), []);
  unconfirmed.written(one, 1);
  t.equal(one.writes, 2);
  t.same(unconfirmed.clear().map((m) => m.message.meta), [1]);
  t.equal(unconfirmed.size, 0);
  t.equal(unconfirmed.bytes, 0);
});

t.test('a duplicate id is a caller bug', async (t) => {
  const unconfirmed = new UnconfirmedMessages<number>();
  unconfirmed.add(message(1));
  t.throws(() => unconfirmed.add(message(1)), RangeError);
});
