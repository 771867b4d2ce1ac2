import { createReadStream } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import type { ObjectItem } from '../core/item.js';
import type { DatasetRole } from '../core/record.js';
import { decodeObjectText } from '../sources/decode-object.js';
import { ObjectSplitter } from '../sources/object-splitter.js';
import { VALID_AS_READ, VERBATIM } from '../sources/source-options.js';
import type { ObjectSlice, SplitEvent } from '../sources/split-event.js';
import { validateRecord } from './validate.js';
import type { ValidateOptions } from './validation/validate-options.js';
import {
  entryWords, MAX_JUDGED_BYTES, PAGE_OBJECTS,
  type ThreadState, type ThreadInput, type ThreadOptions, type ThreadRequest, type VerdictPage,
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
    void judgeAll(message.inputs, message.maxObjectBytes, new Int32Array(message.progress))
      .finally(() => parentPort?.postMessage({ state: 'done' } satisfies ThreadState));
  }
});
parentPort?.postMessage({ state: 'ready' } satisfies ThreadState);

async function judgeAll(
  inputs: readonly ThreadInput[], maxObjectBytes: number, progress: Int32Array,
): Promise<void> {
  for (const [number, input] of inputs.entries()) {
    const pages: Uint32Array[] = [];
    const splitter = new ObjectSplitter({ source: input.path, maxObjectBytes });
    const judge = (events: readonly SplitEvent[]): boolean => {
      for (const event of events) {
        if (event.kind === 'fatal') return false;
        if (event.kind !== 'object' || event.text.length > MAX_JUDGED_BYTES) continue;
        if (isBehind(progress, number, event.index)) continue;
        store(pages, number, event, verdictOf(event, input.role));
      }
      return true;
    };
    try {
      let whole = true;
      for await (const chunk of createReadStream(input.path, { highWaterMark: 256 * 1024 })) {
        if (Atomics.load(progress, 0) > number) break;
        if (!(whole = judge(splitter.push(chunk as Buffer)))) break;
      }
      if (whole) judge(splitter.end());
    } catch {
      // Unreadable here: the main thread meets the same error and reports it.
    }
  }
}

/** The main thread is past object `index` of input `input`, or nearly. */
function isBehind(progress: Int32Array, input: number, index: number): boolean {
  const at = Atomics.load(progress, 0);
  return at > input || (at === input && Atomics.load(progress, 1) + LEAD > index);
}

function store(pages: Uint32Array[], input: number, slice: ObjectSlice, verdict: number): void {
  const number = Math.floor(slice.index / PAGE_OBJECTS);
  let page = pages[number];
  if (page === undefined) {
    const buffer = new SharedArrayBuffer(PAGE_OBJECTS * 8);
    page = pages[number] = new Uint32Array(buffer);
    parentPort?.postMessage({ input, page: number, buffer } satisfies VerdictPage);
  }
  const [entry, hash] = entryWords(slice.text, verdict);
  const at = (slice.index % PAGE_OBJECTS) * 2;
  // The hash first: once the entry says SEEN, its hash is there too.
  Atomics.store(page, at + 1, hash);
  Atomics.store(page, at, entry);
}

/** `VALID_AS_READ` when the object passes unchanged with nothing to report,
 * plus `VERBATIM` when its text is what `JSON.stringify` writes for it. */
function verdictOf(slice: ObjectSlice, role: DatasetRole | undefined): number {
  const decoded = decodeObjectText(slice, { source: '', index: 0 });
  if (decoded.isErr()) return 0;
  const { object, json } = decoded.value;
  const record = { source: '', index: 0, object, bytes: slice.text.length, role };
  const item: ObjectItem = { kind: 'object', record };
  const out = validateRecord(item, options);
  if (out.length !== 1 || out[0] !== item) return 0;
  // Inexact numbers are ExactNumber objects here, which stringify differently.
  const verbatim = !slice.exactNumbers && JSON.stringify(object) === json;
  return verbatim ? VALID_AS_READ | VERBATIM : VALID_AS_READ;
}
