import * as t from 'io-ts';
import { ruleFailure } from './decode-problems.js';

/**
 * A codec for strings that `accept` allows; anything else, non-strings
 * included, fails as `rule` with the sentence `describe` makes of the value.
 */
export function refinedString(
  name: string,
  accept: (text: string) => boolean,
  rule: string,
  describe: (value: unknown) => string,
): t.Type<string, string, unknown> {
  const is = (u: unknown): u is string => typeof u === 'string' && accept(u);
  return new t.Type<string, string, unknown>(
    name,
    is,
    (u, c) => (is(u) ? t.success(u) : ruleFailure(u, c, rule, describe(u))),
    t.identity,
  );
}

/** A string from a fixed list (a vocabulary or an enum). */
export const stringOneOf = (
  property: string,
  values: readonly string[],
  rule: string,
): t.Type<string, string, unknown> =>
  refinedString(
    property,
    (text) => values.includes(text),
    rule,
    (u) => `${property} ${JSON.stringify(u)} is not one of ${values.join(', ')}`,
  );
