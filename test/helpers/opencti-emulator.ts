import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ConsumeMessage } from 'amqplib';
import { execute, type DocumentNode } from 'graphql';
import { answerInjected, nulls, reply } from './opencti-emulator-answers.js';
import {
  EmulatorBroker,
  LOCAL_BROKER,
  connectorConfig,
  queueNames,
  type BrokerAddress,
} from './opencti-emulator-broker.js';
import { FaultPlan, type InjectedFailure } from './opencti-emulator-faults.js';
import { decodeWorkerMessage } from './opencti-emulator-message.js';
import { checkRequest, type CheckedRequest } from './opencti-emulator-request.js';
import { platformError, rootValue, type ConnectorConfig } from './opencti-emulator-resolvers.js';
import { EmulatorState, type EmulatedConnector } from './opencti-emulator-state.js';
import { openCtiSchema, type OpenCtiVersion } from './opencti-schema.js';

export interface OpenCtiEmulatorOptions {
  /** The schema served and checked against. Default 6.8.10. */
  readonly version?: OpenCtiVersion;
  /** The accepted API token. Default: a random UUID. */
  readonly token?: string;
  /** RabbitMQ used for connectors' queues; `false` to declare nothing.
   * Connected on the first `registerConnector` only. */
  readonly broker?: BrokerAddress | false;
}

/** An operation the real platform would have refused before running it. */
export interface InvalidOperation {
  readonly operation: string | undefined;
  readonly code: string;
  readonly messages: readonly string[];
}

export type { InjectedFailure };

/** A push-queue message the real worker would not accept as pycti's. */
export interface MalformedMessage {
  readonly connectorId: string;
  readonly problems: readonly string[];
}

/** One HTTP call received, with how it was answered. */
export interface CallRecord {
  readonly operation: string | undefined;
  readonly outcome: 'ok' | 'errors' | 'invalid' | 'unauthenticated' | InjectedFailure;
}

/**
 * An emulator of OpenCTI 6.x's API for tests: `POST /graphql` on 127.0.0.1,
 * validating every operation and its variables against the real schema,
 * with in-memory connectors, works and objects, the connector queues
 * declared in the real RabbitMQ and consumed like a worker, and failure
 * injection. Test with `t.same(emulator.invalidOperations, [])` and
 * `t.same(emulator.malformedMessages, [])`; always `close()` it.
 *
 * @example
 * const emulator = await OpenCtiEmulator.start();
 * t.teardown(() => emulator.close());
 * const client = graphqlClient({ url: emulator.url, token: emulator.token });
 */
export class OpenCtiEmulator {
  readonly state = new EmulatorState();
  readonly invalidOperations: InvalidOperation[] = [];
  readonly malformedMessages: MalformedMessage[] = [];
  readonly calls: CallRecord[] = [];
  /** Sizes of the bundles received through `stixBundlePush`, in order. */
  readonly pushedBundles: { readonly objects: number; readonly bytes: number }[] = [];
  readonly version: OpenCtiVersion;
  readonly token: string;
  /** The platform's queue prefix, unique to this emulator. */
  readonly prefix = `ocd-emu-${randomBytes(4).toString('hex')}-`;
  private readonly faults = new FaultPlan();
  private readonly broker: EmulatorBroker | undefined;
  private readonly schema;
  private readonly root;
  private server: Server | undefined;
  url = '';

  private constructor(options: OpenCtiEmulatorOptions) {
    this.version = options.version ?? '6.8.10';
    this.token = options.token ?? randomUUID();
    this.schema = openCtiSchema(this.version);
    const address = options.broker === false ? undefined : (options.broker ?? LOCAL_BROKER);
    this.broker = address && new EmulatorBroker(address, this.prefix, this.consume);
    this.root = rootValue({
      state: this.state,
      version: this.version,
      declare: (connector) => this.declare(connector),
      config: (connector) => this.config(connector),
    });
  }

