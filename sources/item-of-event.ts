import { bytesHash } from '../core/bytes-hash.js';
import type { Item } from '../core/item.js';
import type { Problem } from '../core/problem.js';
import type { SourceRecord } from '../core/record.js';
import { decodeObjectText } from './decode-object.js';
import { VALID_AS_READ, VERBATIM, type ResolvedSourceOptions } from './source-options.js';
import type { ObjectSlice, SkippedSlice, SplitEvent } from './split-event.js';

/**
 * The item for one splitter event: an object, a reject (bad bytes, not an
 * object, too large, too deep) or the note that a BOM was stripped.
 * `undefined` for a fatal event, which the caller sends down the error
 * channel instead.
 */
export function itemOfEvent(
  source: string, event: SplitEvent, options: ResolvedSourceOptions,
): Item | undefined {
  switch (event.kind) {
    case 'object':
      return objectOrReject(source, event, options);
    case 'oversize':
    case 'too-deep':
      return skipped(source, event, options);
    case 'bom':
      return {
        kind: 'note',
        problem: {
          source, index: -1, offset: 0, severity: 'fix', pointer: '', rule: 'bom-stripped',
          message: 'UTF-8 byte order mark at byte 0 stripped',
        },
      };
    default:
      return undefined;
  }
}

function objectOrReject(source: string, slice: ObjectSlice, options: ResolvedSourceOptions): Item {
  const at = { source, index: slice.index, offset: slice.offset, line: slice.line };
  // Shortcoming: an object the validation thread found valid and verbatim is
  // parsed again here, because dedupe, order and remove-creator read
  // `record.object`. It is the main thread's largest cost in pass 2 and keeps
  // export near 1.3x jq instead of 2x on large inputs; working from the text
  // and an id and refs sent by the thread would lift it.
  const decoded = decodeObjectText(slice, at);
  // Built field by field, not with spreads: a spread of conditional objects
  // cost 7 µs per object, twice `JSON.parse` of a typical one.
  const record: Mutable<SourceRecord> = {
    source, index: slice.index, offset: slice.offset, line: slice.line,
    object: decoded.isOk() ? decoded.value.object : {},
    bytes: slice.text.length,
  };
  if (options.role) record.role = options.role;
  if (slice.hash !== undefined) record.hash = slice.hash;
  else if (decoded.isOk() && options.hashWhen?.(record.object)) record.hash = bytesHash(slice.text);
  record.exactNumbers = slice.exactNumbers;
  if (decoded.isOk() && options.verdicts !== undefined) {
    const verdict = slice.verdict ?? options.verdicts.verdictOf(slice.index, slice.text);
    if (verdict & VALID_AS_READ) record.validatedUnder = options.verdicts.token;
    if (verdict & VERBATIM) record.verbatim = { object: record.object, text: decoded.value.json };
  }
  return decoded.isOk()
    ? { kind: 'object', record }
    : { kind: 'rejected', record, problems: [decoded.error] };
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function skipped(source: string, slice: SkippedSlice, options: ResolvedSourceOptions): Item {
  const at = { source, index: slice.index, offset: slice.offset, line: slice.line };
  const where = slice.pointer === '' ? '' : ` (while reading ${slice.pointer})`;
  const problem: Problem = slice.kind === 'oversize'
    ? {
      ...at, severity: 'error', pointer: slice.pointer, rule: 'object-too-large', id: slice.id,
      value: slice.prefix,
      message: `object of ${slice.bytes} bytes is larger than the limit of ` +
        `${options.maxObjectBytes} bytes${where}`,
    }
    : {
      ...at, severity: 'error', pointer: slice.pointer, rule: 'object-too-deep', id: slice.id,
      value: slice.prefix,
      message: `object nested deeper than the limit of ${options.maxDepth} levels${where}`,
    };
  const record: SourceRecord = {
    ...at, object: {}, bytes: slice.bytes, ...(options.role ? { role: options.role } : {}),
  };
  return { kind: 'rejected', record, problems: [problem] };
}
