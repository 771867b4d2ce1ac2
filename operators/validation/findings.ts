import type { JsonObject, JsonValue } from '../../core/json.js';
import { withObject, type Item, type ObjectItem } from '../../core/item.js';
import type { Problem, Severity } from '../../core/problem.js';
import { recordProblem } from '../../core/record-problem.js';

/** What a finding does to the object: `reject` refuses it, `drop` removes a
 * part of it, `warn` only reports, `fix` is a counted normalisation. */
export type Effect = 'reject' | 'drop' | 'warn' | 'fix';

const SEVERITY: Record<Effect, Severity> = {
  reject: 'error',
  drop: 'error',
  warn: 'warning',
  fix: 'fix',
};

/** Records one finding: where (JSON pointer), which rule, the value as read
 * (`undefined` when absent) and one sentence for a person. */
export type Report = (
  pointer: string,
  rule: string,
  value: JsonValue | undefined,
  message: string,
) => void;

/**
 * The problems found in one object while it is validated, in the order they
 * were found. A second error at a pointer that already has one is ignored,
 * so that a rule and the shape codec never report the same fault twice.
 */
export class Findings {
  private readonly found: { effect: Effect; problem: Problem }[] = [];
  private readonly errorPointers = new Set<string>();

  constructor(private readonly item: ObjectItem) {}

  readonly reject: Report = (...args) => this.add('reject', ...args);
  readonly drop: Report = (...args) => this.add('drop', ...args);
  readonly warn: Report = (...args) => this.add('warn', ...args);
  readonly fix: Report = (...args) => this.add('fix', ...args);

  get rejected(): boolean {
    return this.found.some((f) => f.effect === 'reject');
  }

  /**
   * The items for the operator: notes, then the object (the same item when
   * nothing changed) or, when anything rejects it, only the warnings and a
   * `rejected` item with every error, dropped parts included, and the object
   * as read. Fixes of a rejected object are not reported: none reaches a sink.
   */
  items(object: JsonObject): Item[] {
    const out: Item[] = [];
    if (this.rejected) {
      const problems: Problem[] = [];
      for (const { effect, problem } of this.found) {
        if (effect === 'warn') out.push({ kind: 'note', problem });
        else if (effect !== 'fix') problems.push(problem);
      }
      out.push({ kind: 'rejected', record: this.item.record, problems });
      return out;
    }

    for (const { problem } of this.found) out.push({ kind: 'note', problem });
    const same = object === this.item.record.object;
    out.push(same ? this.item : withObject(this.item, object));
    return out;
  }

  private add(
    effect: Effect,
    pointer: string,
    rule: string,
    value: JsonValue | undefined,
    message: string,
  ): void {
    const error = effect === 'reject' || effect === 'drop';
    if (error && this.errorPointers.has(pointer)) return;
    if (error) this.errorPointers.add(pointer);

    const problem = recordProblem(this.item.record, {
      severity: SEVERITY[effect], pointer, rule, value, message,
    });
    this.found.push({ effect, problem });
  }
}
