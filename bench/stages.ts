import { closeSync, createReadStream, openSync, writeSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { Item } from '../core/item.js';
import { dedupeRecord, dedupeState } from '../operators/dedupe-by-id.js';
import { DependencyOrder } from '../operators/dependency-order.js';
import { stripCreator } from '../operators/remove-creator.js';
import { validateRecord } from '../operators/validate.js';
import { indexInputs } from '../pipeline/index-inputs.js';
import { objectFrame, type ObjectInput } from '../sinks/object-frame.js';
import { itemOfEvent } from '../sources/item-of-event.js';
import { ObjectSplitter } from '../sources/object-splitter.js';
import { resolveSourceOptions } from '../sources/source-options.js';
import type { SplitEvent } from '../sources/split-event.js';
import { MIB } from './generate-bundle.js';

/** One stage's cost over a whole input. */
export interface StageTime {
  readonly stage: string;
  readonly seconds: number;
  readonly mibPerSecond: number;
  readonly microsPerObject: number;
}

const MAX_OBJECT_BYTES = 64 * MIB;

/**
 * The throughput of each stage of `export` on one file, measured in this
 * process, one stage after the other as the product chains them:
 * the splitter alone, pass 1 (splitter + summaries into the `IdIndex`),
 * then one pass-2 loop timing separately the splitter with hashes, decode
 * (`JSON.parse`), validate, dedupe + order + remove-creator, and
 * serialize + write (NDJSON to `out`, 1 MiB writes). Single-threaded, no
 * RxJS and no credit window: the sum is a floor for the product's time.
 */
export async function measureStages(path: string, bytes: number,
  out: string): Promise<StageTime[]> {
  const times = new Map<string, number>();
  const add = (stage: string, ms: number): void => {
    times.set(stage, (times.get(stage) ?? 0) + ms);
  };
  let objects = 0;

  let t = performance.now();
  const alone = new ObjectSplitter({ source: path, maxObjectBytes: MAX_OBJECT_BYTES });
  for await (const chunk of createReadStream(path, { highWaterMark: MIB })) {
    objects += count(alone.push(chunk as Buffer));
  }
  objects += count(alone.end());
  add('splitter alone', performance.now() - t);

  t = performance.now();
  const input = { name: path, path, location: { kind: 'path' as const, path },
    status: 'local' as const };
  const { index } = await indexInputs([input], { maxObjectBytes: MAX_OBJECT_BYTES });
  add('pass 1 index', performance.now() - t);

  const options = resolveSourceOptions({ name: path, maxObjectBytes: MAX_OBJECT_BYTES,
    hash: true });
  const splitter = new ObjectSplitter({ source: path, maxObjectBytes: MAX_OBJECT_BYTES,
    hash: true });
  const dedupe = dedupeState({ index });
  const order = new DependencyOrder({ index });
  const validation = { isAuthor: (id: string) => index.isAuthor(id) };
  const frame = objectFrame('ndjson')();
  const fd = openSync(out, 'w');
  let pending = '';
  const write = (items: readonly Item[]): void => {
    const start = performance.now();
    for (const item of items) {
      if (item.kind === 'object') pending += frame.body(item as ObjectInput).text;
    }
    if (pending.length >= MIB) {
      writeSync(fd, pending);
      pending = '';
    }
    add('serialize + write', performance.now() - start);
  };
  const pass2 = (events: SplitEvent[]): void => {
    for (const event of events) {
      let start = performance.now();
      const item = itemOfEvent(path, event, options);
      add('decode', performance.now() - start);
      if (item?.kind !== 'object') continue;
      start = performance.now();
      const checked = validateRecord(item, validation);
      add('validate', performance.now() - start);
      start = performance.now();
      const ordered: Item[] = [];
      for (const outcome of checked) {
        const kept = outcome.kind === 'object' ? dedupeRecord(outcome, dedupe) : outcome;
        ordered.push(...order.push(kept).map(strip));
      }
      add('dedupe + order', performance.now() - start);
      write(ordered);
    }
  };
  for await (const chunk of createReadStream(path, { highWaterMark: 256 * 1024 })) {
    t = performance.now();
    const events = splitter.push(chunk as Buffer);
    add('pass 2 splitter + hash', performance.now() - t);
    pass2(events);
  }
  pass2(splitter.end());
  write(order.finish());
  writeSync(fd, pending);
  closeSync(fd);

  return [...times].map(([stage, ms]) => ({
    stage, seconds: ms / 1000, mibPerSecond: bytes / MIB / (ms / 1000),
    microsPerObject: (ms * 1000) / Math.max(1, objects),
  }));
}

const count = (events: readonly SplitEvent[]): number =>
  events.filter((event) => event.kind === 'object').length;

const strip = (item: Item): Item =>
  item.kind === 'object'
    ? { ...item, record: { ...item.record, object: stripCreator(item.record.object) } }
    : item;

/** The stage table as text. */
export function formatStages(sizeMiB: number, stages: readonly StageTime[]): string {
  const lines = stages.map((s) => `${String(sizeMiB).padStart(4)}  ${s.stage.padEnd(24)}` +
    `${s.seconds.toFixed(2).padStart(8)}${s.mibPerSecond.toFixed(1).padStart(9)}` +
    `${s.microsPerObject.toFixed(1).padStart(10)}`);
  const total = stages.slice(1).reduce((sum, s) => sum + s.seconds, 0);
  return [`MiB   stage                    seconds    MiB/s  µs/object`,
    '-'.repeat(56), ...lines, `      (pass 1 + pass 2 stages: ${total.toFixed(2)} s)`].join('\n');
}
