import t from 'tap';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { casePath, readNdjson, tempDir, writeCaseFiles } from '../helpers/case-files.js';
import { counts, runCli } from '../helpers/run-cli.js';

/** `export` of the given inputs to NDJSON, with the rejects file. */
async function exportCase(inputs: string[], extra: string[] = []) {
  const dir = tempDir();
  const out = join(dir, 'objects.ndjson');
  const rejects = join(dir, 'rejects.ndjson');
  const run = await runCli(['export', ...inputs, '--out', out, '--rejects', rejects, ...extra]);
  return {
    run,
    objects: existsSync(out) ? readNdjson(out) : [],
    rejects: existsSync(rejects) ? readNdjson(rejects) : [],
  };
}

const rejectsOf = (rejects: Array<Record<string, unknown>>, kind: string) =>
  rejects.filter((r) => r.kind === kind).map((r) => `${r.index}:${r.rule}`);

t.test('C01 dangling reference across files: load order does not matter', async (t) => {
  const [companies, sectors] = writeCaseFiles('C01-dangling-ref-cross-file.json');
  const both = await exportCase([companies, sectors]);
  t.same(counts(both.run), [5, 4, 1, 0, 0]);
  t.equal(both.run.code, 0);
  const ids = both.objects.map((o) => o.id);
  t.ok(
    ids.indexOf('identity--91263f39-f322-4b13-abbc-1b055deec8c9') <
      ids.indexOf('relationship--17297365-d66b-40f2-85f4-de7bd1bd8cd3'),
    'the sector goes before the relationship that targets it',
  );

  const alone = await exportCase([companies]);
  t.same(counts(alone.run), [3, 2, 0, 0, 1]);
  t.equal(alone.run.code, 2);
  t.same(rejectsOf(alone.rejects, 'deferred'), ['2:ref-not-found']);
  t.match(String(alone.rejects[0].message), /target_ref.*not found in inputs/);
});

t.test('C02 dangling references inside one bundle', async (t) => {
  const { run, rejects } = await exportCase([casePath('C02-dangling-ref-in-bundle.json')]);
  t.same(counts(run), [5, 2, 0, 2, 1]);
  t.equal(run.code, 2);
  t.same(
    rejectsOf(rejects, 'rejected').sort(),
    ['1:ref-dangling', '4:ref-dangling', '4:ref-target-rejected'],
    'one record per problem: objects[4] also names its rejected source',
  );
  t.same(rejectsOf(rejects, 'deferred'), ['3:ref-target-rejected']);
  const typo = rejects.find((r) => r.index === 4 && r.rule === 'ref-dangling');
  t.match(String(typo?.message), /location--c8c5f2ea-115d-48d0-bcf3-fa2527591762/);
  t.match(String(typo?.message), /distance 1/);
  t.notOk(
    rejects.some((r) => String(r.message).includes('marking-definition')),
    'TLP is allowlisted',
  );
});

t.test('C03 identity_class for the sectors role', async (t) => {
  const { run, rejects } = await exportCase(['--sectors', casePath('C03-identity-class.json')]);
  t.same(counts(run), [5, 2, 0, 3, 0]);
  t.equal(run.code, 2);
  t.same([...new Set(rejects.map((r) => r.index))].sort(), [1, 2, 3]);
  t.ok(
    rejects.some(
      (r) => r.index === 2 && /sectors role expects identity_class=class/.test(String(r.message)),
    ),
  );
  const warning = run.logs.find((log) => log.rule === 'role-possible-country');
  t.ok(warning, 'warning: possible country modelled as identity');
});

t.test('C04 location without region, country or coordinates', async (t) => {
  const { run, rejects } = await exportCase([casePath('C04-location-required-props.json')]);
  t.same(counts(run), [5, 2, 0, 2, 1]);
  t.same(rejectsOf(rejects, 'deferred'), ['4:ref-target-rejected']);
  t.same(
    [...new Set(rejects.filter((r) => r.kind === 'rejected').map((r) => r.index))].sort(),
    [1, 2],
  );
});

t.test('C05 duplicate ids and a version conflict', async (t) => {
  const { run, objects, rejects } = await exportCase([casePath('C05-duplicate-id.json')]);
  t.same(counts(run), [6, 2, 3, 1, 0]);
  t.equal(run.code, 2);
  const partner = objects.find((o) => o.id === 'identity--60a2d685-351f-4f2a-85ca-00176c01eb2d');
  t.equal(partner?.description, 'version 2');
  t.same(rejectsOf(rejects, 'rejected'), ['4:version-conflict']);
  t.match(String(rejects[0].message), /objects\[3\] vs objects\[4\]/);
});

