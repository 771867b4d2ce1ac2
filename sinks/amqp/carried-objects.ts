import { idOf } from '../../core/item.js';
import type { JsonObject } from '../../core/json.js';

/** An author or marking kept to be copied into later messages. */
export interface CarriedObject {
  readonly id: string;
  readonly text: string;
  readonly bytes: number;
}

const CARRIED_TYPES = new Set(['identity', 'marking-definition']);

/**
 * The authors (`identity`) and `marking-definition`s seen so far, so that a
 * message can carry the ones its objects reference. Objects that have been
 * referenced at least once are pinned (there are few authors); the others
 * stay in a small most-recent cache, because every company of a dataset is an
 * identity too.
 *
 * Limitation: an author first referenced after more than `limit` other
 * identities went by is no longer cached, so it is not carried; the message
 * then relies on the author having been sent earlier. Inputs in dependency
 * order reference their author soon after it, so this does not happen with
 * the datasets.
 */
export class CarriedObjects {
  private readonly recent = new Map<string, CarriedObject>();
  private readonly pinned = new Map<string, CarriedObject>();

  constructor(private readonly limit = 1024) {}

  /** Keep `object` (serialized as `text`) when it can be carried. */
  remember(object: JsonObject, text: string): void {
    const id = idOf(object);
    if (id === undefined || !CARRIED_TYPES.has(String(object.type))) return;
    const entry = { id, text, bytes: Buffer.byteLength(text) };
    if (this.pinned.has(id)) {
      this.pinned.set(id, entry);
      return;
    }
    this.recent.delete(id);
    this.recent.set(id, entry);
    if (this.recent.size > this.limit) {
      const oldest = this.recent.keys().next().value as string;
      this.recent.delete(oldest);
    }
  }

  /** The known objects that `object` references and `present` lacks. */
  missingFrom(object: JsonObject, present: ReadonlySet<string>): CarriedObject[] {
    const found: CarriedObject[] = [];
    for (const ref of refsOf(object)) {
      if (present.has(ref) || ref === object.id) continue;
      const entry = this.pinned.get(ref) ?? this.pin(ref);
      if (entry !== undefined && !found.includes(entry)) found.push(entry);
    }
    return found;
  }

  private pin(id: string): CarriedObject | undefined {
    const entry = this.recent.get(id);
    if (entry === undefined || this.pinned.size >= this.limit) return entry;
    this.recent.delete(id);
    this.pinned.set(id, entry);
    return entry;
  }
}

function refsOf(object: JsonObject): string[] {
  const refs: string[] = [];
  if (typeof object.created_by_ref === 'string') refs.push(object.created_by_ref);
  const markings = object.object_marking_refs;
  if (Array.isArray(markings)) {
    for (const ref of markings) if (typeof ref === 'string') refs.push(ref);
  }
  return refs;
}
