import t from 'tap';
import type { JsonObject } from '../../../core/json.js';
import {
  MessageChunker,
  splitIntoMessages,
  type ChunkMessage,
  type ChunkOutcome,
} from '../../../sinks/amqp/message-chunker.js';
import { AUTHOR, AUTHOR_ID, organisation } from '../../helpers/amqp-test-objects.js';

const FIELDS = { applicantId: 'user-1', workId: 'work-1' };

const objectsOf = (message: ChunkMessage<unknown>): JsonObject[] => {
  const envelope = JSON.parse(message.body.toString('utf8'));
  return JSON.parse(Buffer.from(envelope.content, 'base64').toString('utf8')).objects;
};
const messages = <T>(outcomes: ChunkOutcome<T>[]) =>
  outcomes.filter((o): o is ChunkMessage<T> => o.kind === 'message');

t.test('one object per message by default, in order', async (t) => {
  const chunker = new MessageChunker<number>(FIELDS, { maxBytes: 1 << 20 });
  const input = [AUTHOR, organisation(1), organisation(2)];

  const out = [...input.flatMap((o, i) => chunker.add(o, i)), ...chunker.flush()];

  t.same(out.map((o) => o.kind), ['message', 'message', 'message']);
  t.same(messages(out).map((m) => m.sequence), [1, 2, 3]);
  t.same(messages(out).map((m) => m.tags), [[0], [1], [2]]);
  t.same(messages(out).map(objectsOf), input.map((o) => [o]), 'no author copies');
});

t.test('split respects the limit, keeps order, carries the author', async (t) => {
  const input = [AUTHOR, ...Array.from({ length: 2000 }, (_, i) => organisation(i + 1))];
  const maxBytes = 40_000;

  const out = splitIntoMessages(input, maxBytes, FIELDS);

  const chunks = messages(out);
  t.equal(chunks.length, out.length, 'nothing rejected');
  t.ok(chunks.length > 20, `${chunks.length} chunks`);
  for (const chunk of chunks) {
    t.ok(chunk.body.length <= maxBytes, `chunk ${chunk.sequence}: ${chunk.body.length} bytes`);
    const objects = objectsOf(chunk);
    t.equal(objects[0].id, AUTHOR_ID, `chunk ${chunk.sequence} starts with its author`);
    t.same(objects.map((o) => o.id), chunk.ids);
  }
  const tags = chunks.flatMap((c) => c.tags);
  t.same(tags, input.map((_, i) => i), 'every input object once, in order');
  const union = new Set(chunks.flatMap((c) => c.ids));
  t.same([...union].sort(), input.map((o) => o.id).sort(), 'union of ids = input ids');
  const authorCopies = chunks.flatMap(objectsOf).filter((o) => o.id === AUTHOR_ID).length;
  t.equal(authorCopies, chunks.length, 'one author copy per chunk');
});

t.test('a chunk cut at the limit is full: the next object would not fit', async (t) => {
  const input = [AUTHOR, ...Array.from({ length: 300 }, (_, i) => organisation(i + 1))];
  const out = messages(splitIntoMessages(input, 20_000, FIELDS));
  const per = Buffer.byteLength(JSON.stringify(organisation(1)));
  for (const chunk of out.slice(0, -1)) {
    t.ok(chunk.body.length + Math.ceil((per + 1) * 4 / 3) > 20_000 - 4, `chunk ${chunk.sequence}`);
  }
});

t.test('carries a referenced marking definition too', async (t) => {
  const marking: JsonObject = {
    type: 'marking-definition', spec_version: '2.1',
    id: 'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9',
    created: '2024-01-01T00:00:00.000Z', name: 'Example marking',
  };
  const marked: JsonObject = { ...organisation(9), object_marking_refs: [marking.id as string] };
  const input = [AUTHOR, marking, organisation(1, 3000), marked];

  const out = messages(splitIntoMessages(input, 5000, FIELDS));

  t.equal(out.length, 2, 'the marked object starts a second chunk');
  const last = objectsOf(out[1]).map((o) => o.id);
  t.same(last, [AUTHOR_ID, marking.id, marked.id]);
});

t.test('an object too large alone is rejected by name; the rest go on', async (t) => {
  const big = organisation(2, 50_000);
  const input = [AUTHOR, organisation(1), big, organisation(3)];

  const out = splitIntoMessages(input, 20_000, FIELDS, 1);

  const rejected = out.filter((o) => o.kind === 'rejected');
  t.equal(rejected.length, 1);
  t.match(rejected[0], { tag: 2, id: big.id, limit: 20_000 });
  t.ok(rejected[0].kind === 'rejected' && rejected[0].bytes > 50_000 * 4 / 3);
  t.same(messages(out).flatMap((m) => m.tags), [0, 1, 3]);
});

t.test('refuses bad limits at construction', async (t) => {
  t.throws(() => new MessageChunker(FIELDS, { maxBytes: 0 }), RangeError);
  t.throws(() => new MessageChunker(FIELDS, { maxBytes: 10, maxObjects: 0 }), RangeError);
});
