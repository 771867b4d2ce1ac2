import type { OutboundMessage } from './publisher-options.js';

/** A message accepted by the publisher, with the number of times written. */
export interface Tracked<T> {
  readonly message: OutboundMessage<T>;
  writes: number;
}

/**
 * The messages a publisher has accepted and the broker has not confirmed,
 * in the order they were accepted, with their body bytes and the delivery
 * tag of their latest write on the current channel. Memory: the messages in
 * the window (bounded by the publisher's limits).
 */
export class UnconfirmedMessages<T> {
  private readonly byId = new Map<string, Tracked<T>>();
  private readonly byTag = new Map<number, Tracked<T>>();
  private totalBytes = 0;

  get size(): number {
    return this.byId.size;
  }

  get bytes(): number {
    return this.totalBytes;
  }

  /** Start tracking; throws on an id already tracked (a caller's bug). */
  add(message: OutboundMessage<T>): Tracked<T> {
    if (this.byId.has(message.id)) throw new RangeError(`duplicate message id ${message.id}`);
    const tracked = { message, writes: 0 };
    this.byId.set(message.id, tracked);
    this.totalBytes += message.body.length;
    return tracked;
  }

  /** Whether `tracked` is still waiting for its confirm. */
  holds(tracked: Tracked<T>): boolean {
    return this.byId.get(tracked.message.id) === tracked;
  }

  /** Record a write of `tracked` under delivery tag `tag`. */
  written(tracked: Tracked<T>, tag: number): void {
    this.byTag.set(tag, tracked);
    tracked.writes += 1;
  }

  /** The messages an ack or nack of `tag` (and below, when `multiple`)
   * settles; their tags are released, the messages stay tracked. */
  settle(tag: number, multiple: boolean): Tracked<T>[] {
    const settled: Tracked<T>[] = [];
    if (multiple) {
      // Tags are written in increasing order, so the map is sorted.
      for (const [key, tracked] of this.byTag) {
        if (key > tag) break;
        this.byTag.delete(key);
        if (this.holds(tracked)) settled.push(tracked);
      }
    } else {
      const tracked = this.byTag.get(tag);
      this.byTag.delete(tag);
      if (tracked !== undefined && this.holds(tracked)) settled.push(tracked);
    }
    return settled;
  }

  /** Stop tracking one message (confirmed or given up). */
  remove(tracked: Tracked<T>): void {
    this.byId.delete(tracked.message.id);
    this.totalBytes -= tracked.message.body.length;
  }

  /** Forget every delivery tag (the channel they belong to is gone). */
  dropTags(): void {
    this.byTag.clear();
  }

  /** Every tracked message, in the order accepted. */
  all(): Tracked<T>[] {
    return [...this.byId.values()];
  }

  /** Stop tracking everything; returns what was tracked, in order. */
  clear(): Tracked<T>[] {
    const all = this.all();
    this.byId.clear();
    this.byTag.clear();
    this.totalBytes = 0;
    return all;
  }
}
