import { readFileSync } from 'node:fs';
import { from, lastValueFrom, toArray, type OperatorFunction } from 'rxjs';
import { objectItem, type Item, type ObjectItem } from '../../core/item.js';
import type { JsonObject } from '../../core/json.js';
import { bytesHash } from '../../core/bytes-hash.js';
import { IdIndex } from '../../operators/id-index.js';
import { sharedPath } from './shared-dir.js';

export const CASES = sharedPath('cases');
export const DATASETS = sharedPath('datasets');

/** One input: its name and its objects, in order. */
export interface Input {
  readonly source: string;
  readonly objects: readonly JsonObject[];
}

export const readJson = (path: string): JsonObject =>
  JSON.parse(readFileSync(path, 'utf8')) as JsonObject;

/** The `objects` of a bundle file, as an input named `source`. */
export function bundleInput(path: string, source = path): Input {
  return { source, objects: readJson(path).objects as JsonObject[] };
}

/** Object items of the inputs, in order, with their positions; `hash` is set
 * only when `withHash` (else dedupe hashes the object itself). */
export function itemsOf(inputs: readonly Input[], withHash = false): ObjectItem[] {
  return inputs.flatMap(({ source, objects }) =>
    objects.map((object, index) => {
      const text = JSON.stringify(object);
      const bytes = Buffer.byteLength(text);
      const hash = withHash ? { hash: bytesHash(Buffer.from(text)) } : {};
      return objectItem({ source, index, object, bytes, ...hash });
    }),
  );
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : undefined;

/** Pass 1 as a splitter would do it: one summary per object, in order. */
export function indexOf(inputs: readonly Input[]): IdIndex {
  const index = new IdIndex(inputs.map((input) => input.source));
  inputs.forEach(({ objects }, source) =>
    objects.forEach((object, at) =>
      index.add({
        source,
        index: at,
        id: text(object.id),
        type: text(object.type),
        modified: text(object.modified),
        createdByRef: text(object.created_by_ref),
        hash: bytesHash(Buffer.from(JSON.stringify(object))),
      }),
    ),
  );
  return index;
}

/** Runs `items` through `operator` and collects what comes out. */
export function run<T>(items: readonly Item[], operator: OperatorFunction<Item, T>): Promise<T[]> {
  return lastValueFrom(from(items).pipe(operator, toArray()));
}

/** How many items of each kind. */
export function kinds(items: readonly Item[]): Record<Item['kind'], number> {
  const counts = { object: 0, merged: 0, rejected: 0, deferred: 0, note: 0 };
  for (const item of items) counts[item.kind]++;
  return counts;
}

/** `source#index` of an item's record, for compact assertions. */
export const where = (item: Item): string =>
  item.kind === 'note' ? 'note' : `${item.record.source}#${item.record.index}`;
