import * as t from 'io-ts';
import type { ResultAsync } from 'neverthrow';
import type { GraphqlClient } from './graphql-client.js';
import type { OpenCtiError } from './opencti-error.js';

/** The documents sent, validated against the 6.8 and 6.9 schemas in tests. */
export const CONNECTOR_DOCUMENTS = {
  about: `query about {
  about { version }
}`,
  registerConnector: `mutation registerConnector($input: RegisterConnectorInput) {
  registerConnector(input: $input) {
    id
    connector_state
    connector_user_id
    config {
      connection { host vhost use_ssl port user pass }
      listen
      listen_routing
      listen_exchange
      push
      push_routing
      push_exchange
    }
  }
}`,
  pingConnector: `mutation pingConnector(
  $id: ID!
  $state: String
  $connectorInfo: ConnectorInfoInput
) {
  pingConnector(id: $id, state: $state, connectorInfo: $connectorInfo) {
    id
    connector_state
  }
}`,
} as const;

export type ConnectorType =
  | 'EXTERNAL_IMPORT'
  | 'INTERNAL_IMPORT_FILE'
  | 'INTERNAL_ENRICHMENT'
  | 'INTERNAL_ANALYSIS'
  | 'INTERNAL_EXPORT_FILE'
  | 'STREAM';

/** What the connector says about itself (`CONNECTOR_ID`, `CONNECTOR_NAME`...). */
export interface ConnectorRegistration {
  readonly id: string;
  readonly name: string;
  readonly type: ConnectorType;
  readonly scope: readonly string[];
  readonly auto?: boolean;
}

const Connection = t.type({
  host: t.string,
  vhost: t.string,
  use_ssl: t.boolean,
  port: t.number,
  user: t.string,
  pass: t.string,
});

const Registered = t.type({
  registerConnector: t.type({
    id: t.string,
    connector_state: t.union([t.string, t.null]),
    connector_user_id: t.union([t.string, t.null]),
    config: t.type({
      connection: Connection,
      listen: t.string,
      listen_routing: t.string,
      listen_exchange: t.string,
      push: t.string,
      push_routing: t.string,
      push_exchange: t.string,
    }),
  }),
});

/** The platform's answer: the persisted state (`null` or `''` when none or
 * reset), the user id that pushed messages carry as `applicant_id`, and
 * where to publish. Exchange and routing names always come from here. */
export type RegisteredConnector = t.TypeOf<typeof Registered>['registerConnector'];

/** `query about { about { version } }`: the health check. */
export function about(client: GraphqlClient): ResultAsync<string, OpenCtiError> {
  const decoder = t.type({ about: t.type({ version: t.string }) });
  return client
    .request('about', CONNECTOR_DOCUMENTS.about, {}, decoder)
    .map((data) => data.about.version);
}

/** Registers (or re-registers) the connector; the platform declares its
 * queues in RabbitMQ and answers with the stored state and the queue config. */
export function registerConnector(
  client: GraphqlClient,
  registration: ConnectorRegistration,
): ResultAsync<RegisteredConnector, OpenCtiError> {
  const input = {
    id: registration.id,
    name: registration.name,
    type: registration.type,
    scope: [...registration.scope],
    auto: registration.auto ?? false,
  };
  return client
    .request('registerConnector', CONNECTOR_DOCUMENTS.registerConnector, { input }, Registered)
    .map((data) => data.registerConnector);
}

/** What the connector reports with each ping (`ConnectorInfoInput`). */
export interface ConnectorInfo {
  readonly runAndTerminate: boolean;
  readonly buffering: boolean;
  readonly queueThreshold: number;
  readonly queueMessagesSize: number;
  readonly nextRunDatetime?: string;
  readonly lastRunDatetime?: string;
}

const Pinged = t.type({
  pingConnector: t.type({ id: t.string, connector_state: t.union([t.string, t.null]) }),
});

/**
 * Sends the connector's state (JSON text) and returns the platform's. An
 * empty or `null` state coming back while ours is not empty means that an
 * administrator reset it: the platform then keeps its empty state and
 * ignores the one sent.
 */
export function pingConnector(
  client: GraphqlClient,
  id: string,
  state: string | null,
  info?: ConnectorInfo,
): ResultAsync<string | null, OpenCtiError> {
  const connectorInfo = info && {
    run_and_terminate: info.runAndTerminate,
    buffering: info.buffering,
    queue_threshold: info.queueThreshold,
    queue_messages_size: info.queueMessagesSize,
    next_run_datetime: info.nextRunDatetime ?? null,
    last_run_datetime: info.lastRunDatetime ?? null,
  };
  const variables = connectorInfo ? { id, state, connectorInfo } : { id, state };
  return client
    .request('pingConnector', CONNECTOR_DOCUMENTS.pingConnector, variables, Pinged)
    .map((data) => data.pingConnector.connector_state);
}
