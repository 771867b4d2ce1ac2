import type { Problem } from '../core/problem.js';
import type { SourceRecord } from '../core/record.js';
import type { ObjectRef } from './object-refs.js';
import { recordProblem } from '../core/record-problem.js';

/** The reference rules of `orderByDependency`, one problem per reference. */
export type RefRule =
  | 'ref-dangling'
  | 'ref-not-found'
  | 'ref-target-rejected'
  | 'ref-unresolved'
  | 'order-buffer-full';

const TEXT: Record<RefRule, string> = {
  'ref-dangling': 'not found in inputs',
  'ref-not-found': 'not found in inputs',
  'ref-target-rejected': 'was rejected or deferred',
  'ref-unresolved': 'was never emitted: it waits itself (a reference cycle?)',
  'order-buffer-full': 'not emitted yet and the order buffer is full',
};

/** The problem `rule` raises about `ref` of `record`; `nearest` is the
 * existing id suggested for a dangling one. */
export function refProblem(
  record: SourceRecord,
  ref: ObjectRef,
  rule: RefRule,
  nearest?: { id: string; distance: number },
): Problem {
  const hint = nearest === undefined
    ? ''
    : `; nearest existing id ${nearest.id}, distance ${nearest.distance}`;
  return recordProblem(record, {
    pointer: ref.pointer,
    rule,
    value: ref.target,
    ...(nearest === undefined ? {} : { suggestion: nearest.id }),
    message: `${ref.property} ${ref.target} ${TEXT[rule]}${hint}`,
  });
}
