import * as t from 'io-ts';
import { isRight } from 'fp-ts/lib/Either.js';
import { DATASET_ROLES, type DatasetRole } from '../../core/record.js';

const datasetMemory = t.partial({
  etag: t.string,
  last_modified: t.string,
  sha256: t.string,
});

const stateCodec = t.partial({
  last_run: t.number,
  datasets: t.partial(
    Object.fromEntries(DATASET_ROLES.map((role) => [role, datasetMemory])) as Record<
      DatasetRole,
      typeof datasetMemory
    >,
  ),
});

/**
 * The connector's state as stored by the platform. `last_run` is in epoch
 * seconds, as the Python connector stores it, so an existing connector's
 * state carries over; `datasets` remembers each dataset's validators and
 * content hash from the last successful run.
 */
export type ConnectorState = t.TypeOf<typeof stateCodec>;
export type DatasetMemory = t.TypeOf<typeof datasetMemory>;

/**
 * Reads the state the platform answered with. An empty, null or unreadable
 * state is `{}`: a fresh connector, or one whose state an administrator
 * reset (then everything runs now and is pushed again).
 */
export function parseState(raw: string | null | undefined): ConnectorState {
  if (!raw) return {};
  try {
    const decoded = stateCodec.decode(JSON.parse(raw));
    return isRight(decoded) ? decoded.right : {};
  } catch {
    return {};
  }
}

export const isEmptyState = (state: ConnectorState): boolean => state.last_run === undefined;

export const serializeState = (state: ConnectorState): string => JSON.stringify(state);
