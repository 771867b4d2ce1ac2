import amqp, { type Channel, type ChannelModel, type ConsumeMessage } from 'amqplib';
import type { EmulatedConnector } from './opencti-emulator-state.js';

/** Where the emulator's RabbitMQ is, and what it tells connectors. */
export interface BrokerAddress {
  readonly host: string;
  readonly port: number;
  readonly vhost: string;
  readonly user: string;
  readonly pass: string;
}

export const LOCAL_BROKER: BrokerAddress = {
  host: '127.0.0.1',
  port: 5672,
  vhost: '/',
  user: 'guest',
  pass: 'guest',
};

/** The platform's queue names for a connector, under `prefix` (the
 * platform's `RABBIT_QUEUE_PREFIX`, unique per emulator here). */
export function queueNames(prefix: string, connectorId: string) {
  return {
    connectorExchange: `${prefix}amqp.connector.exchange`,
    workerExchange: `${prefix}amqp.worker.exchange`,
    listen: `${prefix}listen_${connectorId}`,
    listenRouting: `${prefix}listen_routing_${connectorId}`,
    push: `${prefix}push_${connectorId}`,
    pushRouting: `${prefix}push_routing_${connectorId}`,
    deadLetterRouting: `${prefix}listen_routing_too-large-bundle`,
  };
}

/** The `config` that `registerConnector` returns for a connector. */
export function connectorConfig(address: BrokerAddress, prefix: string, connectorId: string) {
  const names = queueNames(prefix, connectorId);
  return {
    connection: { ...address, use_ssl: false },
    listen: names.listen,
    listen_routing: names.listenRouting,
    listen_exchange: names.connectorExchange,
    push: names.push,
    push_routing: names.pushRouting,
    push_exchange: names.workerExchange,
    dead_letter_routing: names.deadLetterRouting,
  };
}

type Handler = (connector: EmulatedConnector, message: ConsumeMessage) => boolean;

const STEP_TIMEOUT_MS = 5_000;

/** Rejects after `ms` if `promise` has not settled (no step may hang). */
export function bounded<T>(promise: Promise<T>, what: string, ms = STEP_TIMEOUT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took over ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * The emulator's side of RabbitMQ: declares a connector's exchanges and
 * queues as `registerConnectorQueues` does (same names and options, under
 * a prefix) and consumes its push queue like an OpenCTI worker, acking each
 * message the handler accepts and dropping (nack, no requeue) the others.
 * `close()` deletes everything it declared.
 *
 * Known limitation: the queues are durable like the platform's, so a test
 * process killed before `close()` leaves its `ocd-emu-*` queues and
 * exchanges in the broker (harmless, but they pile up; delete them with
 * `rabbitmqctl delete_queue`).
 */
export class EmulatorBroker {
  private model: ChannelModel | undefined;
  private opening: Promise<Channel> | undefined;
  private readonly declared = new Set<string>();
  private readonly consumers = new Map<string, Promise<string>>();
  readonly errors: Error[] = [];

  constructor(
    readonly address: BrokerAddress,
    readonly prefix: string,
    private readonly handle: Handler,
  ) {}

  /** Asserts the exchanges, both queues and their bindings; consumes the
   * push queue (once per connector). */
  async declare(connector: EmulatedConnector): Promise<void> {
    const channel = await this.open();
    const names = queueNames(this.prefix, connector.id);
    const args = {
      name: connector.name,
      config: { id: connector.id, type: connector.type, scope: connector.scope },
      'x-queue-type': 'classic',
    };
    const queue = { exclusive: false, durable: true, autoDelete: false, arguments: args };
    await bounded(
      (async () => {
        await channel.assertExchange(names.connectorExchange, 'direct', { durable: true });
        await channel.assertExchange(names.workerExchange, 'direct', { durable: true });
        await channel.assertQueue(names.listen, queue);
        await channel.bindQueue(names.listen, names.connectorExchange, names.listenRouting);
        await channel.assertQueue(names.push, queue);
        await channel.bindQueue(names.push, names.workerExchange, names.pushRouting);
      })(),
      'declaring the connector queues',
    );
    this.declared.add(connector.id);
    let consuming = this.consumers.get(connector.id);
    if (!consuming) {
      const started = channel.consume(names.push, (message) => {
        if (!message) return;
        if (this.handle(connector, message)) channel.ack(message);
        else channel.nack(message, false, false);
      });
      consuming = bounded(started, 'consuming the push queue').then((reply) => reply.consumerTag);
      this.consumers.set(connector.id, consuming);
    }
    await consuming;
  }

  /** Deletes the queues and exchanges declared, then disconnects. Each
   * step is bounded in time; failures are collected in `errors`. */
  async close(): Promise<void> {
    const opening = this.opening;
    this.opening = undefined;
    const channel = await opening?.catch(() => undefined);
    const model = this.model;
    this.model = undefined;
    if (!channel || !model) return;
    const attempt = async (what: string, step: () => Promise<unknown>) => {
      try {
        await bounded(step(), what);
      } catch (error) {
        this.errors.push(error instanceof Error ? error : new Error(String(error)));
      }
    };
    for (const consuming of this.consumers.values()) {
      await attempt('cancel', async () => channel.cancel(await consuming));
    }
    for (const id of this.declared) {
      const names = queueNames(this.prefix, id);
      await attempt('delete push', () => channel.deleteQueue(names.push));
      await attempt('delete listen', () => channel.deleteQueue(names.listen));
    }
    if (this.declared.size > 0) {
      const names = queueNames(this.prefix, '');
      await attempt('delete exchange', () => channel.deleteExchange(names.workerExchange));
      await attempt('delete exchange', () => channel.deleteExchange(names.connectorExchange));
    }
    await attempt('close channel', () => channel.close());
    await attempt('close connection', () => model.close());
  }

  private open(): Promise<Channel> {
    this.opening ??= this.connect().catch((error: unknown) => {
      this.opening = undefined;
      throw error;
    });
    return this.opening;
  }

  private async connect(): Promise<Channel> {
    const { host, port, vhost, user, pass } = this.address;
    const model = await bounded(
      amqp.connect({ hostname: host, port, vhost, username: user, password: pass }),
      'connecting to RabbitMQ',
    );
    model.on('error', (error: Error) => this.errors.push(error));
    const channel = await bounded(model.createChannel(), 'opening a channel');
    channel.on('error', (error: Error) => this.errors.push(error));
    await channel.prefetch(100);
    this.model = model;
    return channel;
  }
}
