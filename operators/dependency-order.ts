import type { CreditWindow } from '../core/credit-window.js';
import { idOf, type Item, type ObjectItem } from '../core/item.js';
import type { Problem } from '../core/problem.js';
import type { SourceRecord } from '../core/record.js';
import { withoutVerbatim } from '../core/verbatim-text.js';
import { IdFlags, type IdMarks } from './id-flags.js';
import type { IdIndex } from './id-index.js';
import { objectRefs, type ObjectRef } from './object-refs.js';
import { refProblem } from './ref-problems.js';
import { WELL_KNOWN_MARKINGS } from './well-known-markings.js';

export interface DependencyOrderOptions {
  /** The pass-1 index: tells at once whether a referenced id exists. */
  readonly index?: IdIndex;
  /** Parking gives an object's credit back; releasing it takes it again. */
  readonly credit?: CreditWindow;
  /** Objects that may wait at once (default 100,000). */
  readonly maxPending?: number;
  /** Ids known to be on the destination already (sent by an earlier run):
   * references to them are satisfied without waiting. */
  readonly satisfied?: (id: string) => boolean;
  /** Largest edit distance of a suggested id for a dangling ref (default 2). */
  readonly maxSuggestDistance?: number;
  /** Ids the nearest-id searches may scan in all (default 200,000,000). */
  readonly suggestBudget?: number;
}

/** An object waiting for the targets it references. */
interface Parked {
  readonly item: ObjectItem;
  /** Its references not satisfied when it was parked. */
  readonly refs: readonly ObjectRef[];
  /** Distinct targets still awaited. */
  readonly targets: Set<string>;
}

const EMITTED = 1;
const FAILED = 2;
const SEEN = 4;
const CREATOR_OR_MARKING = new Set(['created_by_ref', 'object_marking_refs']);
/** Emitted targets remembered at most (see `emittedTargets`). */
const EMITTED_TARGETS = 1024;

/**
 * The state of `orderByDependency`: `push` takes each item and returns what
 * leaves now, `finish` what leaves at the end. See `orderByDependency`.
 */
export class DependencyOrder {
  /** What became of each id; in the index's entries when there is one. */
  private readonly ids: IdMarks;
  private readonly parked = new Set<Parked>();
  private readonly waitingOn = new Map<string, Parked[]>();
  private readonly parkedIds = new Map<string, number>();
  // Targets found emitted (which is final), so that one many objects name,
  // such as their author, is not looked up in the id table for each. Cleared
  // when full: a cache, not a second set of every id.
  private readonly emittedTargets = new Set<string>();
  private readonly maxPending: number;
  private readonly maxDistance: number;
  private suggestBudget: number;

  /** Throws a `RangeError` for bad options. */
  constructor(private readonly options: DependencyOrderOptions = {}) {
    ({ maxPending: this.maxPending, maxDistance: this.maxDistance,
      suggestBudget: this.suggestBudget } = DependencyOrder.checkOptions(options));
    this.ids = options.index?.marks() ?? new IdFlags();
  }

  /** The counts of `options` with their defaults; a `RangeError` for a bad
   * one. Cheap: it takes nothing from the index. */
  static checkOptions(options: DependencyOrderOptions) {
    return {
      maxPending: checkCount('maxPending', options.maxPending ?? 100_000),
      maxDistance: checkCount('maxSuggestDistance', options.maxSuggestDistance ?? 2),
      suggestBudget: checkCount('suggestBudget', options.suggestBudget ?? 200_000_000),
    };
  }

  /** Objects waiting now. */
  get pending(): number {
    return this.parked.size;
  }

  push(item: Item): Item[] {
    const out: Item[] = [];
    if (item.kind === 'object') this.place(item, out);
    else {
      out.push(item);
      if (item.kind === 'rejected' || item.kind === 'deferred') this.ended(item.record, out);
    }
    return out;
  }

  /** Defers every object still waiting, naming the refs it waits for.
   * Shortcoming: objects that reference each other (a report and a note
   * citing it) wait for each other and are deferred here (`ref-unresolved`);
   * sending such a cycle needs both in one bundle, which this operator does
   * not build. The OpenCTI datasets have no cycles. */
  finish(): Item[] {
    const out: Item[] = [];
    for (const entry of [...this.parked]) {
      this.unpark(entry, false);
      const problems = entry.refs
        .filter((ref) => entry.targets.has(ref.target))
        .map((ref) => {
          const rule = this.ids.get(ref.target) & SEEN ? 'ref-unresolved' : 'ref-not-found';
          return refProblem(entry.item.record, ref, rule);
        });
      out.push({ kind: 'deferred', record: entry.item.record, problems });
    }
    this.waitingOn.clear();
    return out;
  }

  private place(item: ObjectItem, out: Item[]): void {
    const { record } = item;
    const problems: Problem[] = [];
    const waits: ObjectRef[] = [];
    let reject = false;
    for (const ref of objectRefs(record.object)) {
      const target = ref.target;
      if (this.emittedTargets.has(target)) continue;
      const known = WELL_KNOWN_MARKINGS.has(target) || this.options.satisfied?.(target);
      const state = known ? EMITTED : this.ids.get(target);
      if (state & EMITTED) {
        if (this.emittedTargets.size >= EMITTED_TARGETS) this.emittedTargets.clear();
        this.emittedTargets.add(target);
        continue;
      }
      if (state & FAILED) problems.push(refProblem(record, ref, 'ref-target-rejected'));
      else if (this.options.index?.has(ref.target) ?? true) waits.push(ref);
      else reject = this.dangling(record, ref, problems) || reject;
    }

    // Marked after its refs; an object emitted at once is marked by `emit`
    // alone (SEEN with EMITTED): one lookup of its id, not two.
    const id = idOf(record.object);
    if (id !== undefined && (problems.length > 0 || waits.length > 0)) this.ids.add(id, SEEN);
    if (problems.length > 0) {
      out.push({ kind: reject ? 'rejected' : 'deferred', record, problems });
      this.ended(record, out);
    } else if (waits.length === 0) {
      this.emit(item, out);
    } else if (this.parked.size >= this.maxPending) {
      // Shortcoming: past `maxPending` a waiting object is deferred instead of
      // spilled to disk; it matters only when an input lists more than that
      // many objects before what they reference (not the OpenCTI datasets).
      const problem = refProblem(record, waits[0], 'order-buffer-full');
      out.push({ kind: 'deferred', record, problems: [problem] });
      this.ended(record, out);
    } else {
      this.park(item, waits);
    }
  }

