import { readFileSync } from 'node:fs';
import { objectItem, type Item, type ObjectItem } from '../../core/item.js';
import type { JsonObject } from '../../core/json.js';
import type { DatasetRole } from '../../core/record.js';
import { validateRecord } from '../../operators/validate.js';
import type { ValidateOptions } from '../../operators/validation/validate-options.js';
import { sharedPath } from './shared-dir.js';

/** The objects of a shared case bundle as items, with a role when given. */
export function caseItems(name: string, role?: DatasetRole): ObjectItem[] {
  const source = sharedPath('cases', `${name}.json`);
  const bundle = JSON.parse(readFileSync(source, 'utf8')) as { objects: JsonObject[] };
  return bundle.objects.map((object, index) =>
    objectItem({ source, index, object, bytes: 0, ...(role === undefined ? {} : { role }) }),
  );
}

/** Runs validate over items: indexes emitted and rejected, every problem. */
export function validateAll(items: ObjectItem[], options: ValidateOptions = {}) {
  const out: Item[] = items.flatMap((item) => validateRecord(item, options));
  const emitted = out.flatMap((i) => (i.kind === 'object' ? [i.record.index] : []));
  const rejected = out.flatMap((i) => (i.kind === 'rejected' ? [i.record.index] : []));
  const objects = out.flatMap((i) => (i.kind === 'object' ? [i.record.object] : []));
  const notes = out.flatMap((i) => (i.kind === 'note' ? [i.problem] : []));
  const errors = out.flatMap((i) => (i.kind === 'rejected' ? i.problems : []));
  return { out, emitted, rejected, objects, notes, errors };
}
