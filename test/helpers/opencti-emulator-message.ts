import { isUtf8 } from 'node:buffer';
import type { EmulatedConnector, EmulatedWork, EmulatorState } from './opencti-emulator-state.js';

/** A STIX object as the emulated worker needs it. */
export interface StixObjectLike {
  readonly id: string;
  readonly type: string;
  readonly [key: string]: unknown;
}

/** A push-queue message that passed every check. */
export interface WorkerMessage {
  readonly objects: readonly StixObjectLike[];
  readonly work: EmulatedWork | undefined;
  readonly sequence: number;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Checks one message published to a connector's push queue the way pycti
 * builds it (`OpenCTIConnectorHelper._send_bundle`): a persistent message
 * whose JSON body has `bundle_type`, `applicant_id` (the connector's user),
 * `action_sequence`, `entities_types`, `content` (base64 of a STIX bundle's
 * JSON), `update`, `draft_id` and, optionally, `work_id` (a work of this
 * connector). Returns the decoded bundle, or every problem found.
 */
export function decodeWorkerMessage(
  body: Buffer,
  persistent: boolean,
  connector: EmulatedConnector,
  state: EmulatorState,
): WorkerMessage | string[] {
  const problems: string[] = [];
  if (!persistent) problems.push('message is not persistent (deliveryMode 2)');
  let data: unknown;
  try {
    data = JSON.parse(body.toString('utf8'));
  } catch {
    return [...problems, 'body is not JSON'];
  }
  if (!isRecord(data)) return [...problems, 'body is not a JSON object'];

  if (data.bundle_type !== 'QUEUE_BUNDLE') problems.push('bundle_type is not "QUEUE_BUNDLE"');
  if (data.applicant_id !== connector.userId) {
    problems.push(`applicant_id is not the connector's user ${connector.userId}`);
  }
  const sequence = data.action_sequence;
  if (!Number.isInteger(sequence) || (sequence as number) < 0) {
    problems.push('action_sequence is not a non-negative integer');
  }
  const types = data.entities_types;
  if (!Array.isArray(types) || !types.every((type) => typeof type === 'string')) {
    problems.push('entities_types is not an array of strings');
  }
  if (typeof data.update !== 'boolean') problems.push('update is not a boolean');
  if (!('draft_id' in data) || !(data.draft_id === null || typeof data.draft_id === 'string')) {
    problems.push('draft_id is missing (null or a string)');
  }
  const work = workOf(data, connector, state, problems);
  const objects = bundleObjects(data.content, problems);

  if (problems.length > 0 || !objects) return problems;
  return { objects, work, sequence: sequence as number };
}

function workOf(
  data: Record<string, unknown>,
  connector: EmulatedConnector,
  state: EmulatorState,
  problems: string[],
): EmulatedWork | undefined {
  if (data.work_id === undefined || data.work_id === null) return undefined;
  const work = typeof data.work_id === 'string' ? state.works.get(data.work_id) : undefined;
  if (!work) problems.push(`work_id ${String(data.work_id)} is not a known work`);
  else if (work.connectorId !== connector.id) {
    problems.push(`work_id ${work.id} belongs to another connector`);
  }
  return work;
}

function bundleObjects(content: unknown, problems: string[]): StixObjectLike[] | undefined {
  if (typeof content !== 'string' || !BASE64.test(content)) {
    problems.push('content is not base64');
    return undefined;
  }
  const bytes = Buffer.from(content, 'base64');
  if (!isUtf8(bytes)) {
    problems.push('content is not UTF-8 once decoded');
    return undefined;
  }
  const found = problems.length;
  const objects = checkBundle(bytes.toString('utf8'), problems);
  return problems.length === found ? objects : undefined;
}

/** The objects of a bundle's JSON text, or `undefined` with the problems. */
export function checkBundle(text: string, problems: string[]): StixObjectLike[] | undefined {
  let bundle: unknown;
  try {
    bundle = JSON.parse(text);
  } catch {
    problems.push('content is not JSON');
    return undefined;
  }
  if (!isRecord(bundle) || bundle.type !== 'bundle') {
    problems.push('content is not a STIX bundle');
    return undefined;
  }
  const objects = bundle.objects;
  if (!Array.isArray(objects) || objects.length === 0) {
    problems.push('the bundle has no objects');
    return undefined;
  }
  const bad = objects.findIndex(
    (object) =>
      !isRecord(object) || typeof object.id !== 'string' || typeof object.type !== 'string',
  );
  if (bad >= 0) {
    problems.push(`objects[${bad}] has no string id and type`);
    return undefined;
  }
  return objects as StixObjectLike[];
}
