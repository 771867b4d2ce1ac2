import type { ObjectItem } from '../../core/item.js';
import type { JsonObject } from '../../core/json.js';

export const AUTHOR_ID = 'identity--ac376f35-5c1b-5b39-9a8c-6d0d1b8a2d41';

/** The author identity every generated object points to. */
export const AUTHOR: JsonObject = {
  type: 'identity',
  spec_version: '2.1',
  id: AUTHOR_ID,
  created: '2024-01-01T00:00:00.000Z',
  modified: '2024-01-01T00:00:00.000Z',
  name: 'Example Author',
  identity_class: 'organization',
};

/** A deterministic v4-shaped id for index `i`. */
export const identityId = (i: number): string =>
  `identity--00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;

/** Organisation `i`, about `bytes` bytes of JSON, authored by {@link AUTHOR}. */
export function organisation(i: number, bytes = 420): JsonObject {
  const object: JsonObject = {
    type: 'identity',
    spec_version: '2.1',
    id: identityId(i),
    created: '2024-01-01T00:00:00.000Z',
    modified: '2024-01-01T00:00:00.000Z',
    name: `Example Corp ${i}`,
    identity_class: 'organization',
    created_by_ref: AUTHOR_ID,
    description: '',
  };
  const pad = Math.max(0, bytes - JSON.stringify(object).length);
  return { ...object, description: 'x'.repeat(pad) };
}

/** An object item as a source would emit it. */
export function objectItemOf(object: JsonObject, index: number): ObjectItem {
  return {
    kind: 'object',
    record: { source: 'generated.json', index, object, bytes: JSON.stringify(object).length },
  };
}

/** The author followed by `n` organisations, as object items. */
export function organisationItems(n: number, bytes = 420): ObjectItem[] {
  const items = [objectItemOf(AUTHOR, 0)];
  for (let i = 1; i <= n; i += 1) items.push(objectItemOf(organisation(i, bytes), i));
  return items;
}
