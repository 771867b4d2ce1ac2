import t from 'tap';
import { Writable } from 'node:stream';
import { QueuedWriter } from '../../sinks/queued-writer.js';

// Regression: the writer left the stream (and its `drain` listener) as soon
// as no write was in flight, so when the last callbacks came before `drain`
// the chunks still queued were never written and the export hung.
t.test('chunks queued behind a full buffer are written after drain', async (t) => {
  const received: string[] = [];
  const stream = new Writable({
    highWaterMark: 16,
    write(chunk, _encoding, done) {
      received.push(chunk.toString());
      setImmediate(done);
    },
  });
  let written = 0;
  const writer = new QueuedWriter(
    (event) => (written += event.count),
    (error) => t.fail(error.message),
  );
  writer.attach(stream);

  for (let n = 0; n < 200; n++) writer.push(`line ${n}\n`, 1);
  await Promise.race([
    writer.flushed(),
    new Promise((_, reject) => setTimeout(() => reject(new Error('writer stalled')), 5000)),
  ]);

  t.equal(written, 200);
  t.equal(received.join(''), Array.from({ length: 200 }, (_, n) => `line ${n}\n`).join(''));
  writer.close();
  t.equal(stream.listenerCount('drain'), 0, 'listeners leave once closed and idle');
});
