import t from 'tap';
import { concatMap, map, timer } from 'rxjs';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Item } from '../../core/item.js';
import { DATASET_ROLES } from '../../core/record.js';
import { verbatimText } from '../../core/verbatim-text.js';
import { generateBundle } from '../../bench/generate-bundle.js';
import { ValidationThread } from '../../operators/validation-thread.js';
import { runDatasetsJob } from '../../pipeline/datasets-job.js';
import type { ObjectSink } from '../../pipeline/run-pipeline.js';
import type { PreparedInput } from '../../pipeline/inputs.js';
import { toNdjsonFile } from '../../sinks/to-ndjson-file.js';
import { toRejectsFile } from '../../sinks/to-rejects-file.js';
import { validateStix } from '../helpers/stix-schemas.js';

const datasets = join(import.meta.dirname, '../../datasets');
const inputs = (order: readonly string[]): PreparedInput[] =>
  order.map((role) => ({
    name: `${role}.json`,
    path: join(datasets, `${role}.json`),
    location: { kind: 'path', path: join(datasets, `${role}.json`) },
    role: role as PreparedInput['role'],
    status: 'local',
  }));

const run = async (order: readonly string[], removeCreator = true) => {
  const dir = mkdtempSync(join(tmpdir(), 'job-'));
  const out = join(dir, 'objects.ndjson');
  const report = await runDatasetsJob({
    inputs: inputs(order),
    sink: toNdjsonFile(out),
    rejects: toRejectsFile(join(dir, 'rejects.ndjson')),
    sinkIsAtomic: true,
    atomic: true,
    removeCreator,
    validation: { strict: false, assumeUtc: false, fixIdentityClass: false },
    maxObjectBytes: 16 << 20,
  });
  const objects = readFileSync(out, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
  return { report, objects, rejects: readFileSync(join(dir, 'rejects.ndjson'), 'utf8') };
};

t.test('the real datasets: 723 read, 721 emitted, 2 merged, clean STIX', async (t) => {
  const { report, objects, rejects } = await run(DATASET_ROLES);

  t.same(
    [...report.sources].map(([name, tally]) => [name, tally.read, tally.emitted, tally.merged]),
    [
      ['sectors.json', 121, 120, 1],
      ['geography.json', 539, 538, 1],
      ['companies.json', 63, 63, 0],
    ],
    'the newest copy of the author (in companies.json) is the one sent',
  );
  const total = report.total;
  t.same(
    [total.read, total.emitted, total.merged, total.rejected, total.deferred],
    [723, 721, 2, 0, 0],
  );
  t.equal(report.exitCode, 0);
  t.equal(rejects, '');
  t.equal(objects.length, 721);
  t.equal(new Set(objects.map((o) => o.id)).size, 721, 'one object per id');
  t.equal(objects.filter((o) => 'created_by_ref' in o).length, 0, 'remove-creator');
  const invalid = objects.flatMap((o) => validateStix(o).map((e) => `${o.id}: ${e}`));
  t.same(invalid, [], 'every object passes the OASIS STIX 2.1 schemas');
});

t.test('dependency order: relationships after both ends, sectors before companies', async (t) => {
  const { objects } = await run(['companies', 'geography', 'sectors'], false);
  const position = new Map(objects.map((o, n) => [o.id as string, n]));
  const late = objects.filter(
    (o) =>
      o.type === 'relationship' &&
      !(
        position.get(o.source_ref)! < position.get(o.id)! &&
        position.get(o.target_ref)! < position.get(o.id)!
      ),
  );
  t.same(late, [], 'no relationship before one of its ends');
  const firstCompany = objects.findIndex(
    (o) => o.identity_class === 'organization' && o.x_opencti_organization_type !== 'vendor',
  );
  const lastSector = objects.findLastIndex((o) => o.identity_class === 'class');
  t.ok(lastSector < firstCompany, 'all sectors before the first company');
  const author = objects.findIndex((o) => o.name === 'Filigran');
  t.equal(author, 0, 'the author goes first');
  t.equal(
    objects.filter((o) => o.created_by_ref !== undefined).length,
    720,
    'kept without remove-creator',
  );
});

t.test('with or without the validation thread: the same bytes, rejects and tally', async (t) => {
  const dir = t.testdir();
  // 1 MiB of generated STIX with planted duplicates and invalid objects (10%).
  const generated = await generateBundle({
    out: join(dir, 'big.json'), megabytes: 1, seed: 7, invalidShare: 0.1,
  });
  const input: PreparedInput = {
    name: 'big.json', path: generated.path, status: 'local',
    location: { kind: 'path', path: generated.path },
  };
  const choices = { strict: false, assumeUtc: false, fixIdentityClass: false };
  const runWith = async (validationThread: boolean | ValidationThread) => {
    const name = validationThread !== false;
    const out = join(dir, `out-${name}.ndjson`);
    const rejects = join(dir, `rejects-${name}.ndjson`);
    const shortcuts = { validated: 0, verbatim: 0 };
    const onRead = (item: Item): void => {
      if (item.kind !== 'object') return;
      if (item.record.validatedUnder !== undefined) shortcuts.validated += 1;
      if (verbatimText(item.record) !== undefined) shortcuts.verbatim += 1;
    };
    // With the thread, a sink slowed by 2 ms per object behind a window of 64:
    // pass 2 takes seconds, so the worker gets ahead whatever the load.
    const slowSink: ObjectSink = (items) =>
      toNdjsonFile(out)(items.pipe(concatMap((item) => timer(2).pipe(map(() => item)))));
    const sink = validationThread === false ? toNdjsonFile(out) : slowSink;
    const report = await runDatasetsJob({
      inputs: [input], sink, rejects: toRejectsFile(rejects), windowSize: 64,
      sinkIsAtomic: true, atomic: true, removeCreator: true, validationThread,
      validation: choices,
      maxObjectBytes: 16 << 20, onRead,
    });
    const tally = [...report.sources.values()][0];
    const texts = { out: readFileSync(out, 'utf8'), rejects: readFileSync(rejects, 'utf8') };
    return { tally, shortcuts, ...texts };
  };

  const alone = await runWith(false);
  const thread = new ValidationThread(choices);
  t.teardown(() => thread.close());
  await thread.ready;
  const helped = await runWith(thread);
  t.ok(generated.invalid > 100, `${generated.invalid} invalid objects planted`);
  t.equal(alone.tally.read, generated.objects);
  t.ok(alone.tally.rejected >= generated.invalid / 2, 'the planted objects are rejected');
  t.same(helped.tally, alone.tally);
  t.equal(helped.out, alone.out, 'the same objects, byte for byte');
  t.equal(helped.rejects, alone.rejects, 'the same rejects, byte for byte');
  t.same(alone.shortcuts, { validated: 0, verbatim: 0 }, 'alone: no shortcut taken');
  // The worker outruns the slow sink: most objects have a verdict in time.
  t.ok(helped.shortcuts.validated > helped.tally.read / 2,
    `helped: ${helped.shortcuts.validated} of ${helped.tally.read} read as validated`);
  t.ok(helped.shortcuts.verbatim > 0 && helped.shortcuts.verbatim <= helped.shortcuts.validated,
    `helped: ${helped.shortcuts.verbatim} read with a text to write`);
});
