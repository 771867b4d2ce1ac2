/** The last object read whole before a fatal error, for messages. */
export interface LastComplete {
  readonly index: number;
  readonly id?: string;
  /** How the position reads in a message: `objects[1]`, `[1]`, `line 2`. */
  readonly label: string;
}

/** Where a JSON syntax error sits in a source. */
export interface SyntaxPosition {
  readonly source: string;
  /** 0-based byte offset. */
  readonly offset: number;
  /** 1-based line and byte column. */
  readonly line: number;
  readonly column: number;
  /** The element being read: `objects[2]`, `[2]`, `line 3`, or the container. */
  readonly inside?: string;
  readonly lastComplete?: LastComplete;
}

function describe(reason: string, at: SyntaxPosition): string {
  const inside = at.inside ? ` inside ${at.inside}` : '';
  const done = at.lastComplete;
  const last = done
    ? `; last complete object ${done.label}${done.id ? ` ${done.id}` : ''}`
    : '; no complete object before it';
  return `${at.source}: ${reason} at byte ${at.offset} ` +
    `(line ${at.line}, col ${at.column})${inside}${last}`;
}

/** The source is not well-formed JSON where its structure is read (between
 * objects, or brackets that do not match): the run cannot go on. */
export class JsonSyntaxError extends Error implements SyntaxPosition {
  override readonly name: string = 'JsonSyntaxError';
  readonly source: string;
  readonly offset: number;
  readonly line: number;
  readonly column: number;
  readonly inside?: string;
  readonly lastComplete?: LastComplete;

  constructor(readonly reason: string, at: SyntaxPosition) {
    super(describe(reason, at));
    this.source = at.source;
    this.offset = at.offset;
    this.line = at.line;
    this.column = at.column;
    this.inside = at.inside;
    this.lastComplete = at.lastComplete;
  }
}

/** The input ended inside a value (a cut download, a truncated file), or
 * before any (`empty`: nothing but whitespace was read). */
export class TruncatedInputError extends JsonSyntaxError {
  override readonly name: string = 'TruncatedInputError';

  constructor(at: SyntaxPosition, empty = false) {
    super(empty ? 'empty input, no JSON value' : 'unexpected end of input', at);
  }
}

/** The input is not UTF-8 (a UTF-16/32 byte order mark or NUL patterns). */
export class EncodingError extends Error {
  override readonly name: string = 'EncodingError';
  readonly offset = 0;

  constructor(readonly source: string, readonly encoding: 'UTF-16' | 'UTF-32') {
    super(`${source}: ${encoding} input; re-encode as UTF-8 (byte 0)`);
  }
}

/** An input larger than the configured limit. */
export class InputTooLargeError extends Error {
  override readonly name: string = 'InputTooLargeError';

  constructor(readonly source: string, readonly limit: number, readonly received: number) {
    super(`${source}: input larger than the limit of ${limit} bytes (${received} bytes read)`);
  }
}

/** What is known about a failed download. */
export interface DownloadFailure {
  readonly url: string;
  readonly status?: number;
  readonly contentType?: string;
  /** Body bytes received, and expected (`Content-Length`) when announced. */
  readonly received?: number;
  readonly expected?: number;
  /** Seconds the server asked to wait (`Retry-After`). */
  readonly retryAfterSeconds?: number;
  /** Worth another attempt: connection errors, timeouts, 5xx, 429. */
  readonly retryable: boolean;
  readonly cause?: unknown;
}

/** A download that failed (after its retries, when it was retryable). */
export class DownloadError extends Error implements DownloadFailure {
  override readonly name: string = 'DownloadError';
  readonly url: string;
  readonly status?: number;
  readonly contentType?: string;
  readonly received?: number;
  readonly expected?: number;
  readonly retryAfterSeconds?: number;
  readonly retryable: boolean;

  constructor(message: string, failure: DownloadFailure) {
    super(message, failure.cause === undefined ? undefined : { cause: failure.cause });
    this.url = failure.url;
    this.status = failure.status;
    this.contentType = failure.contentType;
    this.received = failure.received;
    this.expected = failure.expected;
    this.retryAfterSeconds = failure.retryAfterSeconds;
    this.retryable = failure.retryable;
  }
}

/** A fatal failure of a source: it travels on the Observable's error channel. */
export type SourceError = JsonSyntaxError | EncodingError | InputTooLargeError | DownloadError;
