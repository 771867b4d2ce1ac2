import t from 'tap';
import type { DeferredItem, Item, ObjectItem } from '../../core/item.js';
import type { JsonObject } from '../../core/json.js';
import { dedupeById } from '../../operators/dedupe-by-id.js';
import { orderByDependency } from '../../operators/order-by-dependency.js';
import { AuthorHold, removeCreator, stripCreator } from '../../operators/remove-creator.js';
import {
  DATASETS, bundleInput, indexOf, itemsOf, kinds, run, where,
} from '../helpers/stix-items.js';

const AUTHOR = 'identity--8cb00c79-ab20-5ed4-b37d-337241b96a29';
const inputs = ['sectors', 'geography', 'companies'].map((name) =>
  bundleInput(`${DATASETS}/${name}.json`, `${name}.json`));

const objects = (out: Item[]) =>
  out.filter((i): i is ObjectItem => i.kind === 'object').map((i) => i.record.object);

t.test('the real datasets: no object keeps created_by_ref, nothing else changes', async (t) => {
  const index = indexOf(inputs);
  const items = itemsOf(inputs);
  const before = JSON.stringify(items.map((i) => i.record.object));

  const out = await run(items, (s) =>
    s.pipe(dedupeById({ index }), orderByDependency({ index }), removeCreator()));

  t.same(kinds(out), { object: 721, merged: 2, rejected: 0, deferred: 0, note: 0 });
  const sent = objects(out);
  t.equal(sent.filter((o) => 'created_by_ref' in o).length, 0);
  t.equal(JSON.stringify(items.map((i) => i.record.object)), before, 'inputs not mutated');
  const original = new Map(items.map((i) => [i.record.object.id, i.record.object]));
  const changed = sent.filter((o) => {
    const { created_by_ref: _creator, ...rest } = original.get(o.id)!;
    return JSON.stringify(rest) !== JSON.stringify(o);
  });
  t.same(changed, [], 'only created_by_ref went');
});

t.test('dropUnreferencedAuthor: the datasets author is dropped, deferred', async (t) => {
  const index = indexOf(inputs);

  const out = await run(itemsOf(inputs), (s) => s.pipe(dedupeById({ index }),
    orderByDependency({ index }), removeCreator({ dropUnreferencedAuthor: true, index })));

  t.same(kinds(out), { object: 720, merged: 2, rejected: 0, deferred: 1, note: 0 });
  t.equal(objects(out).filter((o) => o.id === AUTHOR).length, 0);
  const [dropped] = out.filter((i): i is DeferredItem => i.kind === 'deferred');
  t.equal(where(dropped), 'companies.json#0');
  t.same(dropped.problems.map((p) => [p.severity, p.rule, p.id]),
    [['warning', 'author-dropped', AUTHOR]]);
});

/** Items of one synthetic source `s`. */
const items = (...list: JsonObject[]): ObjectItem[] =>
  list.map((object, index) =>
    ({ kind: 'object', record: { source: 's', index, object, bytes: 1 } }));
const author = { type: 'identity', id: 'identity--00000000-0000-4000-8000-000000000001' };
const org = {
  type: 'identity', id: 'identity--00000000-0000-4000-8000-000000000002',
  created_by_ref: author.id,
};
const rel = {
  type: 'relationship', id: 'relationship--00000000-0000-4000-8000-000000000003',
  created_by_ref: author.id, source_ref: org.id, target_ref: author.id,
};

t.test('an author another object references leaves just before it', async (t) => {
  const hold = new AuthorHold(indexOf([{ source: 's', objects: [author, org, rel] }]));

  const out = [...items(author, org, rel).flatMap((i) => hold.push(i)), ...hold.finish()];

  t.same(out.map(where), ['s#1', 's#0', 's#2'], 'held until the relationship needs it');
  t.same(objects(out).map((o) => 'created_by_ref' in o), [false, false, false]);
});

t.test('without an index an author is held only once named as creator', async (t) => {
  const late = new AuthorHold();
  const early = new AuthorHold();

  const first = [...items(org, author).flatMap((i) => late.push(i)), ...late.finish()];
  const second = [...items(author, org).flatMap((i) => early.push(i)), ...early.finish()];

  t.same(first.map((i) => [i.kind, where(i)]), [['object', 's#0'], ['deferred', 's#1']]);
  t.same(second.map((i) => [i.kind, where(i)]), [['object', 's#0'], ['object', 's#1']]);
});

t.test('stripCreator makes a new object and leaves others alone', async (t) => {
  const stripped = stripCreator(org);

  t.not(stripped, org);
  t.same(stripped, { type: 'identity', id: org.id });
  t.equal(org.created_by_ref, author.id);
  t.equal(stripCreator(author), author, 'nothing to strip: the same object');
});
