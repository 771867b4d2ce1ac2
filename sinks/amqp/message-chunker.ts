import { idOf } from '../../core/item.js';
import type { JsonObject } from '../../core/json.js';
import { serializeRecord } from '../../core/serialize.js';
import { CarriedObjects } from './carried-objects.js';
import { MessageEnvelope, type EnvelopeFields } from './message-envelope.js';

/** A message ready to publish: its body, the ids of every object in it (in
 * order, carried authors included) and the tags of the input objects only. */
export interface ChunkMessage<T> {
  readonly kind: 'message';
  readonly sequence: number;
  readonly body: Buffer;
  readonly ids: readonly string[];
  readonly tags: readonly T[];
}

/** One object whose message alone would be over the limit. */
export interface ChunkRejected<T> {
  readonly kind: 'rejected';
  readonly tag: T;
  readonly id: string | undefined;
  /** The size its message would have had. */
  readonly bytes: number;
  readonly limit: number;
}

export type ChunkOutcome<T> = ChunkMessage<T> | ChunkRejected<T>;

export interface ChunkerOptions {
  /** Largest message body, in bytes, measured after base64 and the envelope. */
  readonly maxBytes: number;
  /** Input objects per message (default 1: one object per message). */
  readonly maxObjects?: number;
}

interface Chunk<T> {
  texts: string[];
  ids: string[];
  present: Set<string>;
  tags: T[];
  bytes: number;
}

/**
 * Packs objects, in the order given, into messages whose bodies stay under
 * `maxBytes`. When a message holds several objects, an object whose author
 * (`created_by_ref`) or marking was seen earlier but is not in the message
 * gets a copy of it at the head of the message, so each message is
 * self-contained and keeps dependency order.
 *
 * Memory: one message's worth of object texts, plus the small cache of
 * {@link CarriedObjects}.
 */
export class MessageChunker<T> {
  private readonly envelope: MessageEnvelope;
  private readonly maxObjects: number;
  private readonly carried = new CarriedObjects();
  private chunk: Chunk<T> = emptyChunk();
  private sequence = 1;

  constructor(fields: EnvelopeFields, private readonly options: ChunkerOptions) {
    this.envelope = new MessageEnvelope(fields);
    this.maxObjects = options.maxObjects ?? 1;
    if (!(options.maxBytes > 0)) throw new RangeError('maxBytes must be positive');
    if (!(this.maxObjects >= 1)) throw new RangeError('maxObjects must be at least 1');
  }

  /** Add one object; returns the messages (or the reject) it completes.
   * `exactNumbers: false` (a record's flag) skips the `ExactNumber` walk. */
  add(object: JsonObject, tag: T, exactNumbers?: boolean): ChunkOutcome<T>[] {
    const text = serializeRecord({ object, exactNumbers });
    const bytes = Buffer.byteLength(text);
    const id = idOf(object);
    const carry = this.maxObjects > 1;
    const out: ChunkOutcome<T>[] = [];

    const alone = this.sizeWith(emptyChunk(), object, bytes, carry);
    if (alone > this.options.maxBytes) {
      this.carried.remember(object, text);
      return [{ kind: 'rejected', tag, id, bytes: alone, limit: this.options.maxBytes }];
    }
    const full = this.chunk.tags.length >= this.maxObjects ||
      this.sizeWith(this.chunk, object, bytes, carry) > this.options.maxBytes;
    if (full) out.push(...this.flush());

    if (carry) {
      for (const ref of this.carried.missingFrom(object, this.chunk.present)) {
        push(this.chunk, ref.id, ref.text, ref.bytes);
      }
    }
    push(this.chunk, id, text, bytes);
    this.chunk.tags.push(tag);
    this.carried.remember(object, text);
    return out;
  }

  /** The last, partial message, if any. */
  flush(): ChunkOutcome<T>[] {
    const chunk = this.chunk;
    if (chunk.tags.length === 0) return [];
    this.chunk = emptyChunk();
    const sequence = this.sequence++;
    const body = this.envelope.build(chunk.texts, sequence);
    return [{ kind: 'message', sequence, body, ids: chunk.ids, tags: chunk.tags }];
  }

  private sizeWith(chunk: Chunk<T>, object: JsonObject, bytes: number, carry: boolean): number {
    let total = chunk.bytes + bytes;
    let count = chunk.texts.length + 1;
    if (carry) {
      for (const ref of this.carried.missingFrom(object, chunk.present)) {
        total += ref.bytes;
        count += 1;
      }
    }
    return this.envelope.measure(MessageEnvelope.bundleBytes(total, count), this.sequence);
  }
}

/**
 * Split a list of objects into messages under `maxBytes` (see
 * {@link MessageChunker}); tags are the objects' indexes in `objects`.
 * `maxObjects` defaults to no limit here.
 */
export function splitIntoMessages(
  objects: readonly JsonObject[],
  maxBytes: number,
  fields: EnvelopeFields,
  maxObjects = Number.MAX_SAFE_INTEGER,
): ChunkOutcome<number>[] {
  const chunker = new MessageChunker<number>(fields, { maxBytes, maxObjects });
  const out = objects.flatMap((object, index) => chunker.add(object, index));
  return [...out, ...chunker.flush()];
}

const emptyChunk = <T>(): Chunk<T> => ({
  texts: [], ids: [], present: new Set(), tags: [], bytes: 0,
});

function push<T>(chunk: Chunk<T>, id: string | undefined, text: string, bytes: number): void {
  chunk.texts.push(text);
  chunk.bytes += bytes;
  if (id !== undefined) {
    chunk.ids.push(id);
    chunk.present.add(id);
  }
}
