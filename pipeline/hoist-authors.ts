import { createReadStream } from 'node:fs';
import type { Item } from '../core/item.js';
import type { IdIndex } from '../operators/id-index.js';
import { itemOfEvent } from '../sources/item-of-event.js';
import { ObjectSplitter } from '../sources/object-splitter.js';
import { resolveSourceOptions } from '../sources/source-options.js';
import type { PreparedInput } from './inputs.js';

/** Where a hoisted object sits: input number and index in its `objects`. */
export interface HoistedPosition {
  readonly source: number;
  readonly index: number;
}

/**
 * The winning copy of every author (an id some object names in its
 * `created_by_ref`), read ahead of the inputs. Every object of the datasets
 * references its author, and the newest copy of the author may sit in the
 * last file: sending it first lets everything else flow at once instead of
 * waiting in the order buffer. Each file is scanned only up to the author's
 * position (usually `objects[0]`). Returns the items and their positions,
 * which the regular reading then skips.
 */
export async function hoistAuthors(
  inputs: readonly PreparedInput[],
  index: IdIndex,
  options: { readonly maxObjectBytes: number },
): Promise<{ items: Item[]; positions: HoistedPosition[] }> {
  const wanted = [...index.authorIds()]
    .map((id) => index.winnerOf(id))
    .filter((winner) => winner !== undefined)
    .map(({ source, index: at }) => ({ source, index: at }));
  const items: Item[] = [];
  const positions: HoistedPosition[] = [];
  for (const position of wanted) {
    const item = await readOne(inputs[position.source], position.index, options.maxObjectBytes);
    if (item?.kind !== 'object') continue; // left where it is: the regular reading reports it
    items.push(item);
    positions.push(position);
  }
  return { items, positions };
}

async function readOne(input: PreparedInput, at: number, maxObjectBytes: number): Promise<Item | undefined> {
  const options = resolveSourceOptions({ name: input.name, role: input.role, maxObjectBytes, hash: true });
  const splitter = new ObjectSplitter({ source: input.name, maxObjectBytes, hash: true });
  for await (const chunk of createReadStream(input.path, { highWaterMark: 64 * 1024 })) {
    for (const event of splitter.push(chunk as Buffer)) {
      if (event.kind === 'fatal') return undefined;
      if (event.kind !== 'bom' && event.index === at) return itemOfEvent(input.name, event, options);
    }
  }
  return undefined;
}
