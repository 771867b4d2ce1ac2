import { Observable, type OperatorFunction } from 'rxjs';
import type { Item, ObjectItem } from '../core/item.js';
import { serialize } from '../core/serialize.js';

export interface BatchOptions {
  /** Most objects in one batch. */
  readonly maxCount: number;
  /** Most bytes of object JSON in one batch (the sum of their sizes). */
  readonly maxBytes: number;
}

/** Objects to write together, in order, and the sum of their sizes. */
export interface ItemBatch {
  readonly kind: 'batch';
  readonly items: readonly ObjectItem[];
  readonly bytes: number;
}

/** What `batchItems` emits: batches, and every other item as it came. */
export type BatchedItem = ItemBatch | Exclude<Item, ObjectItem>;

/** An object's size: `record.bytes` when the source measured it, else the
 * UTF-8 length of its serialised JSON. */
export const itemBytes = (item: ObjectItem): number =>
  item.record.bytes > 0 ? item.record.bytes : Buffer.byteLength(serialize(item.record.object));

/** The open batch of `batchItems`: `push` returns what is complete, `flush`
 * the partial rest. */
export class Batcher {
  private items: ObjectItem[] = [];
  private bytes = 0;

  /** Throws a `RangeError` unless both limits are positive integers. */
  constructor(private readonly options: BatchOptions) {
    for (const name of ['maxCount', 'maxBytes'] as const) {
      const value = options[name];
      if (!Number.isInteger(value) || value < 1) {
        throw new RangeError(`${name} must be a positive integer, got ${value}`);
      }
    }
  }

  push(item: Item): BatchedItem[] {
    if (item.kind !== 'object') return [item];
    const size = itemBytes(item);
    const out: BatchedItem[] = [];
    if (this.items.length > 0 && this.bytes + size > this.options.maxBytes) {
      out.push(...this.flush());
    }
    this.items.push(item);
    this.bytes += size;
    if (this.items.length >= this.options.maxCount || this.bytes >= this.options.maxBytes) {
      out.push(...this.flush());
    }
    return out;
  }

  flush(): ItemBatch[] {
    if (this.items.length === 0) return [];
    const batch: ItemBatch = { kind: 'batch', items: this.items, bytes: this.bytes };
    this.items = [];
    this.bytes = 0;
    return [batch];
  }
}

/**
 * Groups objects into batches of at most `maxCount` objects and `maxBytes`
 * bytes, in order, and flushes the last partial batch on completion. An
 * object larger than `maxBytes` alone forms a batch of its own (the sink
 * decides what to do with it). Other items are emitted as they come, between
 * batches: they do not flush the open batch, so a terminal item may be
 * emitted before objects that came ahead of it. Holds at most one open batch.
 *
 * @example source.pipe(batchItems({ maxCount: 500, maxBytes: 8 * 1024 * 1024 }))
 */
export function batchItems(options: BatchOptions): OperatorFunction<Item, BatchedItem> {
  void new Batcher(options); // throws for bad options now, not on subscription
  return (source) =>
    new Observable<BatchedItem>((subscriber) => {
      const batcher = new Batcher(options);
      return source.subscribe({
        next: (item) => {
          for (const out of batcher.push(item)) subscriber.next(out);
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => {
          for (const out of batcher.flush()) subscriber.next(out);
          subscriber.complete();
        },
      });
    });
}
