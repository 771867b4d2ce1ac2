import * as t from 'io-ts';
import { ExactNumber } from '../../core/json.js';
import { ruleFailure } from './decode-problems.js';

/** The numeric value of a JSON number, {@link ExactNumber}s included. */
export const numberOf = (u: unknown): number | undefined =>
  typeof u === 'number' ? u : u instanceof ExactNumber ? Number(u.text) : undefined;

/**
 * A JSON number (plain or {@link ExactNumber}) between `min` and `max`:
 * another type fails as `property-type`, a value out of range as `rule`.
 */
export function numberInRange(
  name: string,
  range: { readonly min: number; readonly max: number; readonly integer?: boolean },
  rule: string,
): t.Type<unknown, unknown, unknown> {
  const { min, max, integer = false } = range;
  const fits = (n: number): boolean =>
    n >= min && n <= max && (!integer || Number.isInteger(n));
  const kind = integer ? 'an integer' : 'a number';

  return new t.Type<unknown, unknown, unknown>(
    name,
    (u): u is unknown => fits(numberOf(u) ?? NaN),
    (u, c) => {
      const n = numberOf(u);
      if (n === undefined) return ruleFailure(u, c, 'property-type', `${name} must be ${kind}`);
      if (fits(n)) return t.success(u);
      return ruleFailure(u, c, rule, `${name} must be ${kind} in [${min}, ${max}]`);
    },
    t.identity,
  );
}
