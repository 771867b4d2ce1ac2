import t from 'tap';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateBundle, MIB } from '../../bench/generate-bundle.js';

const TLP_WHITE = 'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9';
const UUID_V4 = /^[a-z-]+--[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

type Stix = { [key: string]: unknown };

const dir = mkdtempSync(join(tmpdir(), 'generate-bundle-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));
const sha256 = (path: string): string =>
  createHash('sha256').update(readFileSync(path)).digest('hex');

/** Why an object is invalid, by the rules the naive baseline uses too. */
function fault(object: Stix): string | undefined {
  if (typeof object.id !== 'string' || !UUID_V4.test(object.id)) return 'id';
  if (!TIMESTAMP.test(String(object.created)) || !TIMESTAMP.test(String(object.modified))) {
    return 'timestamp';
  }
  if (object.type !== 'relationship' && typeof object.name !== 'string') return 'name';
  return undefined;
}

t.test('the same seed gives the same bytes, another seed others', async (t) => {
  const a = await generateBundle({ out: join(dir, 'a.json'), megabytes: 1, seed: 7 });
  const b = await generateBundle({ out: join(dir, 'b.json'), megabytes: 1, seed: 7 });
  const c = await generateBundle({ out: join(dir, 'c.json'), megabytes: 1, seed: 8 });

  t.equal(sha256(a.path), sha256(b.path));
  t.not(sha256(a.path), sha256(c.path));
  t.same({ ...a, path: '' }, { ...b, path: '' }, 'same counts');
});

t.test('sizes are within 5% of the request', async (t) => {
  for (const megabytes of [0.25, 1, 3]) {
    const r = await generateBundle({ out: join(dir, `s${megabytes}.json`), megabytes, seed: 1 });
    t.equal(statSync(r.path).size, r.bytes, `${megabytes} MiB: bytes as reported`);
    t.ok(Math.abs(r.bytes - megabytes * MIB) / (megabytes * MIB) < 0.05, `${megabytes} MiB`);
  }
});

t.test('a bundle with the promised content', async (t) => {
  const r = await generateBundle({ out: join(dir, 'big.json'), megabytes: 8, seed: 3 });
  const bundle = JSON.parse(readFileSync(r.path, 'utf8')) as { type: string; objects: Stix[] };
  const [author, ...rest] = bundle.objects;
  const seen = new Map<string, string>();
  const faults = new Map<string, number>();
  let duplicates = 0;
  let relationships = 0;
  let dangling = 0;
  let notExact = 0;

  for (const object of bundle.objects) {
    const text = JSON.stringify(object);
    const earlier = seen.get(object.id as string);
    if (earlier !== undefined) {
      if (text !== earlier) notExact++;
      duplicates++;
      continue;
    }
    const why = fault(object);
    if (why !== undefined) {
      faults.set(why, (faults.get(why) ?? 0) + 1);
      continue;
    }
    if (object.type === 'relationship') {
      relationships++;
      if (!seen.has(object.source_ref as string) || !seen.has(object.target_ref as string)) {
        dangling++;
      }
    }
    seen.set(object.id as string, text);
  }

  const invalid = [...faults.values()].reduce((a, b) => a + b, 0);
  t.equal(bundle.type, 'bundle');
  t.equal(bundle.objects.length, r.objects);
  t.equal(duplicates, r.duplicates);
  t.equal(notExact, 0, 'every repeated id is an exact duplicate');
  t.equal(invalid, r.invalid);
  t.equal(relationships, r.relationships);
  t.equal(dangling, 0, 'every relationship points at an earlier valid object');
  t.ok(duplicates / r.objects > 0.01 && duplicates / r.objects < 0.02, 'duplicates 1-2%');
  t.ok(invalid / r.objects > 0.003 && invalid / r.objects < 0.007, 'invalid about 0.5%');
  t.same([...faults.keys()].sort(), ['id', 'name', 'timestamp'], 'all three faults');
  t.ok(relationships / r.objects > 0.3, 'relationships are a large share');
  t.equal(author.created_by_ref, undefined);
  t.ok(rest.every((o) => o.created_by_ref === author.id), 'created_by_ref is the author');
  t.ok(bundle.objects.every((o) => (o.object_marking_refs as string[])[0] === TLP_WHITE));
  const locations = rest.filter((o) => o.type === 'location');
  t.ok(locations.some((o) => o.x_opencti_location_type === 'Region' && o.region !== undefined));
  t.ok(locations.some((o) => o.x_opencti_location_type === 'Country' && o.country !== undefined));
});

t.test('the NDJSON variant holds the same objects, one per line', async (t) => {
  const bundle = await generateBundle({ out: join(dir, 'n.json'), megabytes: 1, seed: 5 });
  const ndjson = await generateBundle({ out: join(dir, 'n.ndjson'), megabytes: 1, seed: 5,
    format: 'ndjson' });
  const lines = readFileSync(ndjson.path, 'utf8').split('\n');
  const objects = (JSON.parse(readFileSync(bundle.path, 'utf8')) as { objects: Stix[] }).objects;

  t.equal(lines.pop(), '', 'ends with a newline');
  t.equal(lines.length, ndjson.objects);
  t.same(lines.slice(0, 100).map((line) => JSON.parse(line)), objects.slice(0, 100));
});
