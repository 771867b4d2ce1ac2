import { defer, map, type OperatorFunction } from 'rxjs';
import { idOf, type Item, type ObjectItem } from '../core/item.js';
import { serialize } from '../core/serialize.js';
import { bytesHash } from '../core/bytes-hash.js';
import { IdIndex, type IdWinner } from './id-index.js';
import { recordProblem } from '../core/record-problem.js';
import { timestampMicros } from './timestamp-micros.js';

export interface DedupeOptions {
  /** The pass-1 index of every input: exact mode. Without it, streaming. */
  readonly index?: IdIndex;
}

/** What `dedupeRecord` remembers: in streaming mode, an `IdIndex` of its
 * own holding per id only the kept copy's `modified`, hash and position. */
export interface DedupeState {
  readonly index: IdIndex;
  readonly exact: boolean;
}

export const dedupeState = (options: DedupeOptions = {}): DedupeState =>
  options.index === undefined
    ? { index: new IdIndex(), exact: false }
    : { index: options.index, exact: true };

/**
 * One object per id leaves. With the pass-1 index (exact): the id's winner
 * (latest `modified`, first copy) passes wherever it is; every other copy is
 * `merged` (`identical`, or `older-version` even when it comes first), or
 * `rejected` (`version-conflict`) when it has the winner's `modified` but
 * other content. Without an index (streaming): the first copy passes;
 * identical and older copies merge, a same-`modified` copy with other
 * content is rejected, and a newer copy after an older one passes as well
 * (an update: OpenCTI upserts it over the first). Objects whose id is not
 * `<type>--<uuid>` pass untouched (the validator rejects them).
 *
 * Content is compared by `record.hash` (pass 1's hash of the bytes), else by
 * `bytesHash` of `serialize(object)` (the same hash the splitter computes);
 * in exact mode only for ids where pass 1 saw a conflict (the datasets job
 * has the source hash just those: `hashWhen`).
 */
export function dedupeRecord(item: ObjectItem, state: DedupeState): Item {
  const { record } = item;
  const id = idOf(record.object);
  if (id === undefined) return item;
  const winner = state.index.winnerOf(id);
  const source = state.index.sourceNumber(record.source);
  if (state.exact && winner?.source === source && winner.index === record.index) return item;
  const text = typeof record.object.modified === 'string' ? record.object.modified : undefined;
  const modified = timestampMicros(text ?? '') ?? -Infinity;

  if (!state.exact && (winner === undefined || modified > winner.modified)) {
    state.index.add({ source, index: record.index, id, modified: text, hash: hashOf(item) });
    return item;
  }
  if (winner === undefined) return item;
  if (winner.source === source && winner.index === record.index) return item;
  return againstWinner(item, winner, modified, state);
}

// Shortcoming: pass 1 picks the winner before validation. When pass 2's
// validator rejects the winner, the other copies still merge into it and no
// copy of the id is sent; it matters only for an id whose newest copy is
// invalid while an older one is valid.
function againstWinner(
  item: ObjectItem,
  winner: IdWinner,
  modified: number,
  state: DedupeState,
): Item {
  const into = { source: state.index.sourceName(winner.source) ?? '', index: winner.index };
  if (modified < winner.modified) {
    return { kind: 'merged', record: item.record, into, reason: 'older-version' };
  }
  if (modified > winner.modified) return rejected(item, into, 'index-stale');
  const same = state.exact && !winner.conflict ? true : hashOf(item) === winner.hash;
  if (same) return { kind: 'merged', record: item.record, into, reason: 'identical' };
  return rejected(item, into, 'version-conflict');
}

/** As a 32-bit value: the index keeps hashes in a `Uint32Array`, so the
 * splitter's 53-bit hash is compared on its low 32 bits, as stored. */
function hashOf(item: ObjectItem): number {
  const hash = item.record.hash ?? bytesHash(Buffer.from(serialize(item.record.object)));
  return hash >>> 0;
}

/** `version-conflict`: same `modified`, other content. `index-stale`: newer
 * than the copy pass 1 chose, so the input changed between the passes. */
function rejected(
  item: ObjectItem,
  kept: { source: string; index: number },
  rule: 'version-conflict' | 'index-stale',
): Item {
  const { record } = item;
  const here = `objects[${record.index}]`;
  const there = `objects[${kept.index}]`;
  const pair = kept.source === record.source
    ? `${there} vs ${here}`
    : `${kept.source} ${there} vs ${record.source} ${here}`;
  const message = rule === 'version-conflict'
    ? `version conflict: ${pair}; same modified, other content, ${there} kept`
    : `${here} is newer than ${there}, the copy pass 1 chose: did the input change?`;
  const value = record.object.modified;
  const problem = recordProblem(record, { pointer: '/modified', rule, value, message });
  return { kind: 'rejected', record, problems: [problem] };
}

/** {@link dedupeRecord} over a stream; other items pass through. State is
 * per subscription. Memory: none in exact mode; in streaming mode about 50
 * bytes per distinct id, never objects. */
export function dedupeById(options: DedupeOptions = {}): OperatorFunction<Item, Item> {
  return (source) =>
    defer(() => {
      const state = dedupeState(options);
      const step = (item: Item): Item =>
        item.kind === 'object' ? dedupeRecord(item, state) : item;
      return source.pipe(map(step));
    });
}
