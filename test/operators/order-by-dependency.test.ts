import t from 'tap';
import { CreditWindow } from '../../core/credit-window.js';
import type { DeferredItem, Item, ObjectItem, RejectedItem } from '../../core/item.js';
import type { JsonObject } from '../../core/json.js';
import { dedupeById } from '../../operators/dedupe-by-id.js';
import { DependencyOrder } from '../../operators/dependency-order.js';
import { orderByDependency } from '../../operators/order-by-dependency.js';
import {
  CASES, DATASETS, bundleInput, indexOf, itemsOf, kinds, readJson, run, where, type Input,
} from '../helpers/stix-items.js';

const c01 = readJson(`${CASES}/C01-dangling-ref-cross-file.json`).files as JsonObject;
const c01Input = (name: string): Input =>
  ({ source: name, objects: (c01[name] as JsonObject).objects as JsonObject[] });
const COMPANIES = c01Input('companies.json');
const SECTORS = c01Input('sectors.json');
const C02 = bundleInput(`${CASES}/C02-dangling-ref-in-bundle.json`, 'C02.json');
const C04 = bundleInput(`${CASES}/C04-location-required-props.json`, 'C04.json');

const ended = (out: Item[], kind: 'rejected' | 'deferred') =>
  out.filter((i): i is RejectedItem | DeferredItem => i.kind === kind);
const brief = (item: RejectedItem | DeferredItem) =>
  item.problems.map((p) => [p.index, p.rule, p.pointer, p.value]);
const emitted = (out: Item[]) => out.filter((i) => i.kind === 'object').map(where);

/** Dedupe then order, both with the index of `inputs`, as the pipeline does. */
function pipeline(inputs: Input[]) {
  const index = indexOf(inputs);
  return run(itemsOf(inputs), (s) => s.pipe(dedupeById({ index }), orderByDependency({ index })));
}

t.test('C01, both files, companies first: the relationship waits for the sector', async (t) => {
  const out = await pipeline([COMPANIES, SECTORS]);

  t.same(kinds(out), { object: 4, merged: 1, rejected: 0, deferred: 0, note: 0 });
  t.same(emitted(out), [
    'companies.json#0', 'companies.json#1', 'sectors.json#1', 'companies.json#2',
  ], 'the relationship leaves right after its target');
  t.same(out.filter((i) => i.kind === 'merged').map(where), ['sectors.json#0']);
});

t.test('C01, companies alone: the relationship is deferred, target not found', async (t) => {
  const out = await pipeline([COMPANIES]);

  t.same(kinds(out), { object: 2, merged: 0, rejected: 0, deferred: 1, note: 0 });
  const [deferred] = ended(out, 'deferred');
  t.same(brief(deferred), [
    [2, 'ref-not-found', '/target_ref', 'identity--91263f39-f322-4b13-abbc-1b055deec8c9'],
  ]);
  t.equal(deferred.problems[0].message,
    'target_ref identity--91263f39-f322-4b13-abbc-1b055deec8c9 not found in inputs');
  t.equal(deferred.problems[0].id, 'relationship--17297365-d66b-40f2-85f4-de7bd1bd8cd3');
});

t.test('C02: dangling author and typo rejected, located-at deferred', async (t) => {
  const out = await pipeline([C02]);

  t.same(kinds(out), { object: 2, merged: 0, rejected: 2, deferred: 1, note: 0 });
  t.same(emitted(out), ['C02.json#0', 'C02.json#2']);
  const [region, typo] = ended(out, 'rejected');
  t.same(brief(region), [
    [1, 'ref-dangling', '/created_by_ref', 'identity--12cd996a-a806-4623-9406-a97f77030265'],
  ], 'one problem; the TLP:WHITE marking raises nothing');
  t.same(brief(typo), [
    [4, 'ref-target-rejected', '/source_ref', 'location--6d5ef7d0-10e3-4787-a26f-7a72b0ba9c98'],
    [4, 'ref-dangling', '/target_ref', 'location--c8c5f2ea-115d-48d0-bcf3-fa2527591760'],
  ]);
  const suggestion = typo.problems[1];
  t.equal(suggestion.suggestion, 'location--c8c5f2ea-115d-48d0-bcf3-fa2527591762');
  t.match(suggestion.message,
    /nearest existing id location--c8c5f2ea-115d-48d0-bcf3-fa2527591762, distance 1$/);
  const [locatedAt] = ended(out, 'deferred');
  t.same(brief(locatedAt), [
    [3, 'ref-target-rejected', '/target_ref', 'location--6d5ef7d0-10e3-4787-a26f-7a72b0ba9c98'],
  ]);
  t.match(locatedAt.problems[0].message, /^target_ref location--6d5ef7d0-\S+ was rejected/);
});

