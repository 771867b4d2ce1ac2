import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { DatasetRole } from '../core/record.js';
import type { SliceChecker } from '../sources/source-options.js';
import type { ObjectSlice } from '../sources/split-event.js';
import type { ValidateOptions } from './validation/validate-options.js';

/** The validate options a thread can receive (no functions). */
export interface ThreadOptions {
  readonly strict: boolean;
  readonly assumeUtc: boolean;
  readonly fixIdentityClass: boolean;
}

/** One chunk's object slices, their bytes back to back. */
export interface CheckRequest {
  readonly id: number;
  readonly bytes: ArrayBuffer;
  /** Where each slice ends in `bytes`. */
  readonly ends: Uint32Array;
  /** 1 where the slice holds numbers `Number` would change. */
  readonly exact: Uint8Array;
  readonly role: DatasetRole | undefined;
}

export interface CheckReply {
  readonly id: number;
  readonly verdicts: Uint8Array;
}

/**
 * Validation on the second core. The source sends each chunk's object
 * slices here as it reads them and parses them itself meanwhile; the worker
 * parses and validates its own copy and answers which objects are valid as
 * read. The validate operator then passes those at once (`validatedUnder`)
 * and validates the rest itself. Only a shortcut: when the worker cannot
 * start or fails, every verdict is 0 and validation happens on the main
 * thread as without it.
 *
 * Start it early (its modules load while pass 1 runs), give it the authors
 * and the options object the validate operator uses with `checker`, and
 * `close` it at the end.
 */
export class ValidationThread {
  private readonly worker: Worker | undefined;
  /** Requests sent and not answered: how many slices, and whom to tell. */
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 0;
  /** Why the worker stopped helping, when it did. */
  failure: Error | undefined;

  constructor(options: ThreadOptions) {
    try {
      // A young generation of 8 MB (the default is larger) keeps the thread
      // at about 25 MB of RSS; its scavenges are cheap and off the main thread.
      const resourceLimits = { maxYoungGenerationSizeMb: 8 };
      this.worker = new Worker(workerFile(), { workerData: options, resourceLimits });
    } catch (error) {
      this.failure = error as Error;
      return;
    }
    // Idle, the worker keeps no process alive; with answers pending, it
    // does (they may be all the work left while the last chunk is checked).
    this.worker.unref();
    this.worker.on('message', (reply: CheckReply) => {
      this.waiting.get(reply.id)?.resolve(reply.verdicts);
      this.waiting.delete(reply.id);
      if (this.waiting.size === 0) this.worker?.unref();
    });
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => this.fail(new Error(`validation thread exited (${code})`)));
  }

  /** Whether a second thread pays on this machine (more than one core).
   * Shortcoming: Node counts the cores it may run on, not a container's CPU
   * quota; under a quota of one CPU the worker only adds work (about 1.2 CPU
   * seconds per 70k objects) and slows the run down. */
  static worthIt(): boolean {
    return availableParallelism() > 1;
  }

  /**
   * The checker for sources. `token` must be the very options object given
   * to `validate`: a record is passed unchecked only under those options.
   * `authors` are the ids `token.isAuthor` accepts.
   */
  checker(token: ValidateOptions, authors: Iterable<string>): SliceChecker {
    this.worker?.postMessage({ authors: [...authors] });
    return { token, check: (slices, role) => this.check(slices, role) };
  }

  /** One byte per slice: 1 when its object is valid as read. Never rejects. */
  check(slices: readonly ObjectSlice[], role: DatasetRole | undefined): Promise<Uint8Array> {
    if (this.worker === undefined || this.failure !== undefined || slices.length === 0) {
      return Promise.resolve(new Uint8Array(slices.length));
    }
    const request = requestOf(this.nextId++, slices, role);
    return new Promise((resolve) => {
      if (this.waiting.size === 0) this.worker?.ref();
      this.waiting.set(request.id, { slices: slices.length, resolve });
      this.worker?.postMessage(request, [request.bytes]);
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.fail(new Error('validation thread closed'));
    await worker?.terminate();
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const { slices, resolve } of this.waiting.values()) resolve(new Uint8Array(slices));
    this.waiting.clear();
  }
}

interface Waiting {
  readonly slices: number;
  readonly resolve: (verdicts: Uint8Array) => void;
}

function requestOf(
  id: number,
  slices: readonly ObjectSlice[],
  role: DatasetRole | undefined,
): CheckRequest {
  let total = 0;
  for (const slice of slices) total += slice.text.length;
  const bytes = Buffer.allocUnsafeSlow(total);
  const ends = new Uint32Array(slices.length);
  const exact = new Uint8Array(slices.length);
  let at = 0;
  slices.forEach((slice, n) => {
    at += slice.text.copy(bytes, at);
    ends[n] = at;
    exact[n] = slice.exactNumbers ? 1 : 0;
  });
  return { id, bytes: bytes.buffer as ArrayBuffer, ends, exact, role };
}

/** The worker's module beside this one: `.js` once built, `.ts` under the
 * test runner's loader (which worker threads inherit). */
function workerFile(): URL {
  const extension = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
  return new URL(`./validate-worker.${extension}`, import.meta.url);
}
