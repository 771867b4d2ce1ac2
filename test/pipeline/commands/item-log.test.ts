import t from 'tap';
import { Writable } from 'node:stream';
import type { Item } from '../../../core/item.js';
import { ItemLog } from '../../../pipeline/commands/report-items.js';
import { createLogger, Secrets } from '../../../pipeline/logger.js';

interface Line {
  readonly level: string;
  readonly rule?: string;
  readonly outcome?: string;
  readonly notShown?: number;
  readonly problems?: number;
  readonly message: string;
}

function collecting(level: 'debug' | 'info') {
  const lines: Line[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      for (const text of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(text));
      done();
    },
  });
  const logger = createLogger({ name: 'test', level, secrets: new Secrets(), destination });
  return { lines, logger, flushed: () => new Promise((resolve) => setTimeout(resolve, 20)) };
}

const rejected = (rule: string, index: number): Item => {
  const record = { source: 'in.json', index, offset: index * 10, object: { id: `x-${index}` } };
  return {
    kind: 'rejected',
    record,
    problems: [{
      source: 'in.json', index, offset: index * 10, severity: 'error', pointer: '/id', rule,
      id: `x-${index}`, message: `${rule} number ${index}`,
    }],
  };
};

t.test('at info: 20 problems per rule, then one line with what was not shown', async (t) => {
  const { lines, logger, flushed } = collecting('info');
  const log = new ItemLog(logger);
  for (let i = 0; i < 25; i++) log.item(rejected('id-format', i));
  for (let i = 25; i < 28; i++) log.item(rejected('ref-not-found', i));
  log.finish('out/rejects.ndjson');
  await flushed();

  const shown = lines.filter((line) => line.outcome === 'rejected');
  t.equal(shown.filter((line) => line.rule === 'id-format').length, 20);
  t.equal(shown.filter((line) => line.rule === 'ref-not-found').length, 3);
  t.match(shown[19].message, /id-format number 19/);
  const summaries = lines.filter((line) => line.notShown !== undefined);
  t.equal(summaries.length, 1, 'only the rule past its limit gets a summary');
  t.equal(summaries[0].level, 'warn');
  t.equal(summaries[0].rule, 'id-format');
  t.equal(summaries[0].problems, 25);
  t.equal(summaries[0].notShown, 5);
  t.match(summaries[0].message, /5 more problem\(s\) not shown \(all are in out\/rejects\.ndjson;/);
  t.equal(lines.length, 24);
});

t.test('at debug every problem is logged and nothing is summarised', async (t) => {
  const { lines, logger, flushed } = collecting('debug');
  const log = new ItemLog(logger, 2);
  for (let i = 0; i < 5; i++) log.item(rejected('id-format', i));
  log.finish();
  await flushed();
  t.same(lines.map((line) => line.level), ['warn', 'warn', 'debug', 'debug', 'debug']);
  t.same(lines.map((line) => line.message.replace(/.* number /, '')), ['0', '1', '2', '3', '4']);
});

t.test('fixes and merges only at debug; a warning note counts for its rule', async (t) => {
  const { lines, logger, flushed } = collecting('info');
  const log = new ItemLog(logger, 1);
  const at = { source: 'in.json', index: 1, offset: 0, pointer: '/created' };
  log.item({ kind: 'note', problem: { ...at, severity: 'fix', rule: 'utc', message: 'fixed' } });
  log.item({ kind: 'note', problem: { ...at, severity: 'warning', rule: 'w', message: 'w1' } });
  log.item({ kind: 'note', problem: { ...at, severity: 'error', rule: 'w', message: 'w2' } });
  log.finish();
  await flushed();
  t.same(lines.map((line) => [line.level, line.outcome ?? null, line.message]), [
    ['warn', 'warning', 'in.json objects[1] /created: w: w1'],
    ['warn', null, 'w: 1 more problem(s) not shown (CONNECTOR_LOG_LEVEL=debug logs each)'],
  ]);
});
