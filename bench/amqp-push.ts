import { execFileSync, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { connect, type Channel, type ChannelModel } from 'amqplib';
import { serialize } from '../core/serialize.js';
import { ConfirmingPublisher } from '../sinks/amqp/confirming-publisher.js';
import { MessageEnvelope } from '../sinks/amqp/message-envelope.js';

/**
 * `node dist/bench/amqp-push.js [--messages 20000] [--baseline-messages 1000]
 *   [--bundle-size 1] [--window 1000] [--runs 3] [--python /usr/bin/python3]
 *   [--url amqp://guest:guest@127.0.0.1:5672/%2F]`
 *
 * Push throughput to a local RabbitMQ, into a temporary durable queue
 * (persistent messages, deleted at the end), with real QUEUE_BUNDLE bodies
 * of about 1 KB:
 * - windowed: the ConfirmingPublisher, up to `--window` unconfirmed;
 * - one at a time: publish, wait for its confirm, then the next (what
 *   pycti's blocking channel with `confirm_delivery()` does);
 * - connection per bundle: the same, plus a new connection and channel for
 *   every `--bundle-size` messages (pycti connects per `send_stix2_bundle`);
 * - pika: pycti's own way, in Python (`baselines/pika-publish.py`), when
 *   `--python` can import pika (Debian: `apt-get install python3-pika`).
 * The slow baselines run on fewer messages; rates are per second, so they
 * compare. The modes take turns `--runs` times and the fastest run of each
 * is kept (a shared machine is noisy). Speed is reported, never asserted.
 */
const PROPERTIES = { persistent: true, contentType: 'application/json' } as const;
/** Every mode turns Nagle off, as pika does and as the sink does. */
const SOCKET = { noDelay: true } as const;

interface Row {
  readonly mode: string;
  readonly messages: number;
  readonly ms: number;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: {
    messages: { type: 'string', default: '20000' },
    'baseline-messages': { type: 'string', default: '1000' },
    runs: { type: 'string', default: '3' },
    'bundle-size': { type: 'string', default: '1' },
    window: { type: 'string', default: '1000' },
    url: { type: 'string', default: 'amqp://guest:guest@127.0.0.1:5672/%2F' },
    python: { type: 'string', default: '/usr/bin/python3' },
  } });
  const n = positive(values.messages, '--messages');
  const baseline = Math.min(n, positive(values['baseline-messages'], '--baseline-messages'));
  const bundleSize = positive(values['bundle-size'], '--bundle-size');
  const window = positive(values.window, '--window');
  const runs = positive(values.runs, '--runs');
  const url = values.url;

  const admin = await connect(url);
  const channel = await admin.createChannel();
  const queue = `bench.amqp-push.${randomUUID().slice(0, 8)}`;
  await channel.assertQueue(queue, { durable: true });
  const best = new Map<string, Row>();
  try {
    const body = messageBody();
    process.stderr.write(`message body: ${body(1).length} bytes\n`);
    const pika = pikaPublisher(values.python, url, queue, body(1));
    const modes: Array<[string, number, () => Promise<number | void>]> = [
      [`windowed (window ${window})`, n, () => windowed(url, queue, n, window, body)],
      ['one at a time (wait each confirm)', baseline,
        () => oneAtATime(url, queue, baseline, body)],
      [`connection per bundle of ${bundleSize}`, baseline,
        () => connectionPerBundle(url, queue, baseline, bundleSize, body)],
    ];
    if (pika === undefined) process.stderr.write(`no pika for ${values.python}: no pika row\n`);
    else modes.push(['pika, one at a time (pycti)', baseline, () => pika(baseline)]);
    for (let run = 1; run <= runs; run += 1) {
      for (const [mode, messages, go] of modes) {
        const row = await measure(channel, queue, `${mode} run ${run}`, messages, go);
        const kept = best.get(mode);
        if (kept === undefined || row.ms < kept.ms) best.set(mode, { ...row, mode });
      }
    }
  } finally {
    await channel.deleteQueue(queue);
    await admin.close();
  }
  const rows = [...best.values()];
  print(rows);
}

/** A ~1 KB message body for sequence `i`, built like the sink builds it. */
function messageBody(): (i: number) => Buffer {
  const envelope = new MessageEnvelope({ applicantId: randomUUID(), workId: randomUUID() });
  return (i) => envelope.build([serialize({
    type: 'identity', spec_version: '2.1', id: `identity--${randomUUID()}`,
    created: '2024-01-01T00:00:00.000Z', modified: '2024-01-01T00:00:00.000Z',
    name: `Example Corp ${i}`, identity_class: 'organization',
    description: 'x'.repeat(420),
  })], i);
}

