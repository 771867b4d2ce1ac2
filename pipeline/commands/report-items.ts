import type { Item } from '../../core/item.js';
import type { Problem } from '../../core/problem.js';
import type { Logger } from '../logger.js';
import { describeProblem } from '../render-summary.js';

/** Problems of one rule logged at `warn` in a run; the rest go to `debug`. */
export const WARNINGS_PER_RULE = 20;

/**
 * Logs what happens to objects: each problem of a rejected or deferred
 * object and each dropped part or warning at `warn`, counted fixes and
 * merges at `debug`. A rule's first `perRule` problems are logged at `warn`
 * and the rest at `debug`, so that a file with a million bad objects does
 * not drown the log; `finish` then says, per rule, how many were not shown
 * and where they all are.
 */
export class ItemLog {
  private readonly counts = new Map<string, number>();

  constructor(
    private readonly logger: Logger,
    private readonly perRule = WARNINGS_PER_RULE,
  ) {}

  item(item: Item): void {
    switch (item.kind) {
      case 'rejected':
      case 'deferred':
        for (const problem of item.problems) this.warn(item.kind, problem);
        break;
      case 'note':
        if (item.problem.severity === 'fix') this.debug('fix', item.problem);
        else this.warn(item.problem.severity === 'error' ? 'dropped' : item.problem.severity,
          item.problem);
        break;
      case 'merged':
        if (!this.logger.isLevelEnabled('debug')) break;
        this.logger.debug(
          { outcome: 'merged', reason: item.reason },
          `${item.record.source} objects[${item.record.index}] merged into ` +
            `${item.into.source} objects[${item.into.index}] (${item.reason})`,
        );
        break;
      case 'object':
        break;
    }
  }

  /** One `warn` line per rule that had problems past the limit, unless
   * `debug` showed them; `rejects` names the file that holds them all. */
  finish(rejects?: string): void {
    if (this.logger.isLevelEnabled('debug')) return;
    const where = rejects === undefined ? '' : `all are in ${rejects}; `;
    for (const [rule, count] of this.counts) {
      const notShown = count - this.perRule;
      if (notShown <= 0) continue;
      this.logger.warn(
        { rule, problems: count, notShown },
        `${rule}: ${notShown} more problem(s) not shown ` +
          `(${where}CONNECTOR_LOG_LEVEL=debug logs each)`,
      );
    }
  }

  private warn(outcome: string, problem: Problem): void {
    const count = (this.counts.get(problem.rule) ?? 0) + 1;
    this.counts.set(problem.rule, count);
    if (count > this.perRule) this.debug(outcome, problem);
    else this.logger.warn({ outcome, rule: problem.rule }, describeProblem(problem));
  }

  private debug(outcome: string, problem: Problem): void {
    if (!this.logger.isLevelEnabled('debug')) return;
    this.logger.debug({ outcome, rule: problem.rule }, describeProblem(problem));
  }
}
