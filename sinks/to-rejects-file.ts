import { basename } from 'node:path';
import type { OperatorFunction } from 'rxjs';
import { idOf, type Item } from '../core/item.js';
import type { JsonObject, JsonValue } from '../core/json.js';
import type { Problem } from '../core/problem.js';
import type { SourceRecord } from '../core/record.js';
import { serialize } from '../core/serialize.js';
import { atomicFile } from './atomic-file.js';
import type { SinkEvent } from './sink-event.js';
import { writeText, type TextFrame } from './write-text.js';

/** `dropped` is a part of an object removed by a fix (an error note). */
export type RejectKind = 'rejected' | 'deferred' | 'dropped';

/**
 * The rejects-file records for one item: one per problem of a `rejected` or
 * `deferred` item, each with the whole `object` (one record without a rule
 * when it has no problem, so nothing disappears), and one per `note` of
 * severity `error` (a dropped part, whose `value` is the part; no `object`).
 * Other items (objects, merges, warnings and fixes) give none. Fields:
 * `file` (basename of `source`), `source`, `index`, `id`, `kind`, `rule`,
 * `pointer`, `value`, `message`, `object`; absent ones are left out.
 */
export function rejectRecords(item: Item): JsonObject[] {
  switch (item.kind) {
    case 'rejected':
    case 'deferred':
      return objectRecords(item.kind, item.record, item.problems);
    case 'note':
      return item.problem.severity === 'error' ? [record('dropped', item.problem, {})] : [];
    default:
      return [];
  }
}

/**
 * Writes {@link rejectRecords} as NDJSON to a file that appears at `path`
 * only once complete (atomic, like {@link toBundleFile}). Emits a
 * {@link SinkEvent} whose `count` is the number of lines written; ignored
 * items write nothing and emit nothing. Values keep `ExactNumber` text.
 *
 * ```ts
 * items$.pipe(filter((i) => i.kind !== 'object'), toRejectsFile('rejects.ndjson'))
 * ```
 */
export function toRejectsFile(path: string): OperatorFunction<Item, SinkEvent> {
  return writeText(() => atomicFile(path), () => rejectsFrame);
}

const rejectsFrame: TextFrame<Item> = {
  head: '',
  body: (item) => {
    const records = rejectRecords(item);
    return { text: records.map((r) => `${serialize(r)}\n`).join(''), count: records.length };
  },
  tail: '',
};

function objectRecords(
  kind: RejectKind,
  source: SourceRecord,
  problems: readonly Problem[],
): JsonObject[] {
  const extra = { id: idOf(source.object), object: source.object };
  if (problems.length === 0) return [record(kind, source, extra)];
  const at = { source: source.source, index: source.index };
  return problems.map((problem) =>
    record(kind, { ...problem, ...at, line: problem.line ?? source.line }, extra));
}

/** One record in the documented key order, without undefined fields. */
function record(
  kind: RejectKind,
  at: Partial<Problem> & Pick<Problem, 'source' | 'index'>,
  extra: { readonly id?: string; readonly object?: JsonObject },
): JsonObject {
  const fields: Record<string, JsonValue | undefined> = {
    file: basename(at.source),
    source: at.source,
    index: at.index,
    line: at.line,
    id: at.id ?? extra.id,
    kind,
    rule: at.rule,
    pointer: at.pointer,
    value: at.value,
    message: at.message,
    object: extra.object,
  };
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) out[key] = value;
  return out;
}
