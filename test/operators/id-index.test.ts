import t from 'tap';
import { IdIndex, type ObjectSummary } from '../../operators/id-index.js';

const ID = 'identity--60a2d685-351f-4f2a-85ca-00176c01eb2d';
const T1 = '2024-01-10T09:00:00.000Z';
const T2 = '2024-02-01T12:00:00.000Z';

const summary = (index: number, extra: Partial<ObjectSummary> = {}): ObjectSummary =>
  ({ source: 0, index, id: ID, modified: T1, hash: 1, ...extra });

/** A deterministic UUIDv4-shaped text from a xorshift32 stream. */
function uuids(seed: number): () => string {
  let state = seed;
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0).toString(16).padStart(8, '0');
  };
  return () => {
    const hex = next() + next() + next() + next();
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-` +
      `8${hex.slice(17, 20)}-${hex.slice(20)}`;
  };
}

t.test('1,000,000 ids: under 55 bytes each, every lookup right', async (t) => {
  const types = ['identity', 'location', 'relationship'];
  const next = uuids(0x9e3779b9);
  const ids: string[] = [];
  const index = new IdIndex(['big.json']);

  for (let i = 0; i < 1_000_000; i++) {
    const id = `${types[i % 3]}--${next()}`;
    ids.push(id);
    index.add({ source: 0, index: i, id, modified: T1, hash: i });
  }

  t.equal(index.size, 1_000_000);
  t.equal(index.skipped, 0);
  const bytes = index.bytesPerId();
  t.ok(bytes < 55, `${bytes.toFixed(1)} bytes per id (39 in columns, slots at 50-75% load)`);
  let wrong = 0;
  for (let i = 0; i < ids.length; i++) {
    const winner = index.winnerOf(ids[i]);
    if (winner?.index !== i || winner.hash !== i || winner.several) wrong++;
  }
  t.equal(wrong, 0, 'every id finds its own position and hash');
  t.equal(index.has(`identity--${next()}`), false, 'an id never added is absent');
  t.equal(index.has(ids[1].replace('location--', 'identity--')), false,
    'the type is part of the key');
  let seen = 0;
  for (const id of index.ids()) {
    if (id !== ids[seen]) break;
    seen++;
  }
  t.equal(seen, ids.length, 'ids() rebuilds every id in the order first seen');
  const typo = ids[500_001].slice(0, -1) + (ids[500_001].endsWith('0') ? '1' : '0');
  t.same(index.nearest(typo, 2), { id: ids[500_001], distance: 1 });
});

t.test('the winner: latest modified, else the first copy', async (t) => {
  const index = new IdIndex(['a.json', 'b.json']);

  index.add(summary(1));
  index.add(summary(2));
  t.same(index.winnerOf(ID), {
    source: 0, index: 1, modified: Date.parse(T1) * 1000, hash: 1,
    several: true, versions: false, conflict: false,
  }, 'identical copies: the first');

  index.add(summary(3, { modified: T2, hash: 2 }));
  index.add(summary(4, { modified: T2, hash: 3 }));
  t.same(index.winnerOf(ID), {
    source: 0, index: 3, modified: Date.parse(T2) * 1000, hash: 2,
    several: true, versions: true, conflict: true,
  }, 'a newer version wins; same modified, other hash: a conflict');

  t.same([...index.conflictingIds()], [ID], 'the conflicting id, for pass 2 to hash');
  index.add({ ...summary(0, { modified: '2024-03-01T00:00:00Z', hash: 4 }), source: 1 });
  t.match(index.winnerOf(ID), { source: 1, index: 0, conflict: false }, 'a newer one clears it');
  t.same([...index.conflictingIds()], [], 'and leaves no id to hash');
  index.add(summary(5, { modified: T2, hash: 2 }));
  t.match(index.winnerOf(ID), { source: 1, index: 0 }, 'an older one changes nothing');
  t.equal(index.sourceName(1), 'b.json');
  t.equal(index.size, 1);
});

t.test('modified is compared to the microsecond', async (t) => {
  const index = new IdIndex();

  index.add(summary(0, { modified: '2023-11-19T01:02:21.547893Z' }));
  index.add(summary(1, { modified: '2023-11-19T01:02:21.547894Z' }));
  index.add(summary(2, { modified: '2023-11-19T02:02:21.547894+01:00', hash: 9 }));

  t.match(index.winnerOf(ID), { index: 1, modified: 1700355741547894, conflict: true });
});

t.test('ids not <type>--<uuid> are not indexed', async (t) => {
  const index = new IdIndex();
  const bad = [
    undefined, 'identity', 'identity--60a2d685-351f-4f2a-85ca-00176c01eb2',
    'identity--60A2D685-351F-4F2A-85CA-00176C01EB2D',
    'Identity--60a2d685-351f-4f2a-85ca-00176c01eb2d',
    '--60a2d685-351f-4f2a-85ca-00176c01eb2d', 'identity--60a2d685x351f-4f2a-85ca-00176c01eb2d',
    'identity--60a2d685-351f-4f2a-85ca-00176c01eb2g',
  ];

  bad.forEach((id, at) => index.add({ source: 0, index: at, hash: 0, ...(id ? { id } : {}) }));

  t.equal(index.size, 0);
  t.equal(index.skipped, bad.length);
  t.equal(index.has('identity'), false);
  t.equal(index.bytesPerId(), 0);
});

t.test('authors are the created_by_ref values', async (t) => {
  const index = new IdIndex();

  index.add(summary(0, { createdByRef: 'identity--8cb00c79-ab20-5ed4-b37d-337241b96a29' }));

  t.equal(index.isAuthor('identity--8cb00c79-ab20-5ed4-b37d-337241b96a29'), true);
  t.equal(index.isAuthor(ID), false);
});

t.test('nearest: same type, within the distance, never itself', async (t) => {
  const index = new IdIndex();
  const near = 'location--c8c5f2ea-115d-48d0-bcf3-fa2527591762';
  index.add({ source: 0, index: 0, id: near, hash: 0 });
  index.add({ source: 0, index: 1, id: 'identity--c8c5f2ea-115d-48d0-bcf3-fa2527591760', hash: 0 });

  const typo = 'location--c8c5f2ea-115d-48d0-bcf3-fa2527591760';
  t.same(index.nearest(typo, 2), { id: near, distance: 1 });
  t.same(index.nearest(typo.slice(0, -2), 2), { id: near, distance: 2 });
  t.equal(index.nearest(typo, 0), undefined, 'maxDistance 0 finds nothing');
  t.equal(index.nearest('location--c8c5f2ea-115d-48d0-bcf3-fa2527591abc', 2), undefined);
  t.equal(index.nearest(near, 2), undefined, 'distance 0 is the id itself');
  t.equal(index.nearest('campaign--c8c5f2ea-115d-48d0-bcf3-fa2527591762', 2), undefined);
  t.equal(index.nearest('nonsense', 2), undefined);
});

t.test('input names must be unique', async (t) => {
  t.throws(() => new IdIndex(['a.json', 'a.json']), RangeError);
  t.equal(new IdIndex(['a.json', 'b.json']).sourceNumber('b.json'), 1);
});

t.test('marks: bits in the index entries, a Map for other ids, reset per consumer', async (t) => {
  const index = new IdIndex(['a.json']);
  index.add(summary(0));
  index.add(summary(1, { modified: T2, hash: 2 }));
  const other = 'identity--00000000-0000-4000-8000-000000000001';

  const marks = index.marks();
  t.equal(marks.get(ID), 0);
  marks.add(ID, 1);
  marks.add(ID, 4);
  marks.add(other, 2);
  marks.add('not an id', 16);
  t.equal(marks.get(ID), 5);
  t.equal(marks.get(other), 2, 'an id the index lacks is kept aside');
  t.equal(marks.get('not an id'), 16);
  t.equal(index.size, 1, 'marking adds no id to the index');
  t.matchOnly(index.winnerOf(ID), { source: 0, index: 1, several: true, versions: true,
    conflict: false, modified: Date.parse(T2) * 1000, hash: 2 }, 'the winner flags are intact');

  const again = index.marks();
  t.equal(again.get(ID), 0, 'a new consumer starts from zero');
  t.equal(again.get(other), 0);
  t.equal(index.winnerOf(ID)?.versions, true);
});
