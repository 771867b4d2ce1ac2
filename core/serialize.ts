import { ExactNumber, type JsonObject, type JsonValue } from './json.js';
import { verbatimText, type Verbatim } from './verbatim-text.js';

/**
 * JSON text of a value, writing {@link ExactNumber}s as the text they were
 * read with. Plain values take the native `JSON.stringify` path.
 */
export function serialize(value: JsonValue): string {
  return containsExact(value) ? writeExact(value) : JSON.stringify(value);
}

/**
 * JSON text of a record's object: the text it was read with when that is
 * known to be what `JSON.stringify` gives (see `verbatimText`). Otherwise a
 * record whose `exactNumbers` is `false` takes `JSON.stringify` at once, and
 * any other is walked for {@link ExactNumber}s first, as {@link serialize}
 * does.
 */
export function serializeRecord(record: {
  readonly object: JsonObject;
  readonly exactNumbers?: boolean;
  readonly verbatim?: Verbatim;
}): string {
  const verbatim = verbatimText(record);
  if (verbatim !== undefined) return verbatim;
  return record.exactNumbers === false
    ? JSON.stringify(record.object)
    : serialize(record.object);
}

function containsExact(value: JsonValue): boolean {
  if (value instanceof ExactNumber) return true;
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) return value.some(containsExact);
  for (const key in value) if (containsExact(value[key])) return true;
  return false;
}

function writeExact(value: JsonValue): string {
  if (value instanceof ExactNumber) return value.text;
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(writeExact).join(',')}]`;
  const parts: string[] = [];
  for (const key of Object.keys(value)) {
    parts.push(`${JSON.stringify(key)}:${writeExact(value[key])}`);
  }
  return `{${parts.join(',')}}`;
}