  /** Starts an emulator listening on 127.0.0.1 on a free port. */
  static async start(options: OpenCtiEmulatorOptions = {}): Promise<OpenCtiEmulator> {
    const emulator = new OpenCtiEmulator(options);
    const server = createServer((request, response) => void emulator.serve(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    emulator.server = server;
    emulator.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return emulator;
  }

  /** The next `count` calls of `operation` (an operation name such as
   * `toProcessed`, or a root field such as `workEdit`) fail with `kind`. */
  failNext(operation: string, kind: InjectedFailure, count = 1): void {
    this.faults.failNext(operation, kind, count);
  }

  /** Delays every answer to `operation` by `ms` (0 removes the delay). */
  slow(operation: string, ms: number): void {
    this.faults.slow(operation, ms);
  }

  /** An administrator's "reset the connector state": the next ping gets `''`. */
  resetState(connectorId: string): void {
    this.state.resetState(connectorId);
  }

  /** How many times the object `id` was imported. */
  arrivals(id: string): number {
    return this.state.arrivals.get(id) ?? 0;
  }

  /** The push queue names of a connector (for publishing directly). */
  queues(connectorId: string): ReturnType<typeof queueNames> {
    return queueNames(this.prefix, connectorId);
  }

  /** Resolves once `predicate()` holds, checked after each state change;
   * rejects after `timeoutMs` naming `what`. */
  waitFor(predicate: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
    return this.state.waitFor(predicate, what, timeoutMs);
  }

  /** Stops the server (dropping open connections), deletes the queues and
   * exchanges it declared and disconnects from RabbitMQ. */
  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    await this.broker?.close();
  }

  private async serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    try {
      await this.answer(request, response);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.invalidOperations.push({ operation: undefined, code: 'EMULATOR', messages: [message] });
      if (!response.headersSent) reply(response, 500, { errors: [{ message }] });
    }
  }

  private async answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const checked = await checkRequest(request, this.schema);
    if (checked.kind === 'invalid') {
      this.invalidOperations.push(checked.invalid);
      this.calls.push({ operation: checked.invalid.operation, outcome: 'invalid' });
      return reply(response, checked.status, { errors: checked.errors });
    }
    const names = [checked.operation, ...checked.rootFields];
    await this.faults.delay(names);
    const failure = this.faults.take(names);
    if (failure) {
      this.calls.push({ operation: checked.operation, outcome: failure });
      return answerInjected(failure, checked.rootFields, request, response);
    }
    if (request.headers.authorization !== `Bearer ${this.token}`) {
      this.calls.push({ operation: checked.operation, outcome: 'unauthenticated' });
      const error = platformError('AUTH_REQUIRED', 'You must be logged in to do this.', 401);
      return reply(response, 200, { errors: [error.toJSON()], data: nulls(checked.rootFields) });
    }
    await this.run(checked, response);
  }

  private async run(checked: CheckedRequest, response: ServerResponse): Promise<void> {
    if (checked.rootFields.includes('stixBundlePush')) this.recordBundle(checked);
    const result = await execute({
      schema: this.schema,
      document: checked.document as DocumentNode,
      rootValue: this.root,
      variableValues: checked.variables,
      operationName: checked.operation,
    });
    const errors = result.errors?.map((error) => error.toJSON());
    this.calls.push({ operation: checked.operation, outcome: errors ? 'errors' : 'ok' });
    reply(response, 200, errors ? { errors, data: result.data ?? null } : { data: result.data });
  }

  private recordBundle(checked: CheckedRequest): void {
    const bundle = checked.variables.bundle;
    if (typeof bundle !== 'string') return;
    let objects = 0;
    try {
      const parsed = JSON.parse(bundle) as { objects?: unknown };
      objects = Array.isArray(parsed.objects) ? parsed.objects.length : 0;
    } catch {
      // an invalid bundle: the resolver answers with the platform's error
    }
    this.pushedBundles.push({ objects, bytes: Buffer.byteLength(bundle, 'utf8') });
  }

  private async declare(connector: EmulatedConnector): Promise<ConnectorConfig> {
    if (this.broker) {
      try {
        await this.broker.declare(connector);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw platformError('DATABASE_ERROR', `RabbitMQ seems down: ${reason}`, 500);
      }
    }
    return this.config(connector);
  }

  private config(connector: EmulatedConnector): ConnectorConfig {
    return connectorConfig(this.broker?.address ?? LOCAL_BROKER, this.prefix, connector.id);
  }

  private readonly consume = (connector: EmulatedConnector, message: ConsumeMessage): boolean => {
    const persistent = message.properties.deliveryMode === 2;
    const decoded = decodeWorkerMessage(message.content, persistent, connector, this.state);
    if (Array.isArray(decoded)) {
      this.malformedMessages.push({ connectorId: connector.id, problems: decoded });
      return false;
    }
    this.state.importBundle(decoded.objects, decoded.work);
    return true;
  };
}
