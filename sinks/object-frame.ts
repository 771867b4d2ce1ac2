import { randomUUID } from 'node:crypto';
import type { ObjectItem } from '../core/item.js';
import { serializeRecord } from '../core/serialize.js';
import type { TextChunk, TextFrame } from './write-text.js';

/** What the object sinks accept: one object item, or a batch of them. */
export type ObjectInput = ObjectItem | readonly ObjectItem[];

/** The two ways objects are written: one STIX 2.1 bundle, or NDJSON. */
export type ObjectFormat = 'bundle' | 'ndjson';

export interface ObjectFrameOptions {
  /** `bundle--<uuid>`; a fresh UUID v4 per write when absent. */
  readonly bundleId?: string;
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}';
const BUNDLE_ID = new RegExp(`^bundle--${UUID}$`);

/**
 * Checks the options once, then returns a factory of frames (one per write):
 * for `bundle`, `{"type":"bundle","id":…,"objects":[` + objects separated by
 * `,\n` + `]}\n`, with no bundle-level `spec_version` (STIX 2.1 has none);
 * for `ndjson`, one object per line. Objects are written with `serializeRecord`,
 * so `ExactNumber`s keep their text. Throws a `RangeError` for a malformed
 * `bundleId`.
 */
export function objectFrame(
  format: ObjectFormat,
  options: ObjectFrameOptions = {},
): () => TextFrame<ObjectInput> {
  if (options.bundleId !== undefined && !BUNDLE_ID.test(options.bundleId)) {
    throw new RangeError(`bundleId must be bundle--<uuid>, got ${options.bundleId}`);
  }
  if (format === 'ndjson') return () => ndjsonFrame;
  return () => bundleFrame(options.bundleId ?? `bundle--${randomUUID()}`);
}

const ndjsonFrame: TextFrame<ObjectInput> = {
  head: '',
  body: (input) => chunkOf(input, (object) => `${object}\n`),
  tail: '',
};

function bundleFrame(id: string): TextFrame<ObjectInput> {
  let first = true;
  const separated = (object: string): string => {
    if (!first) return `,\n${object}`;
    first = false;
    return object;
  };
  return {
    head: `{"type":"bundle","id":${JSON.stringify(id)},"objects":[`,
    body: (input) => chunkOf(input, separated),
    tail: ']}\n',
  };
}

/** The text of one input: each object serialized, then `framed`. */
function chunkOf(input: ObjectInput, framed: (object: string) => string): TextChunk {
  const items: readonly ObjectItem[] = isBatch(input) ? input : [input];
  let text = '';
  for (const item of items) text += framed(serializeRecord(item.record));
  return { text, count: items.length };
}

const isBatch = (input: ObjectInput): input is readonly ObjectItem[] => Array.isArray(input);
