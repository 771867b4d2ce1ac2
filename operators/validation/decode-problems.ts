import * as t from 'io-ts';
import { isLeft } from 'fp-ts/lib/Either.js';
import type { JsonValue } from '../../core/json.js';
import { jsonPointer, type JsonPath } from './json-pointer.js';

/** One io-ts failure as a rule, a pointer and the value found there. */
export interface DecodeProblem {
  readonly pointer: string;
  readonly rule: string;
  readonly value: JsonValue | undefined;
  readonly message: string;
}

/**
 * The failure of a codec built with {@link ruleFailure}: the message carries
 * `rule: sentence`, so that io-ts errors become structured problems.
 */
export const ruleFailure = <A>(
  value: unknown,
  context: t.Context,
  rule: string,
  sentence: string,
): t.Validation<A> => t.failure(value, context, `${rule}: ${sentence}`);

/** A decoder, with its type guard when it has one (every `t.Type` does). */
export type CheckedDecoder = t.Decoder<unknown, unknown> & {
  readonly is?: (value: unknown) => boolean;
};

/**
 * The problems io-ts finds in `value`, each with the JSON pointer built from
 * the decoding context (under `base`). An absent value is
 * `required-property`; a failure without a rule is `property-type`.
 * The decoded output is never used: values are kept exactly as written.
 */
export function decodeProblems(
  codec: CheckedDecoder,
  value: unknown,
  base: JsonPath = [],
): DecodeProblem[] {
  // Fast path: a codec's `is` accepts exactly what its `decode` accepts (true
  // of io-ts's combinators and of every codec built here), and it allocates
  // no context nor `Either`: the common valid object pays only for `is`.
  if (codec.is !== undefined && codec.is(value)) return [];
  const result = codec.decode(value);
  if (!isLeft(result)) return [];
  return result.left.map((error) => toProblem(error, base));
}

function toProblem(error: t.ValidationError, base: JsonPath): DecodeProblem {
  const path = [...base, ...pathOf(error.context)];
  const pointer = jsonPointer(path);
  const found = error.value as JsonValue | undefined;
  const name = String(path[path.length - 1] ?? 'object');
  if (found === undefined) {
    const message = `${name} is required`;
    return { pointer, rule: 'required-property', value: found, message };
  }

  const cut = error.message?.indexOf(': ') ?? -1;
  if (error.message !== undefined && cut > 0) {
    const rule = error.message.slice(0, cut);
    return { pointer, rule, value: found, message: error.message.slice(cut + 2) };
  }
  const expected = error.context[error.context.length - 1]?.type.name ?? 'a value';
  return {
    pointer,
    rule: 'property-type',
    value: found,
    message: `${name} must be ${expected}`,
  };
}

/** The keys of a context, without the member indexes that intersections and
 * unions add (they are not part of the value's path). */
function pathOf(context: t.Context): string[] {
  const path: string[] = [];
  for (let i = 1; i < context.length; i++) {
    const parent = context[i - 1].type;
    if (parent instanceof t.IntersectionType || parent instanceof t.UnionType) continue;
    path.push(context[i].key);
  }
  return path;
}
