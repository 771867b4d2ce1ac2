import { PagedColumn } from './paged-column.js';
import { formatUuid, parseStixId } from './parse-stix-id.js';

const MAX_LOAD = 0.75;
const FIRST_SLOTS = 1024;

/**
 * The storage of an `IdIndex`: `<type>--<uuid>` ids in an open-addressing
 * hash table (linear probing). An id is its UUID's 16 bytes plus an interned
 * type code; per entry, in columns: flags, the winner's input number, index,
 * `modified` and hash. Entries are dense, in the order first seen, in
 * columns of fixed pages (`PagedColumn`): growing copies nothing. `slots`
 * maps a hash to entry + 1 (0 is empty) and doubles past 75% load. About 39
 * bytes per entry plus 5 to 11 of slots; 23 plus slots when built without
 * the winner's columns (`withWinner` false).
 */
export class IdTable {
  readonly flags = new PagedColumn((n) => new Uint8Array(n));
  readonly sources = new PagedColumn((n) => new Uint32Array(n));
  readonly indexes = new PagedColumn((n) => new Uint32Array(n));
  readonly modifieds = new PagedColumn((n) => new Float64Array(n));
  readonly hashes = new PagedColumn((n) => new Uint32Array(n));
  private slots = new Int32Array(FIRST_SLOTS);
  private readonly words = new PagedColumn((n) => new Uint32Array(n), 4);
  private readonly typeCodes = new PagedColumn((n) => new Uint16Array(n));
  private readonly typeNames: string[] = [''];
  private readonly typeByName = new Map<string, number>();
  private readonly key = new Uint32Array(4);
  private pendingSlot = -1;
  private pendingCode = 0;
  count = 0;

  constructor(private readonly withWinner = true) {}

  /**
   * The entry of `id`, or -1 when it is absent (and `insertPending` may add
   * it), or -2 when it cannot be indexed (not `<type>--<uuid>`, or a 65536th
   * type name when `intern` is set). Without `intern`, an unknown type is
   * simply absent and cannot be inserted.
   */
  find(id: string, intern = false): number {
    this.pendingSlot = -1;
    const type = parseStixId(id, this.key);
    if (type === undefined) return -2;
    const code = intern ? this.internType(type) : this.typeByName.get(type) ?? 0;
    if (code < 0) return -2;
    if (code === 0) return -1;
    const slot = this.findSlot(code);
    const entry = this.slots[slot] - 1;
    if (entry < 0) {
      this.pendingSlot = slot;
      this.pendingCode = code;
    }
    return entry;
  }

  /** Adds the id of the last `find(id, true)` that returned -1; its columns
   * are zero until set. */
  insertPending(): number {
    if (this.pendingSlot < 0) throw new Error('insertPending without a pending id');
    const entry = this.count++;
    this.reserve(entry);
    const page = this.words.page(entry);
    page.set(this.key, PagedColumn.offset(entry, 4));
    this.typeCodes.set(entry, this.pendingCode);
    this.slots[this.pendingSlot] = entry + 1;
    this.pendingSlot = -1;
    if (this.count > this.slots.length * MAX_LOAD) this.rehash();
    return entry;
  }

  /** The code of a type name, 0 when no id of that type is stored. */
  typeCode(type: string): number {
    return this.typeByName.get(type) ?? 0;
  }

  typeCodeAt(entry: number): number {
    return this.typeCodes.get(entry);
  }

  uuidAt(entry: number): string {
    return formatUuid(this.words.page(entry), PagedColumn.offset(entry, 4));
  }

  /** How often each hex digit occurs in the entry's UUID, into `counts`. */
  digitCounts(entry: number, counts: Uint8Array): void {
    counts.fill(0);
    const page = this.words.page(entry);
    const from = PagedColumn.offset(entry, 4);
    for (let at = from; at < from + 4; at++) {
      for (let word = page[at], i = 0; i < 8; i++, word >>>= 4) counts[word & 15]++;
    }
  }

  idAt(entry: number): string {
    return `${this.typeNames[this.typeCodes.get(entry)]}--${this.uuidAt(entry)}`;
  }

  /** Bytes held by every typed array. */
  bytes(): number {
    const columns = [
      this.words, this.typeCodes, this.flags,
      this.sources, this.indexes, this.modifieds, this.hashes,
    ];
    return columns.reduce((sum, column) => sum + column.bytes(), this.slots.byteLength);
  }

  private reserve(entry: number): void {
    this.words.reserve(entry);
    this.typeCodes.reserve(entry);
    this.flags.reserve(entry);
    if (!this.withWinner) return;
    this.sources.reserve(entry);
    this.indexes.reserve(entry);
    this.modifieds.reserve(entry);
    this.hashes.reserve(entry);
  }

  private internType(type: string): number {
    let code = this.typeByName.get(type);
    if (code === undefined) {
      if (this.typeNames.length > 0xffff) return -1;
      code = this.typeNames.push(type) - 1;
      this.typeByName.set(type, code);
    }
    return code;
  }

  /** The slot of the key in `this.key` with type `code`, or the empty slot
   * where it belongs. */
  private findSlot(code: number): number {
    const key = this.key;
    const mask = this.slots.length - 1;
    let slot = hashKey(key, 0, code) & mask;
    for (;;) {
      const entry = this.slots[slot] - 1;
      if (entry < 0) return slot;
      const words = this.words.page(entry);
      const at = PagedColumn.offset(entry, 4);
      if (
        this.typeCodes.get(entry) === code && words[at] === key[0] &&
        words[at + 1] === key[1] && words[at + 2] === key[2] && words[at + 3] === key[3]
      ) {
        return slot;
      }
      slot = (slot + 1) & mask;
    }
  }

  private rehash(): void {
    this.slots = new Int32Array(this.slots.length * 2);
    const mask = this.slots.length - 1;
    for (let entry = 0; entry < this.count; entry++) {
      const words = this.words.page(entry);
      const at = PagedColumn.offset(entry, 4);
      let slot = hashKey(words, at, this.typeCodes.get(entry)) & mask;
      while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
      this.slots[slot] = entry + 1;
    }
  }
}

function hashKey(words: Uint32Array, at: number, code: number): number {
  return mix(words[at] ^ mix(words[at + 1] ^ mix(words[at + 2] ^ mix(words[at + 3] ^ code))));
}

/** The murmur3 32-bit finaliser: spreads every input bit over the word. */
function mix(value: number): number {
  let h = value >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