t.test('C02 without an index: nothing is known missing until the end', async (t) => {
  const out = await run(itemsOf([C02]), orderByDependency());

  t.same(kinds(out), { object: 2, merged: 0, rejected: 0, deferred: 3, note: 0 });
  const problems = ended(out, 'deferred').flatMap(brief);
  t.same(problems.map(([index, rule, pointer]) => [index, rule, pointer]), [
    [1, 'ref-not-found', '/created_by_ref'],
    [3, 'ref-unresolved', '/target_ref'],
    [4, 'ref-unresolved', '/source_ref'],
    [4, 'ref-not-found', '/target_ref'],
  ]);
});

t.test('C04: a relationship whose target failed validation is deferred', async (t) => {
  const items: Item[] = itemsOf([C04]).map((item) =>
    item.record.index === 1 || item.record.index === 2
      ? { kind: 'rejected', record: item.record, problems: [] }
      : item);

  const out = await run(items, orderByDependency({ index: indexOf([C04]) }));

  t.same(kinds(out), { object: 2, merged: 0, rejected: 2, deferred: 1, note: 0 });
  t.same(brief(ended(out, 'deferred')[0]), [
    [4, 'ref-target-rejected', '/target_ref', 'location--a1d5c39a-2905-47eb-b305-71fbf59c3472'],
  ]);
});

t.test('the real datasets: everything leaves after what it references', async (t) => {
  const inputs = ['sectors', 'geography', 'companies'].map((name) =>
    bundleInput(`${DATASETS}/${name}.json`, `${name}.json`));
  const index = indexOf(inputs);
  const deduped = await run(itemsOf(inputs), dedupeById({ index }));
  const order = new DependencyOrder({ index });
  const out: Item[] = [];
  let peak = 0;

  for (const item of deduped) {
    out.push(...order.push(item));
    peak = Math.max(peak, order.pending);
  }
  out.push(...order.finish());

  t.equal(out.length, 723, 'read');
  t.same(kinds(out), { object: 721, merged: 2, rejected: 0, deferred: 0, note: 0 });
  const position = new Map<string, number>();
  const objects = out.filter((i): i is ObjectItem => i.kind === 'object');
  objects.forEach((item, at) => position.set(item.record.object.id as string, at));
  let relationships = 0;
  const late: string[] = [];
  let checked = 0;
  for (const { record } of objects) {
    const here = position.get(record.object.id as string)!;
    for (const key of ['created_by_ref', 'source_ref', 'target_ref']) {
      const target = record.object[key];
      if (typeof target !== 'string') continue;
      checked++;
      if (!(position.get(target)! < here)) late.push(`${where({ kind: 'object', record })} ${key}`);
    }
    if (record.object.type === 'relationship') relationships++;
  }
  t.same(late, [], 'no object before what it references');
  t.equal(checked, 720 + 2 * relationships, 'every created_by_ref and end checked');
  t.equal(relationships, 49 + 266 + 31);
  const companyRelationships = objects.filter((i) =>
    i.record.source === 'companies.json' && i.record.object.type === 'relationship');
  t.equal(companyRelationships.length, 31);
  const at = (id: unknown) => position.get(id as string)!;
  t.ok(companyRelationships.every((i) => at(i.record.object.target_ref) < at(i.record.object.id)));
  t.ok(companyRelationships.every((i) =>
    index.winnerOf(i.record.object.target_ref as string)!.source === 0), 'they target sectors');
  t.equal(peak, 121 + 539 - 2, 'sectors and geography wait for the newest author copy');
});

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const author = `identity--${uuid(1)}`;

