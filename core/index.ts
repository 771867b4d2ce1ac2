export { bytesHash } from './bytes-hash.js';
export { CreditWindow } from './credit-window.js';
export {
  idOf,
  isObjectItem,
  objectItem,
  withObject,
  type DeferredItem,
  type Item,
  type MergedItem,
  type NoteItem,
  type ObjectItem,
  type RejectedItem,
} from './item.js';
export { ExactNumber, isJsonObject, type JsonObject, type JsonValue } from './json.js';
export type { Problem, Severity } from './problem.js';
export { DATASET_ROLES, type DatasetRole, type Position, type SourceRecord } from './record.js';
export { serialize, serializeRecord } from './serialize.js';
