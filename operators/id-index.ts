import { distance } from 'fastest-levenshtein';
import type { IdMarks } from './id-flags.js';
import { IdTable } from './id-table.js';
import { timestampMicros } from './timestamp-micros.js';

/** What pass 1 learns about one object without parsing it (the splitter's
 * output). `source` is the input's number, `index` its position in
 * `objects`; `hash` is `bytesHash` of the object's bytes (pass 2 must give
 * the same value in `SourceRecord.hash`). `type` is accepted but not used:
 * the id's prefix is the type that keys the index. */
export interface ObjectSummary {
  readonly source: number;
  readonly index: number;
  readonly id?: string;
  readonly type?: string;
  readonly modified?: string;
  readonly createdByRef?: string;
  readonly hash: number;
}

/** The copy of an id that wins (latest `modified`, first occurrence), and
 * what else is known about the id's copies. `modified` is in microseconds
 * since the epoch, `-Infinity` when absent or unreadable. */
export interface IdWinner {
  readonly source: number;
  readonly index: number;
  readonly modified: number;
  readonly hash: number;
  /** More than one copy of the id was seen. */
  readonly several: boolean;
  /** Copies with different `modified` were seen. */
  readonly versions: boolean;
  /** A later copy has the winner's `modified` but other content. */
  readonly conflict: boolean;
}

const SEVERAL = 1;
const VERSIONS = 2;
const CONFLICT = 4;
const OWN_BITS = 7;
const MARK_SHIFT = 3;
const MARK_BITS = 0x1f;

/**
 * Every `<type>--<uuid>` id of the inputs, filled in pass 1 from
 * {@link ObjectSummary}s given in reading order, so that the operators of
 * pass 2 know each id's winning copy before they see the first one. Kept in
 * typed arrays (see `IdTable`), about 49 bytes per id (`bytesPerId`); other
 * ids are not indexed (`skipped` counts them). Authors (`created_by_ref`
 * values) are kept in a set of their own, which grows with the number of
 * distinct authors (usually one).
 *
 * @example
 * const index = new IdIndex(['sectors.json']);
 * for (const summary of summaries) index.add(summary);
 * index.winnerOf('identity--…'); // { source: 0, index: 3, … }
 */
export class IdIndex {
  private readonly table = new IdTable();
  private readonly authors = new Set<string>();
  private readonly sourceNames: string[] = [];
  private readonly sourceByName = new Map<string, number>();
  /** Summaries whose id is missing or not `<type>--<uuid>`. */
  skipped = 0;

  /** `sourceNames[n]` names input number `n`; names must be unique. */
  constructor(sourceNames: readonly string[] = []) {
    for (const name of sourceNames) {
      if (this.sourceByName.has(name)) {
        throw new RangeError(`input ${JSON.stringify(name)} is given twice`);
      }
      this.sourceNumber(name);
    }
  }

  /** Ids indexed. */
  get size(): number {
    return this.table.count;
  }

  /** The number of input `name`; a new name is given the next number. */
  sourceNumber(name: string): number {
    let number = this.sourceByName.get(name);
    if (number === undefined) {
      number = this.sourceNames.push(name) - 1;
      this.sourceByName.set(name, number);
    }
    return number;
  }

  /** The name of input number `n`, when it was named. */
  sourceName(n: number): string | undefined {
    return this.sourceNames[n];
  }

  /** Records one copy of an id and applies the winner rule: the latest
   * `modified` wins; among equal ones, the first copy. */
  add(summary: ObjectSummary): void {
    if (summary.createdByRef !== undefined) this.authors.add(summary.createdByRef);
    const table = this.table;
    let entry = summary.id === undefined ? -2 : table.find(summary.id, true);
    if (entry === -2) {
      this.skipped++;
      return;
    }
    const modified = timestampMicros(summary.modified ?? '') ?? -Infinity;
    const hash = summary.hash >>> 0;
    if (entry === -1) {
      entry = table.insertPending();
      this.setWinner(entry, summary, modified, hash);
      return;
    }

    let flags = table.flags.get(entry) | SEVERAL;
    const winning = table.modifieds.get(entry);
    if (modified !== winning) flags |= VERSIONS;
    if (modified > winning) {
      this.setWinner(entry, summary, modified, hash);
      flags &= ~CONFLICT;
    } else if (modified === winning && hash !== table.hashes.get(entry)) {
      flags |= CONFLICT;
    }
    table.flags.set(entry, flags);
  }

  has(id: string): boolean {
    return this.table.find(id) >= 0;
  }

  winnerOf(id: string): IdWinner | undefined {
    const table = this.table;
    const entry = table.find(id);
    if (entry < 0) return undefined;
    const flags = table.flags.get(entry);
    return {
      source: table.sources.get(entry),
      index: table.indexes.get(entry),
      modified: table.modifieds.get(entry),
      hash: table.hashes.get(entry),
      several: (flags & SEVERAL) !== 0,
      versions: (flags & VERSIONS) !== 0,
      conflict: (flags & CONFLICT) !== 0,
    };
  }