/** A synthetic object `type--…n` with extra properties, as an item of `s`. */
function obj(index: number, type: string, n: number, extra: JsonObject = {}): ObjectItem {
  const object = { type, id: `${type}--${uuid(n)}`, ...extra };
  return { kind: 'object', record: { source: 's', index, object, bytes: 10 } };
}

/** Records every credit taken and released. */
class SpyCredit extends CreditWindow {
  readonly calls: string[] = [];
  override take(n = 1): void {
    this.calls.push(`take ${n}`);
    super.take(n);
  }
  override release(n = 1): void {
    this.calls.push(`release ${n}`);
    super.release(n);
  }
}

t.test('a chain waits and leaves in dependency order, credit given back', async (t) => {
  const credit = new SpyCredit(10);
  const order = new DependencyOrder({ credit });
  const relationship = obj(0, 'relationship', 9,
    { source_ref: `identity--${uuid(2)}`, target_ref: `identity--${uuid(3)}` });
  const sector = obj(1, 'identity', 2, { created_by_ref: author });
  const sector2 = obj(2, 'identity', 3, { created_by_ref: author });
  const authorItem = obj(3, 'identity', 1);

  const before = [relationship, sector, sector2].flatMap((item) => order.push(item));
  const parked = [...credit.calls];
  const after = order.push(authorItem);

  t.same(before, [], 'all three wait');
  t.equal(order.pending, 0);
  t.same(parked, ['release 1', 'release 1', 'release 1'], 'parking gives credit back');
  t.same(after.map(where), ['s#3', 's#1', 's#2', 's#0']);
  t.same(credit.calls.slice(3), ['take 1', 'take 1', 'take 1'], 'leaving takes it again');
  t.same(order.finish(), []);
});

t.test('a failed target defers what waits for it, down the chain', async (t) => {
  const order = new DependencyOrder();
  const relationship = obj(0, 'relationship', 9, { source_ref: `identity--${uuid(2)}` });
  const report = obj(1, 'report', 5, { object_refs: [`relationship--${uuid(9)}`] });
  const failed = obj(2, 'identity', 2);

  order.push(relationship);
  order.push(report);
  const out = order.push({ kind: 'deferred', record: failed.record, problems: [] });

  t.same(out.map((i) => [i.kind, where(i)]),
    [['deferred', 's#2'], ['deferred', 's#0'], ['deferred', 's#1']]);
  t.same(brief(out[2] as DeferredItem),
    [[1, 'ref-target-rejected', '/object_refs/0', `relationship--${uuid(9)}`]]);
  t.equal(order.pending, 0);
});

t.test('a reference cycle is deferred at the end, both refs named', async (t) => {
  const a = obj(0, 'report', 1, { object_refs: [`note--${uuid(2)}`] });
  const b = obj(1, 'note', 2, { object_refs: [`report--${uuid(1)}`] });

  const out = await run([a, b], orderByDependency());

  t.same(out.map((i) => [i.kind, where(i)]), [['deferred', 's#0'], ['deferred', 's#1']]);
  t.same(out.flatMap((i) => brief(i as DeferredItem).map((p) => p[1])),
    ['ref-unresolved', 'ref-unresolved']);
});

t.test('past maxPending a waiting object is deferred, buffer full', async (t) => {
  const items = [1, 2].map((n) => obj(n - 1, 'identity', n + 10, { created_by_ref: author }));

  const out = await run(items, orderByDependency({ maxPending: 1 }));

  t.same(out.map((i) => [i.kind, where(i)]), [['deferred', 's#1'], ['deferred', 's#0']]);
  t.same(brief(out[0] as DeferredItem), [[1, 'order-buffer-full', '/created_by_ref', author]]);
  t.same(brief(out[1] as DeferredItem), [[0, 'ref-not-found', '/created_by_ref', author]]);
});

