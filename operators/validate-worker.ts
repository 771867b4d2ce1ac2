import { createReadStream } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { parentPort, workerData } from 'node:worker_threads';
import type { ObjectItem } from '../core/item.js';
import type { DatasetRole } from '../core/record.js';
import { decodeObjectText } from '../sources/decode-object.js';
import { ObjectSplitter } from '../sources/object-splitter.js';
import { EXACT_NUMBERS, VALID_AS_READ, VERBATIM } from '../sources/source-options.js';
import type { ObjectSlice, SplitEvent } from '../sources/split-event.js';
import { validateRecord } from './validate.js';
import { isVerbatim } from './verbatim-check.js';
import type { ValidateOptions } from './validation/validate-options.js';
import {
  entryOf, hashOf, MAX_JUDGED_BYTES, PAGE_OBJECTS, THREAD_MAX_DEPTH,
  type ThreadState, type ThreadOptions, type ThreadRequest, type VerdictPage,
} from './validation-thread.js';

/**
 * The other end of a `ValidationThread`: reads the inputs it is given,
 * splits them as pass 2 will, and stores a verdict per object in shared
 * pages (see `ValidationThread`).
 */
const choices = workerData as ThreadOptions;
let authors: ReadonlySet<string> = new Set();
const options: ValidateOptions = { ...choices, isAuthor: (id) => authors.has(id) };
/** Objects the worker stays ahead of the main thread by, or skips. */
const LEAD = 64;

parentPort?.on('message', (message: ThreadRequest) => {
  if (message.kind === 'authors') authors = new Set(message.ids);
  else {
    void judgeAll(message, new Int32Array(message.progress))
      .finally(() => parentPort?.postMessage({ state: 'done' } satisfies ThreadState));
  }
});
parentPort?.postMessage({ state: 'ready' } satisfies ThreadState);

async function judgeAll(
  { inputs, maxObjectBytes, pagesAhead }: StartRequest, progress: Int32Array,
): Promise<void> {
  const pages = new PagesAhead(progress, pagesAhead);
  for (const [number, input] of inputs.entries()) {
    const splitter = new ObjectSplitter({
      source: input.path, maxObjectBytes, maxDepth: THREAD_MAX_DEPTH,
    });
    const judge = async (events: readonly SplitEvent[]): Promise<boolean> => {
      for (const event of events) {
        if (event.kind === 'fatal') return false;
        if (event.kind !== 'object' || event.text.length > MAX_JUDGED_BYTES) continue;
        if (isBehind(progress, number, event.index)) continue;
        let page = pages.known(number, event.index);
        if (page === undefined) {
          page = await pages.make(number, event.index);
          if (isBehind(progress, number, event.index)) continue; // passed while it waited
        }
        store(page, event, verdictOf(event, input.role));
      }
      return true;
    };
    try {
      let whole = true;
      for await (const chunk of createReadStream(input.path, { highWaterMark: 256 * 1024 })) {
        if (Atomics.load(progress, 0) > number) break;
        if (!(whole = await judge(splitter.push(chunk as Buffer)))) break;
      }
      if (whole) await judge(splitter.end());
    } catch {
      // Unreadable here: the main thread meets the same error and reports it.
    }
  }
}

type StartRequest = Extract<ThreadRequest, { kind: 'start' }>;

/** The worker's pages of verdicts, each sent to the main thread when made,
 * and forgotten once the main thread has read past it. At most `max` are
 * ahead of the main thread (32 by default: 524,288 objects, 4 MiB), so its
 * lead, and the memory of verdicts, stay bounded. */
class PagesAhead {
  private readonly live: Array<{ readonly input: number; readonly page: number }> = [];
  private readonly byInput: Array<Array<Uint32Array | undefined>> = [];

  constructor(private readonly progress: Int32Array, private readonly max: number) {}

  known(input: number, index: number): Uint32Array | undefined {
    return this.byInput[input]?.[Math.floor(index / PAGE_OBJECTS)];
  }

  /** A new page for object `index`; waits while `max` are ahead. */
  async make(input: number, index: number): Promise<Uint32Array> {
    while (this.forgetPassed() >= this.max) await delay(5);
    const number = Math.floor(index / PAGE_OBJECTS);
    const buffer = new SharedArrayBuffer(PAGE_OBJECTS * 8);
    const page = new Uint32Array(buffer);
    (this.byInput[input] ??= [])[number] = page;
    this.live.push({ input, page: number });
    parentPort?.postMessage({ input, page: number, buffer } satisfies VerdictPage);
    return page;
  }

  /** Forgets the pages the main thread has read past; how many are left. */
  private forgetPassed(): number {
    const input = Atomics.load(this.progress, 0);
    const page = Math.floor(Atomics.load(this.progress, 1) / PAGE_OBJECTS);
    while (this.live.length > 0) {
      const oldest = this.live[0];
      if (oldest.input > input || (oldest.input === input && oldest.page >= page)) break;
      this.live.shift();
      this.byInput[oldest.input][oldest.page] = undefined;
    }
    return this.live.length;
  }
}

/** The main thread is past object `index` of input `input`, or nearly. */
function isBehind(progress: Int32Array, input: number, index: number): boolean {
  const at = Atomics.load(progress, 0);
  return at > input || (at === input && Atomics.load(progress, 1) + LEAD > index);
}

function store(page: Uint32Array, slice: ObjectSlice, verdict: number): void {
  const at = (slice.index % PAGE_OBJECTS) * 2;
  // The hash first: once the entry says SEEN, its hash is there too.
  Atomics.store(page, at + 1, hashOf(slice.text));
  Atomics.store(page, at, entryOf(slice.text, verdict));
}

/** `VALID_AS_READ` when the object passes unchanged with nothing to report,
 * plus `VERBATIM` when its text is known to be what `JSON.stringify` writes
 * for it (`isVerbatim`, without serializing it), or
 * `EXACT_NUMBERS` when it has numbers `Number` would not keep. */
function verdictOf(slice: ObjectSlice, role: DatasetRole | undefined): number {
  const decoded = decodeObjectText(slice, { source: '', index: 0 });
  if (decoded.isErr()) return 0;
  const { object } = decoded.value;
  const record = { source: '', index: 0, object, bytes: slice.text.length, role };
  const item: ObjectItem = { kind: 'object', record };
  const out = validateRecord(item, options);
  if (out.length !== 1 || out[0] !== item) return 0;
  if (slice.exactNumbers) return VALID_AS_READ | EXACT_NUMBERS;
  return isVerbatim(slice, object) ? VALID_AS_READ | VERBATIM : VALID_AS_READ;
}
