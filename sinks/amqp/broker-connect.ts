import type { ConnectionOptions } from 'node:tls';
import { connect, type ChannelModel } from 'amqplib';
import { amqpUrl, type AmqpConnectionConfig } from './amqp-url.js';

/** How to reach the broker. */
export interface BrokerConnectOptions {
  readonly connection: AmqpConnectionConfig;
  /** Heartbeat period in seconds (default 10). */
  readonly heartbeat?: number;
  /** Shown in the RabbitMQ management UI (default `opencti-datasets`). */
  readonly connectionName?: string;
  /** Socket connect timeout in ms (default 10 s). */
  readonly connectTimeout?: number;
  /** TLS options (CA, client certificate...) when `use_ssl` is set. */
  readonly tls?: ConnectionOptions;
  /** Replaces the whole connect step (tests, a custom transport). */
  readonly connect?: () => Promise<ChannelModel>;
}

/**
 * A function that opens one amqplib connection from the options, for
 * {@link ConfirmingPublisher}: URL from the connection config, heartbeat,
 * connection name, connect timeout and TLS options.
 *
 * @example
 * const open = brokerConnect({ connection: config.connection });
 * const model = await open();
 */
export function brokerConnect(options: BrokerConnectOptions): () => Promise<ChannelModel> {
  if (options.connect !== undefined) return options.connect;
  const url = amqpUrl(options.connection, { heartbeat: options.heartbeat });
  const socketOptions = {
    ...options.tls,
    timeout: options.connectTimeout ?? 10_000,
    noDelay: true, // confirms are small and latency-bound: no Nagle delay
    clientProperties: { connection_name: options.connectionName ?? 'opencti-datasets' },
  };
  return () => connect(url, socketOptions);
}
