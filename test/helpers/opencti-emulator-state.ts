import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';

/** A registered connector, as the platform keeps it. */
export interface EmulatedConnector {
  readonly id: string;
  name: string;
  type: string;
  scope: string[];
  /** The stored state: `null` before the first ping, `''` after a reset. */
  state: string | null;
  /** Set by `resetState`; the next ping consumes it and keeps `''`. */
  stateReset: boolean;
  /** The connector's user, which pushed messages carry as `applicant_id`. */
  readonly userId: string;
  registrations: number;
  pings: number;
  info: unknown;
}

/** A work (one run of a connector), with its expectation figures. */
export interface EmulatedWork {
  readonly id: string;
  readonly connectorId: string;
  readonly name: string;
  readonly timestamp: string;
  status: 'wait' | 'progress' | 'complete';
  expected: number;
  processed: number;
  errors: { message: string; source?: string }[];
  messages: string[];
  /** Calls of `toProcessed`, with their message and `inError`. */
  processedReports: { message: string | null; inError: boolean }[];
}

/**
 * The emulator's in-memory platform: connectors, works and stored objects,
 * with the state and work rules of OpenCTI 6.x (see the platform's
 * connector and work domains). Emits `change` after every update.
 */
export class EmulatorState extends EventEmitter {
  readonly connectors = new Map<string, EmulatedConnector>();
  readonly works = new Map<string, EmulatedWork>();
  /** The last version stored per STIX id. */
  readonly objects = new Map<string, unknown>();
  /** How many times each id was imported (upserts count every arrival). */
  readonly arrivals = new Map<string, number>();

  register(input: { id: string; name: string; type: string; scope?: string[] | null }) {
    const known = this.connectors.get(input.id);
    const connector: EmulatedConnector = known ?? {
      id: input.id,
      name: input.name,
      type: input.type,
      scope: [],
      state: null,
      stateReset: false,
      userId: randomUUID(),
      registrations: 0,
      pings: 0,
      info: null,
    };
    connector.name = input.name;
    connector.type = input.type;
    connector.scope = [...(input.scope ?? [])];
    connector.registrations += 1;
    this.connectors.set(connector.id, connector);
    this.changed();
    return connector;
  }

  /** Like the platform: a pending reset is consumed and the sent state is
   * ignored; otherwise the sent state is stored. */
  ping(id: string, state: string | null, info: unknown): EmulatedConnector | undefined {
    const connector = this.connectors.get(id);
    if (!connector) return undefined;
    connector.pings += 1;
    if (connector.stateReset) connector.stateReset = false;
    else connector.state = state;
    if (info !== undefined && info !== null) connector.info = info;
    this.changed();
    return connector;
  }

  resetState(id: string): void {
    const connector = this.connectors.get(id);
    if (!connector) throw new Error(`no connector ${id} to reset`);
    connector.state = '';
    connector.stateReset = true;
    this.changed();
  }

  addWork(connectorId: string, name: string, status: EmulatedWork['status'] = 'wait') {
    const timestamp = new Date().toISOString();
    const id = `work_${connectorId}_${timestamp}_${this.works.size}`;
    const work: EmulatedWork = {
      id, connectorId, name, timestamp, status,
      expected: 0, processed: 0, errors: [], messages: [], processedReports: [],
    };
    this.works.set(id, work);
    this.changed();
    return work;
  }

  addExpectations(work: EmulatedWork, count: number): void {
    work.expected += count;
    if (work.status === 'wait') work.status = 'progress';
    this.changed();
  }

  /** One expected item done (the worker's `reportExpectation`). */
  reportProcessed(work: EmulatedWork, error?: { message: string; source?: string }): void {
    work.processed += 1;
    if (error && work.errors.length < 100) work.errors.push(error);
    if (work.expected > 0 && work.processed >= work.expected) work.status = 'complete';
    this.changed();
  }

  toProcessed(work: EmulatedWork, message: string | null, inError: boolean): void {
    work.processedReports.push({ message, inError });
    if (message) (inError ? work.errors.push({ message }) : work.messages.push(message));
    if (work.expected === 0 || work.processed >= work.expected) work.status = 'complete';
    this.changed();
  }

  /**
   * Imports a bundle as the OpenCTI worker does: a bundle of one object is
   * imported as is; a bundle of several is split by id first (the last copy
   * of an id wins), adding one expectation per distinct id to the work.
   * Every imported object is reported processed on the work.
   */
  importBundle(objects: readonly { id: string }[], work: EmulatedWork | undefined): void {
    let items = objects;
    if (objects.length > 1) {
      items = [...new Map(objects.map((object) => [object.id, object])).values()];
      if (work) this.addExpectations(work, items.length);
    }
    for (const object of items) {
      this.store(object);
      if (work) this.reportProcessed(work);
    }
  }

  /** Imports one object: stores it and counts the arrival. */
  store(object: { id: string }): void {
    this.objects.set(object.id, object);
    this.arrivals.set(object.id, (this.arrivals.get(object.id) ?? 0) + 1);
    this.changed();
  }

  /** Resolves once `predicate()` holds, checked after each change;
   * rejects after `timeoutMs` naming `what`. */
  waitFor(predicate: () => boolean, what: string, timeoutMs: number): Promise<void> {
    if (predicate()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!predicate()) return;
        cleanup();
        resolve();
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`emulator: ${what} not reached within ${timeoutMs} ms`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.off('change', check);
      };
      this.on('change', check);
    });
  }

  private changed(): void {
    this.emit('change');
  }
}
