import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { HashState } from '../core/bytes-hash.js';
import type { DatasetRole } from '../core/record.js';
import {
  EXACT_NUMBERS, VALID_AS_READ, VERBATIM, type VerdictLookup,
} from '../sources/source-options.js';
import { DEFAULT_MAX_DEPTH } from '../sources/split-event.js';
import type { ValidateOptions } from './validation/validate-options.js';

/** The validate options a thread can receive (no functions). */
export interface ThreadOptions {
  readonly strict: boolean;
  readonly assumeUtc: boolean;
  readonly fixIdentityClass: boolean;
}

/** One file for the thread to check, with the role it is validated under. */
export interface ThreadInput {
  readonly path: string;
  readonly role: DatasetRole | undefined;
}

/** Main thread to worker. */
export type ThreadRequest =
  | {
    readonly kind: 'start';
    readonly inputs: readonly ThreadInput[];
    readonly maxObjectBytes: number;
    /** Pages of verdicts the worker may hold ahead of pass 2. */
    readonly pagesAhead: number;
    /** Int32 [input, index]: the object the main thread reads now. */
    readonly progress: SharedArrayBuffer;
  }
  | { readonly kind: 'authors'; readonly ids: readonly string[] };

/** Worker to main thread: a new page of verdicts of input `input`. */
export interface VerdictPage {
  readonly input: number;
  readonly page: number;
  readonly buffer: SharedArrayBuffer;
}

/** Worker to main thread: its modules are loaded (`ready`), or every
 * input has been judged or skipped (`done`). */
export interface ThreadState {
  readonly state: 'ready' | 'done';
}

/** Objects per page of verdicts (8 bytes each). */
export const PAGE_OBJECTS = 1 << 14;
/** Set in an entry once the worker has judged that object. */
export const SEEN = 4;
/** The verdict bits an entry carries (besides SEEN). */
const VERDICT_BITS = VALID_AS_READ | VERBATIM | EXACT_NUMBERS;
/** The entry's length field starts at this bit. */
const LENGTH_SHIFT = 4;
/** The depth limit the worker splits under (objects deeper are not judged). */
export const THREAD_MAX_DEPTH = DEFAULT_MAX_DEPTH;
/** Larger objects are left to the main thread: judging one would hold its
 * text, its parse and its serialization at once on the worker too. */
export const MAX_JUDGED_BYTES = 1 << 20;

/**
 * An object's entry is two words: `entryOf(bytes, verdict)` (its length,
 * SEEN and the verdict bits), then `hashOf(bytes)` (the exact bytes,
 * whitespace included), so that a verdict applies only to the very text
 * that was judged, even if the file changed between the reads.
 * Shortcoming: a 32-bit hash guards against accidents, not intent: someone
 * who rewrites an input during a run with a same-length object of the same
 * hash gets it past validation here, and pass 2 takes that many bytes as
 * the object (OpenCTI still checks what it stores).
 */
export function entryOf(text: Uint8Array, verdict: number): number {
  return ((text.length << LENGTH_SHIFT) | SEEN | (verdict & VERDICT_BITS)) >>> 0;
}

const hashing = new HashState();

/** The low 32 bits of the byte hash (`HashState`) of `text`, as the id index keeps them. */
export function hashOf(text: Uint8Array): number {
  hashing.reset();
  hashing.range(text, 0, text.length);
  return hashing.finish() >>> 0;
}

/**
 * Validation on the second core, ahead of the pipeline. Given the inputs
 * before pass 1 starts, the worker reads them itself, in the order pass 2
 * will, and judges every object: valid as read (`VALID_AS_READ`), and also
 * written back by `JSON.stringify` exactly as read (`VERBATIM`). Its
 * verdicts land in shared memory, 8 bytes per object: the verdict, the
 * object's length and a hash of its bytes. Pass 2 looks each object up as it
 * decodes it (`VerdictLookup`): a verdict on the very bytes pass 2 read lets
 * the validate operator pass the object at once and the sinks write its text
 * unserialized. No verdict (the worker is behind, failed, or never started;
 * the object is over `MAX_JUDGED_BYTES`; the file changed between the reads)
 * leaves the object to the main thread, as without a worker. The main thread never
 * waits for the worker.
 *
 * The worker starts with no authors, so it may judge an author invalid for
 * its role: only a miss, since authors are exempt from role rules and
 * nothing else depends on them. When it falls behind the main thread it
 * skips ahead to where the main thread reads.
 *
 * Memory: 8 bytes per object, in pages of 16,384 objects; a page is
 * forgotten once pass 2 has read past it, and the worker holds at most 32
 * pages ahead of pass 2 (it waits for pass 2 beyond that), so about 4 MiB.
 */
