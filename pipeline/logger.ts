import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';

export type { Logger } from 'pino';

export interface LoggerOptions {
  readonly name: string;
  readonly level: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  /** Values that must never be printed (token, broker password). */
  readonly secrets: readonly string[];
  /** Defaults to stderr, so that stdout stays free for data (`--out -`). */
  readonly destination?: NodeJS.WritableStream;
}

/**
 * Structured JSON lines like OpenCTI's other connectors:
 * `{"level":"info","timestamp":"…","name":"OpenCTI Datasets","message":"…"}`.
 * Every line passes through a scrubber that replaces each secret, wherever it
 * appears (message, error, stack), with `***`.
 */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      base: { name: options.name },
      messageKey: 'message',
      errorKey: 'error',
      timestamp: () => `,"timestamp":"${new Date().toISOString()}"`,
      formatters: { level: (label) => ({ level: label }) },
    },
    scrubbing(options.destination ?? process.stderr, options.secrets),
  );
}

/** A stream that removes secrets from each chunk before passing it on. */
export function scrubbing(target: NodeJS.WritableStream, secrets: readonly string[]): Writable {
  const present = secrets.filter((secret) => secret.length >= 4);
  return new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      target.write(scrubSecrets(chunk.toString(), present), () => done());
    },
  });
}

/** `text` with every occurrence of every secret replaced by `***`. */
export const scrubSecrets = (text: string, secrets: readonly string[]): string =>
  secrets.reduce((out, secret) => (secret ? out.split(secret).join('***') : out), text);
