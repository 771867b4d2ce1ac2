import t from 'tap';
import { Writable } from 'node:stream';
import { createLogger, Secrets } from '../../pipeline/logger.js';

const collect = () => {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, stream };
};

t.test('JSON lines with level, timestamp, name and message; secrets scrubbed', async (t) => {
  const { lines, stream } = collect();
  const logger = createLogger({
    name: 'OpenCTI Datasets',
    level: 'info',
    secrets: new Secrets(['tok-1234-abcd', 'mq-password']),
    destination: stream,
  });

  logger.info('connecting with tok-1234-abcd');
  logger.error({ error: new Error('amqp://guest:mq-password@host failed') }, 'push failed');
  logger.debug('not shown at info');
  await new Promise((resolve) => setTimeout(resolve, 20));

  t.equal(lines.length, 2);
  const first = JSON.parse(lines[0]);
  t.equal(first.level, 'info');
  t.equal(first.name, 'OpenCTI Datasets');
  t.equal(first.message, 'connecting with ***');
  t.match(first.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  t.notMatch(lines.join('\n'), /tok-1234-abcd|mq-password/);
  t.match(lines[1], /amqp:\/\/guest:\*\*\*@host/);
});