export class ValidationThread {
  private readonly worker: Worker | undefined;
  private readonly pages: Array<Array<Uint32Array | undefined>> = [];
  /** Per input, the page pass 2 reads now: those below are forgotten. */
  private readonly passed: number[] = [];
  /** [input, index] of the object pass 2 decodes now; input -1 before. */
  private readonly progress = new Int32Array(new SharedArrayBuffer(8)).fill(-1);
  /** The object size limit the worker splits under, once started. */
  private maxObjectBytes = 0;
  private loaded!: () => void;
  private finished!: () => void;
  /** Resolves once the worker can start, or has stopped. */
  readonly ready = new Promise<void>((resolve) => (this.loaded = resolve));
  /** Resolves once the worker has gone through every input, or stopped. */
  readonly judged = new Promise<void>((resolve) => (this.finished = resolve));
  /** Why the worker stopped helping, when it did. */
  failure: Error | undefined;

  constructor(options: ThreadOptions) {
    try {
      // A young generation of 8 MB (the default is larger) keeps the thread
      // at about 25 MB of RSS; its scavenges are cheap and off the main thread.
      const resourceLimits = { maxYoungGenerationSizeMb: 8 };
      this.worker = new Worker(workerFile(), { workerData: options, resourceLimits });
    } catch (error) {
      this.fail(error as Error);
      return;
    }
    // The worker keeps no process alive: its work is only ever a shortcut.
    this.worker.unref();
    this.worker.on('message', (message: VerdictPage | ThreadState) => {
      if ('state' in message) (message.state === 'ready' ? this.loaded : this.finished)();
      else if (message.page >= (this.passed[message.input] ?? 0)) {
        (this.pages[message.input] ??= [])[message.page] = new Uint32Array(message.buffer);
      }
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

  /** Start judging `inputs`, in the order pass 2 reads them, split with
   * the same `maxObjectBytes` (so that object indexes agree), holding at
   * most `pagesAhead` pages of verdicts ahead of pass 2. */
  start(inputs: readonly ThreadInput[], maxObjectBytes: number, pagesAhead = 32): void {
    const progress = this.progress.buffer as SharedArrayBuffer;
    const request: ThreadRequest = { kind: 'start', inputs, maxObjectBytes, pagesAhead, progress };
    this.maxObjectBytes = maxObjectBytes;
    this.worker?.postMessage(request);
  }

  /** The authors pass 1 found: from now on the worker exempts them too. */
  authors(ids: Iterable<string>): void {
    this.worker?.postMessage({ kind: 'authors', ids: [...ids] } satisfies ThreadRequest);
  }

  /**
   * The verdicts on input `input` (its number in `start`), for a source.
   * `token` must be the very options object given to `validate`, built
   * with the same choices as the thread: a record is passed unchecked only
   * under it.
   */
  verdicts(input: number, token: ValidateOptions): VerdictLookup {
    return {
      token,
      verdictOf: (index, text) => {
        Atomics.store(this.progress, 0, input);
        Atomics.store(this.progress, 1, index);
        const number = Math.floor(index / PAGE_OBJECTS);
        const pages = this.forgetBelow(input, number);
        const page = pages?.[number];
        if (page === undefined) return 0;
        const at = (index % PAGE_OBJECTS) * 2;
        const entry = Atomics.load(page, at);
        if ((entry & SEEN) === 0 || entry >>> LENGTH_SHIFT !== text.length) return 0;
        return Atomics.load(page, at + 1) === hashOf(text) ? entry & VERDICT_BITS : 0;
      },
      knownLength: (index) => {
        const page = this.pages[input]?.[Math.floor(index / PAGE_OBJECTS)];
        if (page === undefined) return 0;
        const entry = Atomics.load(page, (index % PAGE_OBJECTS) * 2);
        return entry & VALID_AS_READ ? entry >>> LENGTH_SHIFT : 0;
      },
      splitLimits: { maxObjectBytes: this.maxObjectBytes, maxDepth: THREAD_MAX_DEPTH },
    };
  }

  /** What this side holds now: pages of verdicts (128 KiB each) and the
   * verdicts in them (for tests and diagnostics; it reads every entry). */
  held(): { pages: number; verdicts: number } {
    let pages = 0;
    let verdicts = 0;
    for (const page of this.pages.flat()) {
      if (page === undefined) continue;
      pages += 1;
      for (let at = 0; at < page.length; at += 2) if (Atomics.load(page, at) & SEEN) verdicts += 1;
    }
    return { pages, verdicts };
  }

  /** Forgets the pages of `input` below `number`; the input's pages. */
  private forgetBelow(input: number, number: number): Array<Uint32Array | undefined> | undefined {
    const pages = this.pages[input];
    let passed = this.passed[input] ?? 0;
    for (; passed < number; passed++) if (pages) pages[passed] = undefined;
    this.passed[input] = passed;
    return pages;
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.fail(new Error('validation thread closed'));
    await worker?.terminate();
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.loaded();
    this.finished();
  }
}

/** The worker's module beside this one: `.js` once built, `.ts` under the
 * test runner's loader (which worker threads inherit). */
function workerFile(): URL {
  const extension = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
  return new URL(`./validate-worker.${extension}`, import.meta.url);
}
