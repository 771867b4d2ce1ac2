import { IdTable } from './id-table.js';

/** A few bits per id that an operator sets as it goes. */
export interface IdMarks {
  /** The bits of `id`, 0 when none was set. */
  get(id: string): number;
  /** Sets `bits` on `id`, keeping the others. */
  add(id: string, bits: number): void;
}

/**
 * A few bits per id (up to 8), for operators that must remember every id
 * they have seen: about 30 bytes per `<type>--<uuid>` id in typed arrays
 * (an `IdTable` without winner columns). Other id strings, which the
 * validator rejects and should be rare, go to a plain `Map`.
 */
export class IdFlags implements IdMarks {
  private readonly table = new IdTable(false);
  private readonly others = new Map<string, number>();

  /** The bits of `id`, 0 when it was never set. */
  get(id: string): number {
    const entry = this.table.find(id);
    if (entry >= 0) return this.table.flags.get(entry);
    return entry === -2 ? this.others.get(id) ?? 0 : 0;
  }

  /** Sets `bits` on `id`, keeping the others. */
  add(id: string, bits: number): void {
    let entry = this.table.find(id, true);
    if (entry === -2) {
      this.others.set(id, (this.others.get(id) ?? 0) | bits);
      return;
    }
    if (entry === -1) entry = this.table.insertPending();
    this.table.flags.set(entry, this.table.flags.get(entry) | bits);
  }

  /** Bytes of the typed arrays (the `Map` of other ids not counted). */
  bytes(): number {
    return this.table.bytes();
  }
}
