import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';

export type { Logger } from 'pino';

/** Values that must never be printed (the token, broker passwords). Secrets
 * learnt while running (the password the platform hands out) are added. */
export class Secrets {
  private readonly values = new Set<string>();

  constructor(initial: readonly string[] = []) {
    for (const value of initial) this.add(value);
  }

  /** Values shorter than 4 characters are not scrubbed (too common to hide). */
  add(value: string | undefined): void {
    if (value && value.length >= 4) this.values.add(value);
  }

  scrub(text: string): string {
    let out = text;
    for (const secret of this.values) out = out.split(secret).join('***');
    return out;
  }
}

export interface LoggerOptions {
  readonly name: string;
  readonly level: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  readonly secrets: Secrets;
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
export function scrubbing(target: NodeJS.WritableStream, secrets: Secrets): Writable {
  return new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      target.write(secrets.scrub(chunk.toString()), () => done());
    },
  });
}
