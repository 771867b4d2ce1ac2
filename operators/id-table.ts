import { formatUuid, parseStixId } from './parse-stix-id.js';

const MAX_LOAD = 0.75;
const FIRST_CAPACITY = 768;

/**
 * The storage of an `IdIndex`: `<type>--<uuid>` ids in an open-addressing
 * hash table (linear probing) over typed arrays. An id is its UUID's 16
 * bytes plus an interned type code; per entry, in columns: flags, the
 * winner's input number, index, `modified` and hash. Entries are dense, in
 * the order first seen; `slots` maps a hash to entry + 1 (0 is empty). Both
 * grow by reallocation: entries by half again, slots by doubling past 75%
 * load. About 39 bytes per entry plus 4 to 11 per slot share; 19 when
 * built without the winner's columns (`withWinner` false).
 */
export class IdTable {
  flags = new Uint8Array(FIRST_CAPACITY);
  sources: Uint32Array;
  indexes: Uint32Array;
  modifieds: Float64Array;
  hashes: Uint32Array;
  private slots = new Int32Array(1024);
  private words = new Uint32Array(4 * FIRST_CAPACITY);
  private typeCodes = new Uint16Array(FIRST_CAPACITY);
  private readonly typeNames: string[] = [''];
  private readonly typeByName = new Map<string, number>();
  private readonly key = new Uint32Array(4);
  private pendingSlot = -1;
  private pendingCode = 0;
  count = 0;

  constructor(private readonly withWinner = true) {
    const capacity = withWinner ? FIRST_CAPACITY : 0;
    this.sources = new Uint32Array(capacity);
    this.indexes = new Uint32Array(capacity);
    this.modifieds = new Float64Array(capacity);
    this.hashes = new Uint32Array(capacity);
  }

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
    if (this.count === this.typeCodes.length) this.growEntries();
    const entry = this.count++;
    this.words.set(this.key, entry * 4);
    this.typeCodes[entry] = this.pendingCode;
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
    return this.typeCodes[entry];
  }

  uuidAt(entry: number): string {
    return formatUuid(this.words, entry * 4);
  }

  /** How often each hex digit occurs in the entry's UUID, into `counts`. */
  digitCounts(entry: number, counts: Uint8Array): void {
    counts.fill(0);
    for (let at = entry * 4; at < entry * 4 + 4; at++) {
      for (let word = this.words[at], i = 0; i < 8; i++, word >>>= 4) counts[word & 15]++;
    }
  }

  idAt(entry: number): string {
    return `${this.typeNames[this.typeCodes[entry]]}--${this.uuidAt(entry)}`;
  }

  /** Bytes held by every typed array. */
  bytes(): number {
    const arrays = [
      this.slots, this.words, this.typeCodes, this.flags,
      this.sources, this.indexes, this.modifieds, this.hashes,
    ];
    return arrays.reduce((sum, array) => sum + array.byteLength, 0);
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
    const { key, words } = this;
    const mask = this.slots.length - 1;
    let slot = hashKey(key, 0, code) & mask;
    for (;;) {
      const entry = this.slots[slot] - 1;
      if (entry < 0) return slot;
      const at = entry * 4;
      if (
        this.typeCodes[entry] === code && words[at] === key[0] &&
        words[at + 1] === key[1] && words[at + 2] === key[2] && words[at + 3] === key[3]
      ) {
        return slot;
      }
      slot = (slot + 1) & mask;
    }
  }

  private growEntries(): void {
    const capacity = Math.ceil(this.typeCodes.length * 1.5);
    this.words = copyInto(this.words, new Uint32Array(capacity * 4));
    this.typeCodes = copyInto(this.typeCodes, new Uint16Array(capacity));
    this.flags = copyInto(this.flags, new Uint8Array(capacity));
    if (!this.withWinner) return;
    this.sources = copyInto(this.sources, new Uint32Array(capacity));
    this.indexes = copyInto(this.indexes, new Uint32Array(capacity));
    this.modifieds = copyInto(this.modifieds, new Float64Array(capacity));
    this.hashes = copyInto(this.hashes, new Uint32Array(capacity));
  }

  private rehash(): void {
    this.slots = new Int32Array(this.slots.length * 2);
    const mask = this.slots.length - 1;
    for (let entry = 0; entry < this.count; entry++) {
      let slot = hashKey(this.words, entry * 4, this.typeCodes[entry]) & mask;
      while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
      this.slots[slot] = entry + 1;
    }
  }
}

type Column = Uint8Array | Uint16Array | Uint32Array | Float64Array;

function copyInto<T extends Column>(old: T, into: T): T {
  into.set(old as never);
  return into;
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
