import { isUtf8 } from 'node:buffer';
import { err, ok, type Result } from 'neverthrow';
import { jsonParser, type Token } from 'stream-json/core/parser.js';
import { ExactNumber, isJsonObject, type JsonObject, type JsonValue } from '../core/json.js';
import type { Problem } from '../core/problem.js';
import type { Position } from '../core/record.js';
import { idHint } from './id-hint.js';
import { jsonErrorIndex, jsonParseReason, newlinesBefore } from './json-error-index.js';
import { VALID_AS_READ } from './source-options.js';

/** The bytes of one element as the splitter found them. */
export interface DecodeInput {
  readonly text: Buffer;
  /** Some number in it would not survive `Number` (see `ObjectSplitter`). */
  readonly exactNumbers: boolean;
  /** Verdict bits found for these very bytes (see `VerdictLookup`): bytes
   * judged valid as read were decoded once already, so their UTF-8 is not
   * checked again. */
  readonly verdict?: number;
}

const VALUE_CHARS = 200;

/**
 * Parses one element's bytes into an object. Invalid UTF-8 (`utf8-invalid`),
 * a syntax error (`json-syntax`, its `offset` the absolute byte of the
 * error) and anything but an object (`not-an-object`) are problems, never
 * thrown. `JSON.parse` does the work; when `exactNumbers` is set the text is
 * parsed again with stream-json so that numbers like `1.50` or
 * `12345678901234567890` become {@link ExactNumber}s. Keys such as
 * `__proto__` stay plain data properties on both paths.
 *
 * @example decodeObject({ text: Buffer.from('{"a":1}'), exactNumbers: false },
 *   { source: 'a.json', index: 0, offset: 0 }); // ok({ a: 1 })
 */
export function decodeObject(input: DecodeInput, at: Position): Result<JsonObject, Problem> {
  return decodeObjectText(input, at).map((decoded) => decoded.object);
}

/** An object parsed by {@link decodeObjectText}, and the text it was parsed from. */
export interface DecodedText {
  readonly object: JsonObject;
  /** The element's bytes as a string (what `JSON.parse` was given). */
  readonly json: string;
}

/** {@link decodeObject}, also giving the decoded text. */
export function decodeObjectText(input: DecodeInput, at: Position): Result<DecodedText, Problem> {
  const { text } = input;
  const judged = input.verdict !== undefined && (input.verdict & VALID_AS_READ) !== 0;
  if (!judged && !isUtf8(text)) {
    const bad = firstInvalidUtf8(text);
    return err(problem(at, 'utf8-invalid', text, bad,
      `invalid UTF-8 at byte ${bad} of the object`));
  }
  const json = text.toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    const index = jsonErrorIndex(json);
    const byte = Buffer.byteLength(json.slice(0, index < 0 ? json.length : index));
    return err(problem(at, 'json-syntax', text, byte,
      `${jsonParseReason(error)} (byte ${byte} of the object)`));
  }
  if (!isJsonObject(value)) {
    const kind = Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`;
    return err(problem(at, 'not-an-object', text, 0, `expected an object, found ${kind}`));
  }
  return ok({ object: input.exactNumbers ? withExactNumbers(json, value) : value, json });
}

function problem(
  at: Position, rule: string, text: Buffer, byte: number, message: string,
): Problem {
  return {
    source: at.source,
    index: at.index,
    offset: at.offset === undefined ? undefined : at.offset + byte,
    line: at.line === undefined ? undefined : at.line + newlinesBefore(text, byte).count,
    severity: 'error',
    pointer: '',
    rule,
    id: idHint(text),
    value: text.toString('utf8', 0, VALUE_CHARS * 4).slice(0, VALUE_CHARS),
    message,
  };
}

/** Parses `json` (already known valid) keeping inexact numbers as text. */
function withExactNumbers(json: string, fallback: JsonObject): JsonObject {
  const out = jsonParser({ packValues: true, streamValues: false })(json);
  if (typeof out !== 'object' || out === null || !('values' in out)) return fallback;
  const built = build(out.values as Token[]);
  return isJsonObject(built) ? built : fallback;
}

type Container = JsonValue[] | { [key: string]: JsonValue };

function build(tokens: readonly Token[]): JsonValue | undefined {
  const stack: Container[] = [];
  const keys: Array<string | undefined> = [];
  let key: string | undefined;
  let root: JsonValue | undefined;
  const put = (value: JsonValue): void => {
    const top = stack[stack.length - 1];
    if (top === undefined) root = value;
    else if (Array.isArray(top)) top.push(value);
    else defineOwn(top, key as string, value);
  };
  for (const token of tokens) {
    switch (token.name) {
      case 'startObject':
      case 'startArray': {
        const container: Container = token.name === 'startArray' ? [] : {};
        put(container);
        stack.push(container);
        keys.push(key);
        break;
      }
      case 'endObject':
      case 'endArray':
        stack.pop();
        key = keys.pop();
        break;
      case 'keyValue':
        key = token.value;
        break;
      case 'numberValue':
        put(numberOf(token.value));
        break;
      case 'stringValue':
      case 'nullValue':
      case 'trueValue':
      case 'falseValue':
        put(token.value);
        break;
      default:
        break;
    }
  }
  return root;
}

/** A number, or an {@link ExactNumber} when `Number` would change it. */
function numberOf(text: string): JsonValue {
  const value = Number(text);
  return String(value) === text ? value : new ExactNumber(text);
}

/** Sets an own data property, even for `__proto__` (which `=` would not). */
function defineOwn(target: { [key: string]: JsonValue }, key: string, value: JsonValue): void {
  if (key === '__proto__') {
    const property = { value, writable: true, enumerable: true, configurable: true };
    Object.defineProperty(target, key, property);
  } else {
    target[key] = value;
  }
}

/** The offset of the first byte that breaks UTF-8 (the text is known bad). */
function firstInvalidUtf8(text: Buffer): number {
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    let size = 0;
    if (c < 0x80) size = 1;
    else if (c >= 0xc2 && c <= 0xdf) size = 2;
    else if (c >= 0xe0 && c <= 0xef) size = 3;
    else if (c >= 0xf0 && c <= 0xf4) size = 4;
    if (size === 0 || !isUtf8(text.subarray(i, i + size))) return i;
    i += size;
  }
  return text.length;
}
