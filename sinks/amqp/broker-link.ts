import type { ChannelModel, ChannelOptions, ConfirmChannel, Message, Options } from 'amqplib';
import { closeConnection, withTimeout } from './with-timeout.js';

/** What a {@link BrokerLink} reports to its owner. Nothing is reported after
 * `close()`, and `lost` at most once. */
export interface LinkHandlers {
  confirm(tag: number, multiple: boolean, acked: boolean): void;
  drain(): void;
  returned(message: Message): void;
  /** The broker closed the channel with an error (406, 404...). */
  channelError(error: Error): void;
  /** The connection or the channel went away without a channel error. */
  lost(error: Error): void;
  blocked(reason: string): void;
  unblocked(): void;
}

/**
 * One connection and its confirm channel, with delivery tags counted from 1
 * as the broker does. Events of a link that was closed, or of an earlier
 * link, can never reach the publisher, because each link reports only while
 * it is open.
 */
export class BrokerLink {
  private open = true;
  private tag = 0;

  private constructor(
    private readonly connection: ChannelModel,
    private readonly channel: ConfirmChannel,
  ) {}

  /** Connect and open a confirm channel within `timeout` ms (rejects otherwise). */
  static async connect(
    connect: () => Promise<ChannelModel>,
    timeout: number,
    handlers: LinkHandlers,
    channelOptions?: ChannelOptions,
  ): Promise<BrokerLink> {
    const connection = await withTimeout(connect(), timeout, closeConnection);
    let link: BrokerLink | undefined;
    let early: Error | undefined;
    let blockedEarly: string | undefined;
    const lost = (error: Error): void => {
      if (link === undefined) early ??= error;
      else link.lost(handlers, error);
    };
    connection.on('error', () => undefined); // a 'close' follows; handled there
    connection.on('close', (error?: Error) => lost(error ?? new Error('connection closed')));
    connection.on('blocked', (reason: string) => {
      if (link === undefined) blockedEarly = reason;
      else if (link.open) handlers.blocked(reason);
    });
    connection.on('unblocked', () => {
      if (link === undefined) blockedEarly = undefined;
      else if (link.open) handlers.unblocked();
    });
    try {
      const channel = await withTimeout(connection.createConfirmChannel(channelOptions), timeout);
      if (early !== undefined) throw early;
      link = new BrokerLink(connection, channel);
      link.listen(handlers);
      if (blockedEarly !== undefined) handlers.blocked(blockedEarly);
      return link;
    } catch (error) {
      await closeConnection(connection);
      throw error;
    }
  }

  /** Publish on the channel; returns the message's delivery tag and
   * whether the channel wants more now (false: wait for `drain`). Throws
   * when the channel is already closed. */
  publish(
    exchange: string,
    routingKey: string,
    body: Buffer,
    options: Options.Publish,
  ): { tag: number; ok: boolean } {
    const ok = this.channel.publish(exchange, routingKey, body, options);
    this.tag += 1;
    return { tag: this.tag, ok };
  }

  /** Stop reporting and close the connection (never rejects). */
  async close(): Promise<void> {
    this.open = false;
    await closeConnection(this.connection);
  }

  private listen(handlers: LinkHandlers): void {
    const channel = this.channel;
    type Confirm = { deliveryTag: number; multiple: boolean };
    const confirm = (acked: boolean) => (f: Confirm) =>
      this.open && handlers.confirm(f.deliveryTag, f.multiple, acked);
    channel.on('ack', confirm(true));
    channel.on('nack', confirm(false));
    channel.on('drain', () => this.open && handlers.drain());
    channel.on('return', (message: Message) => this.open && handlers.returned(message));
    channel.on('error', (error: Error) => {
      if (!this.open) return;
      this.open = false;
      handlers.channelError(error);
    });
    channel.on('close', () => this.lost(handlers, new Error('channel closed')));
  }

  private lost(handlers: LinkHandlers, error: Error): void {
    if (!this.open) return;
    this.open = false;
    void closeConnection(this.connection);
    handlers.lost(error);
  }
}
