import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { from, lastValueFrom, toArray } from 'rxjs';
import t from 'tap';
import { objectItem, type Item } from '../../core/item.js';
import { ExactNumber, type JsonObject, type JsonValue } from '../../core/json.js';
import type { Problem } from '../../core/problem.js';
import type { SourceRecord } from '../../core/record.js';
import { rejectRecords, toRejectsFile } from '../../sinks/to-rejects-file.js';

const source = '/data/in/companies.json';
const region: JsonObject = { type: 'location', id: 'location--r1', name: 'Exampleland' };
const relation: JsonObject = { type: 'relationship', id: 'relationship--d1' };
const at = (index: number, object: JsonObject): SourceRecord =>
  ({ source, index, object, bytes: 10 });
function problem(index: number, rule: string, pointer: string, value?: JsonValue): Problem {
  return { source, index, severity: 'error', rule, pointer, value, message: `${rule} failed` };
}

const rejected: Item = {
  kind: 'rejected',
  record: at(1, region),
  problems: [
    problem(1, 'location-needs-place', '', undefined),
    problem(1, 'ref-dangling', '/created_by_ref', 'identity--missing'),
  ],
};
const deferred: Item = {
  kind: 'deferred',
  record: at(4, relation),
  problems: [problem(4, 'ref-target-rejected', '/target_ref', 'location--r1')],
};
const dropped: Item = {
  kind: 'note',
  problem: {
    ...problem(2, 'external-reference-incomplete', '/external_references/0'),
    id: 'identity--c2',
    value: { description: 'no name', size: new ExactNumber('12345678901234567890') },
  },
};
const ignored: Item[] = [
  objectItem(at(0, region)),
  { kind: 'merged', record: at(5, region), into: { source, index: 0 }, reason: 'identical' },
  { kind: 'note', problem: { ...problem(3, 'timestamp-utc', '/created'), severity: 'fix' } },
  { kind: 'note', problem: { ...problem(3, 'identity-country', ''), severity: 'warning' } },
];

t.test('records: one per problem, a deferred, a dropped part; others ignored', async (t) => {
  const records = [rejected, deferred, dropped, ...ignored].map(rejectRecords);

  t.same(records.map((r) => r.length), [2, 1, 1, 0, 0, 0, 0]);
  t.same(records[0][1], {
    file: 'companies.json', source, index: 1, id: 'location--r1', kind: 'rejected',
    rule: 'ref-dangling', pointer: '/created_by_ref', value: 'identity--missing',
    message: 'ref-dangling failed', object: region,
  });
  t.same(Object.keys(records[0][0]), [
    'file', 'source', 'index', 'id', 'kind', 'rule', 'pointer', 'message', 'object',
  ], 'documented order, no undefined value');
  t.match(records[1][0], {
    kind: 'deferred', index: 4, rule: 'ref-target-rejected', object: relation,
  });
  t.notOk('object' in records[2][0], 'a dropped part has no object');
  t.match(records[2][0], {
    kind: 'dropped', id: 'identity--c2', pointer: '/external_references/0',
  });
});

t.test('a rejected item without problems still gets a line', async (t) => {
  const records = rejectRecords({ kind: 'rejected', record: at(7, region), problems: [] });

  t.same(records, [
    {
      file: 'companies.json', source, index: 7, id: 'location--r1', kind: 'rejected',
      object: region,
    },
  ]);
});

t.test('the file: one parsable line per record, lines counted', async (t) => {
  const path = join(t.testdir(), 'rejects.ndjson');

  const events = await lastValueFrom(
    from([rejected, ...ignored, deferred, dropped]).pipe(toRejectsFile(path), toArray()),
  );

  const text = await readFile(path, 'utf8');
  const lines = text.trimEnd().split('\n');
  const parsed = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  t.same(parsed.map((r) => [r.kind, r.index, r.rule]), [
    ['rejected', 1, 'location-needs-place'],
    ['rejected', 1, 'ref-dangling'],
    ['deferred', 4, 'ref-target-rejected'],
    ['dropped', 2, 'external-reference-incomplete'],
  ]);
  for (const record of parsed) {
    t.match(record, { file: 'companies.json', source, message: String });
  }
  t.same(parsed[0].object, region);
  t.match(text, '"size":12345678901234567890}', 'dropped value keeps its exact number');
  t.same(events.map((e) => e.count), [2, 1, 1], 'ignored items emit nothing');
  t.equal(events.reduce((n, e) => n + e.bytes, 0), Buffer.byteLength(text));
});
