import type { GraphqlClient } from '../../sinks/opencti/graphql-client.js';
import { pingConnector, type ConnectorInfo } from '../../sinks/opencti/connector-operations.js';
import type { Logger } from '../logger.js';
import {
  isEmptyState,
  parseState,
  serializeState,
  type ConnectorState,
} from './connector-state.js';

export interface HeartbeatOptions {
  readonly client: GraphqlClient;
  readonly connectorId: string;
  readonly logger: Logger;
  /** Milliseconds between pings (OpenCTI connectors ping every 40 s). */
  readonly intervalMs: number;
  /** What to report with each ping. */
  readonly info: () => ConnectorInfo;
  /** Called when the platform answers with an empty state although ours is
   * not: an administrator reset it. */
  readonly onReset: () => void;
}

/**
 * Pings the platform with the connector's state every `intervalMs` and
 * notices a reset state. The state lives here: `state` is what the last
 * successful run stored (or what the platform gave at registration).
 */
export class Heartbeat {
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;

  constructor(
    private readonly options: HeartbeatOptions,
    public state: ConnectorState,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.ping(), this.options.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Stores a new state on the platform now (after a successful run). A
   * ping already in flight carries the old state, so this one follows it. */
  async store(state: ConnectorState): Promise<void> {
    this.state = state;
    await this.inFlight;
    await this.ping();
  }

  /** One ping; never throws (a failed ping is logged and retried next time). */
  ping(): Promise<void> {
    this.inFlight ??= this.pingOnce().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  private async pingOnce(): Promise<void> {
    const { client, connectorId, logger } = this.options;
    const sentState = this.state;
    const sent = serializeState(sentState);
    const answer = await pingConnector(client, connectorId, sent, this.options.info());
    if (answer.isErr()) {
      logger.warn({ operation: 'pingConnector' }, `ping failed: ${answer.error.message}`);
      return;
    }
    // A reset is an empty answer to the state we sent; a state stored while
    // this ping was in flight is not judged by this answer.
    const platformState = parseState(answer.value);
    if (isEmptyState(platformState) && !isEmptyState(sentState) && this.state === sentState) {
      logger.info('the platform reset the connector state: the next run pushes everything now');
      this.state = {};
      this.options.onReset();
    }
  }
}
