import t from 'tap';
import { objectItem } from '../../../core/item.js';
import type { JsonObject } from '../../../core/json.js';
import {
  cleanExternalReferences,
  isHttpUrl,
} from '../../../operators/validation/external-references.js';
import { Findings } from '../../../operators/validation/findings.js';

function clean(list: unknown[], derive = false) {
  const object = { type: 'identity', external_references: list } as JsonObject;
  const findings = new Findings(objectItem({ source: 't', index: 0, object, bytes: 0 }));
  const out = cleanExternalReferences(object, findings, derive);
  const notes = findings.items(out).flatMap((i) => (i.kind === 'note' ? [i.problem] : []));
  return { object, out, notes: notes.map((p) => [p.severity, p.rule, p.pointer]) };
}

t.test('http(s) URLs only', async (t) => {
  for (const good of ['https://example.org', 'http://example.org:8080/a?b=c#d',
    'https://例え.jp/パス', 'HTTPS://EXAMPLE.ORG/']) {
    t.ok(isHttpUrl(good), good);
  }
  for (const bad of ['not a url', 'example.org', '/relative', 'ftp://example.org',
    'javascript:alert(1)', 'mailto:a@example.org', 'https://', 'https://exa mple.org',
    'https://example.org/a b', ' https://example.org', 'https://example.org/\n', '']) {
    t.notOk(isHttpUrl(bad), JSON.stringify(bad));
  }
});

t.test('good lists are returned as they are', async (t) => {
  const { object, out, notes } = clean([
    { source_name: 'a', url: 'https://example.org' },
    { source_name: 'b', description: 'd' },
    { source_name: 'c', external_id: 'X-1', hashes: { 'SHA-256': 'ab' } },
  ]);
  t.equal(out, object);
  t.same(notes, []);
});

t.test('entries of the wrong kind are dropped; an emptied list is removed', async (t) => {
  const { out, notes } = clean(['https://example.org', null, { source_name: 'a', external_id: 7 }]);
  t.same(notes, [
    ['error', 'external-reference-incomplete', '/external_references/0'],
    ['error', 'external-reference-incomplete', '/external_references/1'],
    ['error', 'external-reference-incomplete', '/external_references/2'],
  ]);
  t.notOk('external_references' in out);
});

t.test('deriveSourceName needs a valid URL, and reports only kept entries', async (t) => {
  const { out, notes } = clean([
    { url: 'https://registry.example.org/x' },
    { source_name: '', url: 'not a url' },
    { url: 'https://registry.example.org/y', hashes: 'nope' },
  ], true);
  t.same(notes, [
    ['fix', 'external-reference-source-name', '/external_references/0/source_name'],
    ['error', 'external-reference-incomplete', '/external_references/1'],
    ['error', 'external-reference-incomplete', '/external_references/2'],
  ]);
  t.same(out.external_references,
    [{ url: 'https://registry.example.org/x', source_name: 'registry.example.org' }]);
});
