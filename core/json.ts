/** A JSON value as parsed from a dataset. Numbers that would not survive a
 * round trip through `Number` are carried as {@link ExactNumber}. */
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | ExactNumber
  | JsonValue[]
  | { [key: string]: JsonValue };

export type JsonObject = { [key: string]: JsonValue };

/** A number kept as the exact text it was written with (for example a
 * 20-digit integer, or `1.50`), so that writing it back loses nothing. */
export class ExactNumber {
  constructor(readonly text: string) {}
  valueOf(): number {
    return Number(this.text);
  }
}

export const isJsonObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value) &&
  !(value instanceof ExactNumber);
