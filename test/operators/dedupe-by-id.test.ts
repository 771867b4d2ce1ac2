import t, { type Test } from 'tap';
import type { Item, MergedItem, ObjectItem, RejectedItem } from '../../core/item.js';
import { dedupeById, dedupeRecord, dedupeState } from '../../operators/dedupe-by-id.js';
import {
  CASES, DATASETS, bundleInput, indexOf, itemsOf, kinds, run, where,
} from '../helpers/stix-items.js';

const C05 = bundleInput(`${CASES}/C05-duplicate-id.json`, 'C05.json');
const PARTNER = 'identity--60a2d685-351f-4f2a-85ca-00176c01eb2d';

const merged = (out: Item[]) =>
  out.filter((i): i is MergedItem => i.kind === 'merged')
    .map((i) => [i.record.index, i.reason, i.into.source, i.into.index]);

const rejected = (out: Item[]) => out.filter((i): i is RejectedItem => i.kind === 'rejected');

function assertConflict(t: Test, out: Item[]): void {
  const [reject, ...more] = rejected(out);
  t.equal(more.length, 0, 'one reject');
  t.equal(where(reject), 'C05.json#4');
  t.equal(reject.problems.length, 1);
  const [problem] = reject.problems;
  t.equal(problem.rule, 'version-conflict');
  t.equal(problem.severity, 'error');
  t.equal(problem.id, PARTNER);
  t.equal(problem.pointer, '/modified');
  t.equal(problem.value, '2024-02-01T12:00:00.000Z');
  t.match(problem.message, /^version conflict: objects\[3\] vs objects\[4\];/);
}

t.test('C05 with the index: the winner passes, every other copy ends', async (t) => {
  const out = await run(itemsOf([C05]), dedupeById({ index: indexOf([C05]) }));

  t.same(kinds(out), { object: 2, merged: 3, rejected: 1, deferred: 0, note: 0 });
  t.same(out.filter((i) => i.kind === 'object').map(where), ['C05.json#0', 'C05.json#3']);
  t.same(merged(out), [
    [1, 'older-version', 'C05.json', 3],
    [2, 'older-version', 'C05.json', 3],
    [5, 'identical', 'C05.json', 0],
  ], 'older copies merge even though they come first');
  assertConflict(t, out);
});

t.test('C05 with the index, hashes given by the source', async (t) => {
  const out = await run(itemsOf([C05], true), dedupeById({ index: indexOf([C05]) }));

  t.same(kinds(out), { object: 2, merged: 3, rejected: 1, deferred: 0, note: 0 });
  assertConflict(t, out);
});

t.test('C05 without an index: a newer copy after an older one is an update', async (t) => {
  const out = await run(itemsOf([C05]), dedupeById());

  // [1] (v1) has left before [3] (v2) is seen: both go, OpenCTI upserts v2.
  t.same(kinds(out), { object: 3, merged: 2, rejected: 1, deferred: 0, note: 0 });
  t.same(out.filter((i) => i.kind === 'object').map(where),
    ['C05.json#0', 'C05.json#1', 'C05.json#3']);
  t.same(merged(out), [[2, 'identical', 'C05.json', 1], [5, 'identical', 'C05.json', 0]]);
  assertConflict(t, out);
});

t.test('without an index an older copy after a newer one merges', async (t) => {
  const [author, v1, , v2] = itemsOf([C05]);
  const state = dedupeState();

  const out = [author, v2, v1].map((item) => dedupeRecord(item, state));

  t.same(out.map((i) => i.kind), ['object', 'object', 'merged']);
  t.same(merged(out), [[1, 'older-version', 'C05.json', 3]]);
});

t.test('copies across inputs name both sources', async (t) => {
  const other = { source: 'other.json', objects: [C05.objects[4]] };
  const inputs = [{ source: 'C05.json', objects: C05.objects.slice(0, 4) }, other];

  const out = await run(itemsOf(inputs), dedupeById({ index: indexOf(inputs) }));

  const [problem] = rejected(out)[0].problems;
  t.equal(problem.source, 'other.json');
  t.equal(problem.index, 0);
  t.match(problem.message, /^version conflict: C05\.json objects\[3\] vs other\.json objects\[0\]/);
});

t.test('other items pass through in order; objects with bad ids pass', async (t) => {
  const note: Item = {
    kind: 'note',
    problem: { source: 's', index: 0, severity: 'warning', pointer: '', rule: 'x', message: 'm' },
  };
  const bad: ObjectItem =
    { kind: 'object', record: { source: 's', index: 1, bytes: 2, object: { id: 'nope' } } };
  const noId: ObjectItem =
    { kind: 'object', record: { source: 's', index: 2, bytes: 2, object: {} } };

  const out = await run([note, bad, bad, noId], dedupeById());

  t.same(out, [note, bad, bad, noId]);
});

t.test('the real datasets: only the author repeats, newest in companies', async (t) => {
  const inputs = ['sectors', 'geography', 'companies'].map((name) =>
    bundleInput(`${DATASETS}/${name}.json`, `${name}.json`));

  const out = await run(itemsOf(inputs), dedupeById({ index: indexOf(inputs) }));

  t.same(kinds(out), { object: 721, merged: 2, rejected: 0, deferred: 0, note: 0 });
  t.same(out.filter((i) => i.kind === 'merged').map(where),
    ['sectors.json#0', 'geography.json#0']);
  t.same(merged(out), [
    [0, 'older-version', 'companies.json', 0],
    [0, 'older-version', 'companies.json', 0],
  ], 'the author has a later modified in each file');
});