t.test('a rejected copy that is not the winner does not fail its id', async (t) => {
  const c05 = bundleInput(`${CASES}/C05-duplicate-id.json`, 'C05.json');
  const partner = 'identity--60a2d685-351f-4f2a-85ca-00176c01eb2d';
  const extra = { source: 'extra.json', objects: [obj(0, 'relationship', 7, {
    source_ref: partner, target_ref: partner, object_marking_refs: [
      'marking-definition--826578e1-40ad-459f-bc73-ede076f81f37',
      'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed',
    ],
  }).record.object] };

  const out = await pipeline([c05, extra]);

  t.same(kinds(out), { object: 3, merged: 3, rejected: 1, deferred: 0, note: 0 });
  t.same(emitted(out), ['C05.json#0', 'C05.json#3', 'extra.json#0']);
});

t.test('bad options are refused when the operator is built', async (t) => {
  t.throws(() => orderByDependency({ maxPending: -1 }), RangeError);
  t.throws(() => orderByDependency({ maxSuggestDistance: 1.5 }), RangeError);
});

t.test('past the suggestion budget a typo is only not found', async (t) => {
  const index = indexOf([C02]);

  const out = await run(itemsOf([C02]), orderByDependency({ index, suggestBudget: 4 }));

  t.same(kinds(out), { object: 2, merged: 0, rejected: 1, deferred: 2, note: 0 });
  const typo = ended(out, 'deferred').find((i) => i.record.index === 4)!;
  t.same(typo.problems.map((p) => [p.rule, p.suggestion]),
    [['ref-target-rejected', undefined], ['ref-not-found', undefined]]);
});

t.test('more emitted targets than the lookup cache holds: every ref still resolves', async (t) => {
  const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  const author = `identity--${uuid(0)}`;
  const stamp = { created: '2024-01-01T00:00:00.000Z', modified: '2024-01-01T00:00:00.000Z' };
  const places = Array.from({ length: 1500 }, (_, n): JsonObject => ({
    type: 'location', spec_version: '2.1', id: `location--${uuid(n + 1)}`, ...stamp,
    created_by_ref: author, name: `Place ${n}`, country: 'EX',
  }));
  // Each relationship names a place emitted long before (past the cache's
  // 1,024 entries) and one it waits for, which comes after it.
  const links = Array.from({ length: 1400 }, (_, n): JsonObject => ({
    type: 'relationship', spec_version: '2.1', id: `relationship--${uuid(n + 1)}`, ...stamp,
    created_by_ref: author, relationship_type: 'located-at',
    source_ref: places[n].id as string, target_ref: `location--${uuid(5000 + n)}`,
  }));
  const late = links.map((_, n): JsonObject =>
    ({ ...places[0], id: `location--${uuid(5000 + n)}` }));
  const head: JsonObject = {
    type: 'identity', spec_version: '2.1', id: author, ...stamp, name: 'A', identity_class: 'class',
  };
  const input: Input = { source: 'many.json', objects: [head, ...places, ...links, ...late] };

  const out = await pipeline([input]);

  t.same(kinds(out),
    { object: 1 + 1500 + 1400 + 1400, merged: 0, rejected: 0, deferred: 0, note: 0 });
  const order = emitted(out);
  const at = (index: number) => order.indexOf(`many.json#${index}`);
  const linkAt = (n: number) => 1 + 1500 + n;
  const lateAt = (n: number) => 1 + 1500 + 1400 + n;
  t.ok(links.every((_, n) => at(linkAt(n)) > at(lateAt(n))), 'each link after its late target');
  t.ok(links.every((_, n) => at(linkAt(n)) > at(1 + n)), 'and after its early one');
});