  /**
   * Up to 5 bits per id for one consumer at a time (the order operator),
   * kept in this index's own entries rather than in a second table of ids:
   * no memory per id beyond the index. Ids the index lacks go to a `Map`.
   * Each call starts from zero, clearing the bits of the previous consumer.
   */
  marks(): IdMarks {
    const table = this.table;
    for (let entry = 0; entry < table.count; entry++) {
      table.flags.set(entry, table.flags.get(entry) & OWN_BITS);
    }
    const others = new Map<string, number>();
    return {
      get: (id) => {
        const entry = table.find(id);
        return entry >= 0 ? table.flags.get(entry) >>> MARK_SHIFT : others.get(id) ?? 0;
      },
      add: (id, bits) => {
        const entry = table.find(id);
        const mark = (bits & MARK_BITS) << MARK_SHIFT;
        if (entry >= 0) table.flags.set(entry, table.flags.get(entry) | mark);
        else others.set(id, (others.get(id) ?? 0) | bits);
      },
    };
  }

  /** The ids whose winner has a copy with the same `modified` and other
   * content: the only ones whose copies pass 2 must hash to tell apart. */
  conflictingIds(): Set<string> {
    const ids = new Set<string>();
    for (let entry = 0; entry < this.table.count; entry++) {
      if (this.table.flags.get(entry) & CONFLICT) ids.add(this.table.idAt(entry));
    }
    return ids;
  }

  /** True when some object names `id` in its `created_by_ref`. */
  isAuthor(id: string): boolean {
    return this.authors.has(id);
  }

  /** Every id some object names in its `created_by_ref`. */
  authorIds(): IterableIterator<string> {
    return this.authors.values();
  }

  /** Bytes held by the index's typed arrays, per indexed id. */
  bytesPerId(): number {
    return this.size === 0 ? 0 : this.table.bytes() / this.size;
  }

  /**
   * The existing id of the same type nearest to `id` (Levenshtein distance),
   * when one is within `maxDistance` and is not `id` itself. Scans every id
   * of that type (skipping most of them with a cheap lower bound): meant for
   * the rare dangling reference only.
   */
  nearest(id: string, maxDistance: number): { id: string; distance: number } | undefined {
    const cut = id.indexOf('--');
    const code = cut < 1 ? 0 : this.table.typeCode(id.slice(0, cut));
    const tail = id.slice(cut + 2);
    if (code === 0 || Math.abs(tail.length - 36) > maxDistance) return undefined;

    const wanted = symbolCounts(tail);
    const digits = new Uint8Array(16);
    let best: { id: string; distance: number } | undefined;
    for (let entry = 0; entry < this.size && best?.distance !== 1; entry++) {
      if (this.table.typeCodeAt(entry) !== code) continue;
      this.table.digitCounts(entry, digits);
      const bound = countsBound(wanted, digits);
      if (bound > maxDistance || (best !== undefined && bound >= best.distance)) continue;
      const uuid = this.table.uuidAt(entry);
      const d = distance(tail, uuid);
      if (d === 0 || d > maxDistance || (best !== undefined && d >= best.distance)) continue;
      best = { id: `${id.slice(0, cut)}--${uuid}`, distance: d };
    }
    return best;
  }

  /** Every indexed id, in the order first seen, rebuilt as `type--uuid`. */
  *ids(): IterableIterator<string> {
    for (let entry = 0; entry < this.size; entry++) yield this.table.idAt(entry);
  }

  private setWinner(entry: number, summary: ObjectSummary, modified: number, hash: number): void {
    const table = this.table;
    table.sources.set(entry, summary.source);
    table.indexes.set(entry, summary.index);
    table.modifieds.set(entry, modified);
    table.hashes.set(entry, hash);
  }
}

/** Counts of each hex digit (0-15), of `-` (16) and of anything else (17). */
function symbolCounts(text: string): Int32Array {
  const counts = new Int32Array(18);
  for (const char of text) {
    const digit = '0123456789abcdef'.indexOf(char);
    counts[digit >= 0 ? digit : char === '-' ? 16 : 17]++;
  }
  return counts;
}

/** A lower bound of the edit distance between a text with symbol counts
 * `wanted` and a UUID with hex digit counts `digits` (and four dashes):
 * each edit moves at most one symbol in and one out. */
function countsBound(wanted: Int32Array, digits: Uint8Array): number {
  let surplus = 0;
  let deficit = 0;
  for (let symbol = 0; symbol < 18; symbol++) {
    const have = symbol < 16 ? digits[symbol] : symbol === 16 ? 4 : 0;
    const difference = wanted[symbol] - have;
    if (difference > 0) surplus += difference;
    else deficit -= difference;
  }
  return Math.max(surplus, deficit);
}
