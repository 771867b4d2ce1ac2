import { randomUUID } from 'node:crypto';
import { err, ok, type Result } from 'neverthrow';
import { idOf } from '../../core/item.js';
import type { SourceRecord } from '../../core/record.js';
import { serializeRecord } from '../../core/serialize.js';
import { ObjectTooLargeError } from './object-too-large-error.js';

/** A STIX bundle ready to send: its JSON text, object count and UTF-8 size. */
export interface PackedBundle {
  readonly text: string;
  readonly count: number;
  readonly bytes: number;
}

export interface BundleLimits {
  /** Most UTF-8 bytes of one bundle's JSON text, framing included. */
  readonly maxBytes: number;
  /** Most objects in one bundle. */
  readonly maxObjects: number;
}

/**
 * Packs objects, in the order given, into bundles
 * `{"type":"bundle","id":"bundle--<uuid>","objects":[...]}` that keep
 * within both limits. Holds the JSON text of one open bundle, so memory
 * grows to `maxBytes` at most.
 *
 * @example
 * const packer = new BundlePacker({ maxBytes: 12 * 2 ** 20, maxObjects: 1000 });
 * const closed = packer.add(record); // Ok(bundle | undefined)
 * const last = packer.flush();
 */
export class BundlePacker {
  private parts: string[] = [];
  private head = '';
  private size = 0;
  private pendingHead: string | undefined;

  constructor(
    readonly limits: BundleLimits,
    private readonly newId: () => string = () => `bundle--${randomUUID()}`,
  ) {
    const { maxBytes, maxObjects } = limits;
    if (!Number.isInteger(maxBytes) || maxBytes < 64) {
      throw new RangeError(`maxBytes must be an integer of at least 64, got ${maxBytes}`);
    }
    if (!Number.isInteger(maxObjects) || maxObjects < 1) {
      throw new RangeError(`maxObjects must be a positive integer, got ${maxObjects}`);
    }
  }

  /**
   * Adds one object. Returns the bundle that had to be closed to make room
   * for it, if any, or an error when the object alone, framed as a bundle,
   * is over `maxBytes` (the open bundle is kept).
   */
  add(record: SourceRecord): Result<PackedBundle | undefined, ObjectTooLargeError> {
    const text = serializeRecord(record);
    const bytes = Buffer.byteLength(text, 'utf8');
    const alone = this.framing(this.nextHead()) + bytes;
    if (alone > this.limits.maxBytes) {
      const id = idOf(record.object);
      return err(new ObjectTooLargeError(record, id, alone, this.limits.maxBytes));
    }

    let closed: PackedBundle | undefined;
    const full = this.parts.length >= this.limits.maxObjects;
    if (this.parts.length > 0 && (full || this.size + 1 + bytes > this.limits.maxBytes)) {
      closed = this.flush();
    }
    if (this.parts.length === 0) {
      this.head = this.takeHead();
      this.size = this.framing(this.head) + bytes;
    } else {
      this.size += 1 + bytes;
    }
    this.parts.push(text);
    return ok(closed);
  }

  /** Closes the open bundle, if it holds any object. */
  flush(): PackedBundle | undefined {
    if (this.parts.length === 0) return undefined;
    const text = `${this.head}${this.parts.join(',')}]}`;
    const bundle = { text, count: this.parts.length, bytes: this.size };
    this.parts = [];
    this.size = 0;
    return bundle;
  }

  /** The head the next bundle will use, drawn once so that its id's length
   * is known when measuring. */
  private nextHead(): string {
    if (this.parts.length > 0) return this.head;
    this.pendingHead ??= `{"type":"bundle","id":${JSON.stringify(this.newId())},"objects":[`;
    return this.pendingHead;
  }

  private takeHead(): string {
    const head = this.nextHead();
    this.pendingHead = undefined;
    return head;
  }

  private framing(head: string): number {
    return Buffer.byteLength(head, 'utf8') + 2;
  }
}
