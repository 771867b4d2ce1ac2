import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { ResultAsync, errAsync, okAsync } from 'neverthrow';
import { download } from '../sources/download.js';
import type { RetryEvent } from '../sources/http-options.js';
import { spoolStdin } from '../sources/from-stdin.js';
import type { InputSpec, PreparedInput } from './inputs.js';

export interface PrepareOptions {
  readonly cacheDir: string;
  readonly timeoutSeconds: number;
  readonly retries: number;
  readonly maxDownloadBytes: number;
  readonly tlsVerify: boolean;
  /** Also hash local files and stdin (the connector does, to skip unchanged data). */
  readonly hashLocal?: boolean;
  /** Told before a download is tried again (for the log). */
  readonly onRetry?: (event: RetryEvent) => void;
  /** What the last successful run saw, per input name (conditional requests). */
  readonly previous?: (name: string) => { etag?: string; lastModified?: string } | undefined;
}

/** An input that could not be made readable: names it and the cause. */
export class InputError extends Error {
  override readonly name = 'InputError';
  constructor(
    readonly input: string,
    override readonly cause: Error,
  ) {
    super(cause.message.startsWith(input) ? cause.message : `${input}: ${cause.message}`);
  }
}

/**
 * Makes one input a local, re-readable file: a path is checked, a URL is
 * downloaded whole into the cache (conditional request, retries, timeouts;
 * a cut body never counts as a dataset), stdin is spooled to a temp file.
 * Downloads (and, with `hashLocal`, local files) get the SHA-256 of their
 * bytes, so that the connector can skip unchanged data.
 */
export function prepareInput(
  spec: InputSpec,
  options: PrepareOptions,
): ResultAsync<PreparedInput, InputError> {
  const fail = (cause: unknown) => new InputError(spec.name, cause as Error);
  if (spec.location.kind === 'stdin') {
    return spoolStdin(options.cacheDir)
      .mapErr(fail)
      .andThen((path) =>
        withHash({ ...spec, path, status: 'local', temporary: true }, options).mapErr(fail));
  }
  if (spec.location.kind === 'path' || spec.location.url.startsWith('file:')) {
    const path =
      spec.location.kind === 'path' ? spec.location.path : fileURLToPath(spec.location.url);
    return ResultAsync.fromPromise(stat(path), fail)
      .andThen((info) => (info.isFile() ? okAsync(path) : errAsync(fail(new Error('not a file')))))
      .andThen((file) => withHash({ ...spec, path: file, status: 'local' }, options).mapErr(fail));
  }
  const previous = options.previous?.(spec.name);
  return download(spec.location.url, {
    cacheDir: options.cacheDir,
    etag: previous?.etag,
    lastModified: previous?.lastModified,
    idleTimeoutMs: options.timeoutSeconds * 1000,
    connectTimeoutMs: options.timeoutSeconds * 1000,
    retries: options.retries,
    maxBytes: options.maxDownloadBytes,
    insecureTls: !options.tlsVerify,
    onRetry: options.onRetry,
  })
    .mapErr(fail)
    .map((got) => ({
      ...spec,
      path: got.path,
      status: got.status,
      sha256: got.sha256,
      etag: got.etag,
      lastModified: got.lastModified,
    }));
}

/** Prepares every input, one after the other; stops at the first failure. */
export function prepareInputs(
  specs: readonly InputSpec[],
  options: PrepareOptions,
): ResultAsync<PreparedInput[], InputError> {
  return specs.reduce(
    (done, spec) =>
      done.andThen((list) => prepareInput(spec, options).map((input) => [...list, input])),
    okAsync<PreparedInput[], InputError>([]),
  );
}

function withHash(
  input: PreparedInput,
  options: PrepareOptions,
): ResultAsync<PreparedInput, Error> {
  if (!options.hashLocal) return okAsync(input);
  return ResultAsync.fromPromise(sha256Of(input.path), (e) => e as Error).map((sha256) => ({
    ...input,
    sha256,
  }));
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
