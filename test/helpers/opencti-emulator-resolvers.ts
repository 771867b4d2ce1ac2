import { GraphQLError } from 'graphql';
import { checkBundle } from './opencti-emulator-message.js';
import type { EmulatedConnector, EmulatorState } from './opencti-emulator-state.js';

/** The queue configuration the platform returns (`ConnectorConfig`). */
export type ConnectorConfig = Record<string, unknown>;

/** What the resolvers need from the emulator around them. */
export interface ResolverContext {
  readonly state: EmulatorState;
  readonly version: string;
  /** Declares the connector's exchanges and queues; returns its config. */
  readonly declare: (connector: EmulatedConnector) => Promise<ConnectorConfig>;
  readonly config: (connector: EmulatedConnector) => ConnectorConfig;
}

/** An error shaped like OpenCTI's (`extensions.code` and `data`). */
export function platformError(code: string, message: string, httpStatus: number): GraphQLError {
  const data = { http_status: httpStatus, genre: 'TECHNICAL' };
  return new GraphQLError(message, { extensions: { code, data } });
}

const functional = (message: string) => platformError('FUNCTIONAL_ERROR', message, 400);
const unsupported = (message: string) => platformError('UNSUPPORTED_ERROR', message, 500);

type Args = Record<string, unknown>;

/**
 * The root value for graphql-js `execute`: the operations a connector
 * uses, on the emulator's state. Fields not implemented resolve to `null`.
 */
export function rootValue(context: ResolverContext): Record<string, unknown> {
  const { state } = context;
  const connectorView = (connector: EmulatedConnector) => ({
    id: connector.id,
    standard_id: `connector--${connector.id}`,
    entity_type: 'Connector',
    parent_types: ['Basic-Object', 'Internal-Object'],
    name: connector.name,
    title: connector.name,
    active: true,
    auto: false,
    connector_type: connector.type,
    connector_scope: connector.scope,
    connector_state: connector.state,
    connector_state_reset: connector.stateReset,
    connector_user_id: connector.userId,
    connector_user: { id: connector.userId },
    connector_info: connector.info,
    config: context.config(connector),
  });

  const workEdit = ({ id }: Args) => {
    const work = state.works.get(String(id));
    if (!work) throw functional(`Work ${String(id)} not found`);
    return {
      addExpectations: ({ expectations }: Args) => {
        state.addExpectations(work, Number(expectations ?? 0));
        return work.id;
      },
      reportExpectation: ({ error }: Args) => {
        const report = error as { error?: string; source?: string } | null | undefined;
        const detail = report ? { message: report.error ?? '', source: report.source } : undefined;
        state.reportProcessed(work, detail);
        return work.id;
      },
      toProcessed: ({ message, inError }: Args) => {
        state.toProcessed(work, (message as string | null) ?? null, inError === true);
        return work.id;
      },
      toReceived: () => work.id,
      ping: () => work.id,
    };
  };

  return {
    about: () => ({ version: context.version }),
    registerConnector: async ({ input }: Args) => {
      const fields = input as { id: string; name: string; type: string; scope?: string[] };
      const connector = state.register(fields);
      await context.declare(connector);
      return connectorView(connector);
    },
    pingConnector: async ({ id, state: sent, connectorInfo }: Args) => {
      const known = state.connectors.get(String(id));
      if (!known) throw functional('No connector found with the specified ID');
      await context.declare(known);
      const connector = state.ping(known.id, (sent as string | null) ?? null, connectorInfo);
      return connector && connectorView(connector);
    },
    workAdd: ({ connectorId, friendlyName }: Args) => {
      const connector = state.connectors.get(String(connectorId));
      if (!connector) throw functional(`Connector ${String(connectorId)} not found`);
      const work = state.addWork(connector.id, String(friendlyName ?? connector.name));
      return { id: work.id, name: work.name, timestamp: work.timestamp, status: work.status };
    },
    workEdit,
    stixBundlePush: ({ connectorId, bundle, work_id: workId }: Args) => {
      const problems: string[] = [];
      const objects = checkBundle(String(bundle), problems);
      if (!objects) throw unsupported(`Invalid bundle: ${problems.join('; ')}`);
      const connector = state.connectors.get(String(connectorId));
      if (!connector) throw unsupported('Invalid bundle: Invalid connector');
      let work = workId ? state.works.get(String(workId)) : undefined;
      // Stricter than the platform, which queues the bundle anyway and lets
      // the worker's expectation reports fail: a test should see the mistake.
      if (workId && !work) throw unsupported(`Invalid bundle: unknown work ${String(workId)}`);
      if (!work) {
        work = state.addWork(connector.id, `${connector.name} run @ ${new Date().toISOString()}`);
        if (objects.length === 1) state.addExpectations(work, 1);
      }
      // Ingested at once, as if a worker were instantly available; the real
      // platform only queues the bundle here and imports it later.
      state.importBundle(objects, work);
      return true;
    },
  };
}