  /** Records the problem of a ref to an id absent from the index; true when
   * it rejects the object (an author or marking, or a likely typo). */
  private dangling(record: SourceRecord, ref: ObjectRef, problems: Problem[]): boolean {
    if (CREATOR_OR_MARKING.has(ref.property)) {
      problems.push(refProblem(record, ref, 'ref-dangling'));
      return true;
    }
    const nearest = this.suggest(ref.target);
    problems.push(refProblem(record, ref, nearest ? 'ref-dangling' : 'ref-not-found', nearest));
    return nearest !== undefined;
  }

  /**
   * The nearest existing id, while the budget lasts. Shortcoming: each
   * search scans every id of the type (about 0.1 s per million), so past
   * the budget (about a thousand searches in a million ids) dangling ends get
   * no suggestion and are deferred (`ref-not-found`) instead of rejected.
   * It matters only for inputs with very many dangling references.
   */
  private suggest(target: string): { id: string; distance: number } | undefined {
    const index = this.options.index;
    if (index === undefined || this.suggestBudget < index.size) return undefined;
    this.suggestBudget -= index.size;
    return index.nearest(target, this.maxDistance);
  }

  private park(waiting: ObjectItem, refs: ObjectRef[]): void {
    // A parked object may wait long, and many do: its text as read would
    // add half again to what each holds, so it is serialized when it leaves.
    const item = withoutVerbatim(waiting);
    const entry: Parked = { item, refs, targets: new Set(refs.map((ref) => ref.target)) };
    this.parked.add(entry);
    for (const target of entry.targets) {
      const list = this.waitingOn.get(target);
      if (list === undefined) this.waitingOn.set(target, [entry]);
      else list.push(entry);
    }
    const id = idOf(item.record.object);
    if (id !== undefined) this.parkedIds.set(id, (this.parkedIds.get(id) ?? 0) + 1);
    this.options.credit?.release(1);
  }

  /** Takes `entry` out of the buffer and (unless the lists are about to be
   * dropped whole) out of every list it still waits in. */
  private unpark(entry: Parked, untangle = true): void {
    this.parked.delete(entry);
    for (const target of untangle ? entry.targets : []) {
      const list = this.waitingOn.get(target);
      const rest = list?.filter((other) => other !== entry) ?? [];
      if (rest.length === 0) this.waitingOn.delete(target);
      else this.waitingOn.set(target, rest);
    }
    const id = idOf(entry.item.record.object);
    const count = id === undefined ? 0 : this.parkedIds.get(id) ?? 0;
    if (count > 1) this.parkedIds.set(id!, count - 1);
    else if (id !== undefined) this.parkedIds.delete(id);
    this.options.credit?.take(1);
  }

  /** Emits `item`, then every parked object it was the last wait of. */
  private emit(item: ObjectItem, out: Item[]): void {
    const queue = [item];
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      out.push(next);
      const id = idOf(next.record.object);
      if (id === undefined) continue;
      this.ids.add(id, SEEN | EMITTED);
      for (const entry of this.waitingOn.get(id) ?? []) {
        if (!this.parked.has(entry)) continue;
        entry.targets.delete(id);
        if (entry.targets.size === 0) {
          this.unpark(entry);
          queue.push(entry.item);
        }
      }
      this.waitingOn.delete(id);
    }
  }

  /** A copy of an id was rejected or deferred: when it was the copy that
   * would have been emitted, the objects waiting for the id are deferred,
   * and so on down the chain. */
  private ended(record: SourceRecord, out: Item[]): void {
    const failing = [record];
    for (let next = failing.shift(); next !== undefined; next = failing.shift()) {
      const id = idOf(next.object);
      if (id === undefined || !this.wasLiveCopy(id, next)) continue;
      this.ids.add(id, FAILED);
      for (const entry of this.waitingOn.get(id) ?? []) {
        if (!this.parked.has(entry)) continue;
        this.unpark(entry);
        const problems = entry.refs
          .filter((ref) => ref.target === id)
          .map((ref) => refProblem(entry.item.record, ref, 'ref-target-rejected'));
        out.push({ kind: 'deferred', record: entry.item.record, problems });
        failing.push(entry.item.record);
      }
    }
  }

  /** With the index: `record` is the id's winning copy. Without: no copy of
   * the id was emitted and none is waiting. */
  private wasLiveCopy(id: string, record: SourceRecord): boolean {
    const index = this.options.index;
    if (index === undefined) {
      return (this.ids.get(id) & EMITTED) === 0 && !this.parkedIds.has(id);
    }
    const winner = index.winnerOf(id);
    if (winner === undefined) return true;
    return winner.source === index.sourceNumber(record.source) && winner.index === record.index;
  }
}

function checkCount(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 0) {
    throw new RangeError(`${name} must be an integer >= 0, got ${value}`);
  }
  return value;
}