/** `run` may return its own measure in milliseconds (a child process that
 * leaves out its start-up), else it is timed here. */
async function measure(
  channel: Channel, queue: string, mode: string, messages: number,
  run: () => Promise<number | void>,
): Promise<Row> {
  await channel.purgeQueue(queue);
  process.stderr.write(`${mode}: ${messages} messages...\n`);
  const start = process.hrtime.bigint();
  const own = await run();
  const ms = typeof own === 'number' ? own : Number(process.hrtime.bigint() - start) / 1e6;
  const queued = (await channel.checkQueue(queue)).messageCount;
  if (queued !== messages) throw new Error(`${mode}: ${queued} of ${messages} in the queue`);
  return { mode, messages, ms };
}

async function windowed(
  url: string, queue: string, n: number, window: number, body: (i: number) => Buffer,
): Promise<void> {
  const publisher = new ConfirmingPublisher<number>({
    connect: () => connect(url, SOCKET), exchange: '', routingKey: queue, maxInFlight: window,
  });
  for (let i = 1; i <= n; i += 1) {
    if (!(await publisher.publish({ id: `m-${i}`, body: body(i), meta: i }))) break;
  }
  const report = await publisher.finish();
  if (report.error) throw report.error;
}

async function oneAtATime(
  url: string, queue: string, n: number, body: (i: number) => Buffer,
): Promise<void> {
  const model = await connect(url, SOCKET);
  await publishEach(model, queue, 1, n, body);
  await model.close();
}

async function connectionPerBundle(
  url: string, queue: string, n: number, size: number, body: (i: number) => Buffer,
): Promise<void> {
  for (let first = 1; first <= n; first += size) {
    const model = await connect(url, SOCKET);
    await publishEach(model, queue, first, Math.min(n, first + size - 1), body);
    await model.close();
  }
}

async function publishEach(
  model: ChannelModel, queue: string, from: number, to: number, body: (i: number) => Buffer,
): Promise<void> {
  const channel = await model.createConfirmChannel();
  for (let i = from; i <= to; i += 1) {
    channel.publish('', queue, body(i), { ...PROPERTIES, messageId: `m-${i}` });
    await channel.waitForConfirms();
  }
  await channel.close();
}

/** Runs `baselines/pika-publish.py` with `body`, or undefined when `python`
 * cannot import pika. */
function pikaPublisher(
  python: string, url: string, queue: string, body: Buffer,
): ((count: number) => Promise<number>) | undefined {
  if (spawnSync(python, ['-c', 'import pika'], { stdio: 'ignore' }).status !== 0) return undefined;
  const script = fileURLToPath(new URL('../../bench/baselines/pika-publish.py', import.meta.url));
  return async (count) => {
    const out = execFileSync(python, [script, url, queue, String(count)], { input: body });
    return Number(out.toString().trim());
  };
}

function print(rows: readonly Row[]): void {
  const rate = (row: Row) => row.messages / (row.ms / 1000);
  const oneAtATime = rate(rows[1]);
  const pika = rows.find((row) => row.mode.startsWith('pika'));
  const header = ['mode', 'messages', 'seconds', 'msg/s', 'vs one at a time'];
  const lines = [pika ? [...header, 'vs pika'] : header];
  for (const row of rows) {
    const cells = [row.mode, String(row.messages), (row.ms / 1000).toFixed(2),
      rate(row).toFixed(0), `${(rate(row) / oneAtATime).toFixed(1)}x`];
    if (pika) cells.push(`${(rate(row) / rate(pika)).toFixed(1)}x`);
    lines.push(cells);
  }
  const widths = lines[0].map((_, c) => Math.max(...lines.map((l) => l[c].length)));
  for (const line of lines) {
    process.stdout.write(`${line.map((cell, c) =>
      (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ')}\n`);
  }
  const verdict = (ratio: number) => `${ratio.toFixed(1)}x, ${ratio >= 10 ? 'met' : 'NOT met'}`;
  process.stdout.write('target (windowed >= 10x publish-and-wait): ' +
    `vs one at a time in Node ${verdict(rate(rows[0]) / oneAtATime)}` +
    (pika ? `; vs pycti's pika publisher ${verdict(rate(rows[0]) / rate(pika))}` : '') + '\n');
}

function positive(text: string, name: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} needs a positive integer`);
  return value;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