t.test('C10 incomplete external references are dropped, the object kept', async (t) => {
  const { run, objects, rejects } = await exportCase([
    casePath('C10-external-ref-incomplete.json'),
  ]);
  t.same(counts(run), [2, 2, 0, 0, 0]);
  t.equal(run.code, 2, 'dropped parts make the run partial');
  t.same(
    rejects.map((r) => r.pointer),
    ['/external_references/0', '/external_references/1', '/external_references/3'],
  );
  t.equal((objects[1].external_references as unknown[]).length, 1);
});

t.test('C11 malformed identifiers', async (t) => {
  const { run, rejects } = await exportCase([casePath('C11-invalid-id.json')]);
  t.same(counts(run), [8, 3, 0, 5, 0]);
  t.same([...new Set(rejects.map((r) => r.index))].sort(), [1, 2, 3, 6, 7]);
  t.ok(
    run.logs.some((log) => log.rule === 'id-uuid-version'),
    'UUIDv1 is a warning',
  );
});

t.test('C13 timestamps not in UTC Z form', async (t) => {
  const strict = await exportCase([casePath('C13-timestamp-not-utc-z.json')]);
  t.same(counts(strict.run), [5, 3, 0, 2, 0]);
  const zForm = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;
  for (const object of strict.objects) {
    t.match(object.created, zForm);
    t.match(object.modified, zForm);
  }
  t.ok(
    strict.objects.some((o) => o.created === '2024-03-05T08:15:30.000Z'),
    '+02:00 converted',
  );

  const assumed = await exportCase([casePath('C13-timestamp-not-utc-z.json'), '--assume-utc']);
  t.same(counts(assumed.run), [5, 4, 0, 1, 0]);
});

t.test('C15 STIX 2.0 content: upgraded by default, rejected when strict', async (t) => {
  const upgrade = await exportCase([casePath('C15-spec-version-missing.json')]);
  t.same(counts(upgrade.run), [4, 4, 0, 0, 0]);
  t.equal(upgrade.run.code, 0);
  t.ok(upgrade.objects.every((o) => o.spec_version === '2.1'));
  const strict = await exportCase([casePath('C15-spec-version-missing.json'), '--strict']);
  t.same(counts(strict.run), [4, 1, 0, 3, 0]);
  t.equal(strict.run.code, 2);
});

t.test('C16 invalid custom property names are dropped with their values', async (t) => {
  const { run, objects, rejects } = await exportCase([casePath('C16-custom-property-name.json')]);
  t.same(counts(run), [2, 2, 0, 0, 0]);
  t.equal(run.code, 2);
  t.same(rejects.map((r) => r.pointer).sort(), [
    '/X_OPENCTI_ORGANIZATION_TYPE',
    '/x-opencti-score',
    '/x_opencti_Aliases',
    '/xo',
  ]);
  t.ok('x_example_com_registry_id' in objects[1]);
});

t.test('C17 a UTF-8 BOM is stripped; UTF-16 is refused', async (t) => {
  const withBom = await exportCase([casePath('C17-bom.json')]);
  t.same(counts(withBom.run), [2, 2, 0, 0, 0]);
  t.equal(withBom.run.code, 0);
  const dir = tempDir();
  const plain = join(dir, 'plain.json');
  writeFileSync(plain, readFileSync(casePath('C17-bom.json')).subarray(3));
  const without = await exportCase([plain]);
  t.same(without.objects, withBom.objects, 'same output as the BOM-less file');

  const utf16 = join(dir, 'utf16.json');
  const text = readFileSync(casePath('C17-bom.json'), 'utf8').replace(/^\uFEFF/, '');
  writeFileSync(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
  const refused = await exportCase([utf16]);
  t.equal(refused.run.code, 1);
  t.match(refused.run.stderr, /UTF-16 input; re-encode as UTF-8/);
});

t.test('C20 truncated JSON: a precise error and nothing half-written', async (t) => {
  const { run, objects } = await exportCase([casePath('C20-truncated-json.json')]);
  t.equal(run.code, 1);
  t.match(
    run.stderr,
    /unexpected end of input at byte 1159 \(line 33, col 43\) inside objects\[2\]/,
  );
  t.match(run.stderr, /last complete object objects\[1\] identity--abf2706e/);
  t.same(objects, [], 'no output file under the final name');
  t.same(counts(run), [2, 0, 0, 0, 2], 'the two whole objects are accounted for as deferred');
});
