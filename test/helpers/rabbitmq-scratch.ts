import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import amqp, { type Channel, type ChannelModel, type ConsumeMessage } from 'amqplib';
import type { AmqpConnectionConfig } from '../../sinks/amqp/amqp-url.js';

/** The local test broker, as `registerConnector` would describe it. */
export const LOCAL_RABBITMQ: AmqpConnectionConfig = {
  host: '127.0.0.1',
  port: 5672,
  vhost: '/',
  use_ssl: false,
  user: 'guest',
  pass: 'guest',
};

interface Teardown {
  teardown(fn: () => unknown): void;
}

/** Rejects after `ms` if `promise` has not settled (no test step may hang). */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took over ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * A direct exchange and a durable queue bound to it with a routing key, all
 * with unique names, deleted (with the connection) in the test's teardown.
 */
export class ScratchQueue {
  readonly exchange: string;
  readonly queue: string;
  readonly routingKey: string;

  private constructor(
    private readonly model: ChannelModel,
    readonly channel: Channel,
    name: string,
  ) {
    this.exchange = `${name}.exchange`;
    this.queue = `${name}.queue`;
    this.routingKey = `${name}.routing`;
  }

  static async create(
    t: Teardown,
    prefix: string,
    queueArguments: Record<string, unknown> = {},
  ): Promise<ScratchQueue> {
    const model = await amqp.connect('amqp://guest:guest@127.0.0.1:5672/%2F');
    const channel = await model.createChannel();
    const scratch = new ScratchQueue(model, channel, `test.${prefix}.${randomUUID().slice(0, 8)}`);
    t.teardown(() => scratch.delete());
    await channel.assertExchange(scratch.exchange, 'direct', { durable: false, autoDelete: false });
    await channel.assertQueue(scratch.queue, { durable: true, arguments: queueArguments });
    await channel.bindQueue(scratch.queue, scratch.exchange, scratch.routingKey);
    return scratch;
  }

  /** Messages waiting in the queue now. */
  async count(): Promise<number> {
    return (await this.channel.checkQueue(this.queue)).messageCount;
  }

  /** Consume every message now in the queue (bounded in time). */
  async drain(ms = 60_000): Promise<ConsumeMessage[]> {
    const expected = await this.count();
    const received: ConsumeMessage[] = [];
    if (expected === 0) return received;
    let done: () => void = () => undefined;
    const all = new Promise<void>((resolve) => (done = resolve));
    const { consumerTag } = await this.channel.consume(this.queue, (message) => {
      if (message === null) return;
      received.push(message);
      if (received.length === expected) done();
    }, { noAck: true });
    try {
      await within(all, ms, `draining ${expected} messages`);
    } finally {
      await this.channel.cancel(consumerTag);
    }
    return received;
  }

  private async delete(): Promise<void> {
    try {
      await within((async () => {
        await this.channel.deleteQueue(this.queue);
        await this.channel.deleteExchange(this.exchange);
        await this.model.close();
      })(), 10_000, 'deleting the scratch queue');
    } catch {
      // the broker is gone or the channel closed: nothing left to delete
    }
  }
}

/** Run `rabbitmqctl` with `args` (bounded in time); resolves its stdout. */
export function rabbitmqctl(...args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('rabbitmqctl', args, { timeout: 60_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`rabbitmqctl ${args.join(' ')}: ${stderr || error.message}`));
      else resolve(stdout);
    });
  });
}

/** `rabbitmqctl eval 'application:get_env(rabbit, KEY).'`, as text (`{ok,…}`). */
export async function rabbitEnv(key: string): Promise<string> {
  return (await rabbitmqctl('eval', `application:get_env(rabbit, ${key}).`)).trim();
}

/**
 * Raise RabbitMQ's memory alarm (`set_vm_memory_high_watermark 0.0000001`),
 * which blocks every publishing connection on the broker. Returns a function
 * that restores the previous watermark (read first, relative or absolute);
 * it is also registered as a teardown, so the broker is restored even when
 * the test fails. Calling it twice restores once.
 */
export async function raiseMemoryAlarm(t: Teardown): Promise<() => Promise<void>> {
  const previous = await rabbitEnv('vm_memory_high_watermark');
  const relative = /^\{ok,([0-9.e-]+)\}$/.exec(previous);
  const absolute = /^\{ok,\{absolute,"?([0-9]+[a-zA-Z]*)"?\}\}$/.exec(previous);
  if (!relative && !absolute) throw new Error(`unexpected watermark ${previous}`);
  let restored: Promise<void> | undefined;
  const restore = (): Promise<void> => {
    restored ??= (async () => {
      if (relative) await rabbitmqctl('set_vm_memory_high_watermark', relative[1]);
      else if (absolute) await rabbitmqctl('set_vm_memory_high_watermark', 'absolute', absolute[1]);
    })();
    return restored;
  };
  t.teardown(restore);
  await rabbitmqctl('set_vm_memory_high_watermark', '0.0000001');
  return restore;
}
