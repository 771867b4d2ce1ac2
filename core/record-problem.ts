import { idOf } from './item.js';
import type { JsonValue } from './json.js';
import type { Problem, Severity } from './problem.js';
import type { SourceRecord } from './record.js';

/** What a rule says about a record; the position and id come from it. */
export interface Finding {
  readonly pointer: string;
  readonly rule: string;
  readonly message: string;
  readonly value?: JsonValue;
  readonly suggestion?: string;
  readonly severity?: Severity;
}

/** A {@link Problem} at `record` (source, index, offset, line, id), an `error`
 * unless the finding says otherwise. */
export function recordProblem(record: SourceRecord, finding: Finding): Problem {
  const id = idOf(record.object);
  return {
    source: record.source,
    index: record.index,
    ...(record.offset === undefined ? {} : { offset: record.offset }),
    ...(record.line === undefined ? {} : { line: record.line }),
    ...(id === undefined ? {} : { id }),
    severity: finding.severity ?? 'error',
    pointer: finding.pointer,
    rule: finding.rule,
    ...(finding.value === undefined ? {} : { value: finding.value }),
    ...(finding.suggestion === undefined ? {} : { suggestion: finding.suggestion }),
    message: finding.message,
  };
}
