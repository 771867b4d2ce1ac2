import type { Item } from '../../core/item.js';
import type { Logger } from '../logger.js';
import { describeProblem } from '../render-summary.js';

/**
 * Logs what happens to objects: each problem of a rejected or deferred
 * object and each dropped part or warning at `warn`, counted fixes and
 * merges at `debug`.
 */
export function logItem(logger: Logger, item: Item): void {
  switch (item.kind) {
    case 'rejected':
    case 'deferred':
      for (const problem of item.problems) {
        logger.warn({ outcome: item.kind, rule: problem.rule }, describeProblem(problem));
      }
      break;
    case 'note': {
      const level = item.problem.severity === 'fix' ? 'debug' : 'warn';
      const outcome = item.problem.severity === 'error' ? 'dropped' : item.problem.severity;
      logger[level]({ outcome, rule: item.problem.rule }, describeProblem(item.problem));
      break;
    }
    case 'merged':
      logger.debug(
        { outcome: 'merged', reason: item.reason },
        `${item.record.source} objects[${item.record.index}] merged into ` +
          `${item.into.source} objects[${item.into.index}] (${item.reason})`,
      );
      break;
    case 'object':
      break;
  }
}
