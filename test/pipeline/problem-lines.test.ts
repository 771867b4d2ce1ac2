import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lastValueFrom, toArray } from 'rxjs';
import t from 'tap';
import type { Item } from '../../core/item.js';
import { validate } from '../../operators/validate.js';
import { describeProblem } from '../../pipeline/render-summary.js';
import { rejectRecords } from '../../sinks/to-rejects-file.js';
import { fromFile } from '../../sources/from-file.js';
import { tempDir } from '../helpers/case-files.js';

const sector = (n: number) => ({
  type: 'identity', spec_version: '2.1', id: `identity--6e3f2bd1-3c1d-4a0a-9e8f-00000000000${n}`,
  created: '2024-01-01T00:00:00.000Z', modified: '2024-01-01T00:00:00.000Z',
  name: `Sector ${n}`, identity_class: 'class',
});

async function read(name: string, text: string): Promise<Item[]> {
  const path = join(tempDir('lines-'), name);
  writeFileSync(path, text);
  return lastValueFrom(fromFile(path).pipe(validate(), toArray()));
}

t.test('a pretty-printed bundle: problems name the line of the object, or of the bad byte',
  async (t) => {
    const good = JSON.stringify(sector(1), null, 2).replace(/^/gm, '    ');
    const badSyntax = '    {\n      "type": "identity",\n      "name": oops\n    }';
    const badField = JSON.stringify({ ...sector(3), identity_class: 7 }, null, 2)
      .replace(/^/gm, '    ');
    const text = `{\n  "type": "bundle",\n  "id": "bundle--1",\n  "objects": [\n${good},\n` +
      `${badSyntax},\n${badField}\n  ]\n}\n`;
    const lines = text.split('\n');
    const lineOf = (needle: string, from = 0) =>
      lines.findIndex((line, at) => at >= from && line.includes(needle)) + 1;

    const items = await read('pretty.json', text);

    t.same(items.map((item) => item.kind), ['object', 'rejected', 'rejected']);
    t.equal(items[0].kind === 'object' && items[0].record.line, 5, 'the first object at line 5');
    const syntax = items[1].kind === 'rejected' ? items[1].problems[0] : undefined;
    t.equal(syntax?.rule, 'json-syntax');
    t.equal(syntax?.line, lineOf('oops'), 'the line of the bad token, not of the object');
    const field = items[2].kind === 'rejected' ? items[2].problems[0] : undefined;
    const fieldObjectLine = lineOf('{', lineOf('oops'));
    t.equal(field?.line, fieldObjectLine, 'a rule finding names where its object starts');
    t.match(describeProblem(field!), `pretty.json objects[2] (line ${fieldObjectLine}) identity--`);

    const [record] = rejectRecords(items[1]);
    t.same(Object.keys(record).slice(0, 4), ['file', 'source', 'index', 'line']);
    t.equal(record.line, lineOf('oops'));
  });

t.test('NDJSON: the line is the object\'s line, index + 1', async (t) => {
  const text = [sector(1), sector(2), { ...sector(3), created: 'yesterday' }]
    .map((object) => JSON.stringify(object)).join('\n') + '\n';

  const items = await read('objects.ndjson', text);

  t.same(items.map((item) => item.kind), ['object', 'object', 'rejected']);
  const problem = items[2].kind === 'rejected' ? items[2].problems[0] : undefined;
  t.equal(problem?.index, 2);
  t.equal(problem?.line, 3);
  t.match(describeProblem(problem!), /^objects\.ndjson objects\[2\] \(line 3\) identity--/);
});
