/** The RabbitMQ connection OpenCTI hands a connector in `registerConnector`
 * (`config.connection`), after any `MQ_*` overrides. */
export interface AmqpConnectionConfig {
  readonly host: string;
  readonly port: number;
  readonly vhost: string;
  readonly use_ssl: boolean;
  readonly user: string;
  readonly pass: string;
}

/** Options carried in the URL's query. */
export interface AmqpUrlOptions {
  /** Heartbeat period in seconds (default 10, as pycti uses). */
  readonly heartbeat?: number;
}

/**
 * The amqplib URL for a connection config: `amqps` when `use_ssl`, user,
 * password and vhost URL-encoded (the default vhost `/` becomes `%2F`), an
 * IPv6 host in brackets.
 *
 * @example
 * amqpUrl({ host: '127.0.0.1', port: 5672, vhost: '/', use_ssl: false,
 *   user: 'guest', pass: 'guest' }); // amqp://guest:guest@127.0.0.1:5672/%2F?heartbeat=10
 */
export function amqpUrl(config: AmqpConnectionConfig, options: AmqpUrlOptions = {}): string {
  const heartbeat = options.heartbeat ?? 10;
  const auth = `${encodeURIComponent(config.user)}:${encodeURIComponent(config.pass)}`;
  return `${base(config, auth)}?heartbeat=${heartbeat}`;
}

/** The same URL without the password and query, for messages and logs. */
export function describeAmqp(config: AmqpConnectionConfig): string {
  return base(config, encodeURIComponent(config.user));
}

function base(config: AmqpConnectionConfig, auth: string): string {
  const scheme = config.use_ssl ? 'amqps' : 'amqp';
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return `${scheme}://${auth}@${host}:${config.port}/${encodeURIComponent(config.vhost)}`;
}
