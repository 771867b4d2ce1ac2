import t from 'tap';
import { objectItem } from '../../../core/item.js';
import type { JsonObject } from '../../../core/json.js';
import type { DatasetRole } from '../../../core/record.js';
import { validateRecord } from '../../../operators/validate.js';
import { looksLikeCountry } from '../../../operators/validation/looks-like-country.js';
import type { ValidateOptions } from '../../../operators/validation/validate-options.js';

const AUTHOR = 'identity--ac376f35-2448-4461-a104-b174eb2df7b3';
const COMMON = {
  spec_version: '2.1',
  created_by_ref: AUTHOR,
  created: '2024-01-10T09:00:00.000Z',
  modified: '2024-01-10T09:00:00.000Z',
};
const ORGANIZATION: JsonObject = {
  type: 'identity', id: 'identity--724abcca-6f52-4e72-b14a-b5a459dec710', ...COMMON,
  name: 'Example Corp', identity_class: 'organization',
};
const SECTOR: JsonObject = { ...ORGANIZATION, name: 'Example Energy', identity_class: 'class' };
const COUNTRY: JsonObject = {
  type: 'location', id: 'location--8402e89b-e237-4ac7-82f4-099ef4d358aa', ...COMMON,
  name: 'Exampleland', country: 'EX', x_opencti_location_type: 'Country',
};
const RELATIONSHIP: JsonObject = {
  type: 'relationship', id: 'relationship--976e58a1-4ef4-4254-843a-af16ec3faf44', ...COMMON,
  relationship_type: 'located-at', source_ref: ORGANIZATION.id, target_ref: COUNTRY.id,
};

function rules(object: JsonObject, role: DatasetRole, options: ValidateOptions = {}) {
  return validateRecord(objectItem({ source: 't', index: 0, object, bytes: 0, role }), options)
    .flatMap((i) => (i.kind === 'note' ? [i.problem] : i.kind === 'rejected' ? i.problems : []))
    .map((p) => `${p.severity} ${p.rule} ${p.pointer}`);
}

t.test('each role expects its own objects', async (t) => {
  t.same(rules(SECTOR, 'sectors'), []);
  t.same(rules(COUNTRY, 'geography'), []);
  t.same(rules(ORGANIZATION, 'companies'), []);
  for (const role of ['sectors', 'geography', 'companies'] as const) {
    t.same(rules(RELATIONSHIP, role), [], `${role}: relationships are allowed`);
  }
  t.same(rules(COUNTRY, 'sectors'), ['error role-object-type /type']);
  t.same(rules(ORGANIZATION, 'geography'), ['error role-object-type /type']);
  t.same(rules(COUNTRY, 'companies'), ['error role-object-type /type']);
  t.same(rules(SECTOR, 'companies'), ['error role-identity-class /identity_class']);
});

t.test('authors are exempt', async (t) => {
  const { created_by_ref: _, ...author }: JsonObject = { ...ORGANIZATION, id: AUTHOR };
  t.same(rules(author, 'sectors'), [], 'default: an identity without created_by_ref');
  t.same(rules(author, 'geography'), []);
  const isAuthor = (id: string) => id === ORGANIZATION.id;
  t.same(rules(ORGANIZATION, 'sectors', { isAuthor }), [], 'an explicit author list');
  t.same(rules(author, 'sectors', { isAuthor }), ['error role-identity-class /identity_class']);
});

t.test('fixIdentityClass is counted, and applies to companies too', async (t) => {
  t.same(rules(SECTOR, 'companies', { fixIdentityClass: true }),
    ['fix role-identity-class /identity_class']);
  const [, item] = validateRecord(
    objectItem({ source: 't', index: 0, object: SECTOR, bytes: 0, role: 'companies' }),
    { fixIdentityClass: true });
  t.equal(item.kind === 'object' && item.record.object.identity_class, 'organization');
});

t.test('possible countries', async (t) => {
  const exampleland = { ...ORGANIZATION, name: 'Exampleland' };
  t.same(rules(exampleland, 'sectors'), [
    'warning role-possible-country /name',
    'error role-identity-class /identity_class',
  ], 'warnings come as notes before the rejected item');
  t.same(rules(exampleland, 'companies'), [], 'only flagged alongside a role error');

  t.ok(looksLikeCountry({ name: 'Exampleland' }));
  t.ok(looksLikeCountry({ name: 'Examplestan' }));
  t.ok(looksLikeCountry({ name: 'Example', description: 'a country expressed as an identity' }));
  t.ok(looksLikeCountry({ name: 'Republic of Example' }));
  t.ok(looksLikeCountry({ name: 'Example', x_opencti_location_type: 'Country' }));
  t.notOk(looksLikeCountry({ name: 'Example Utilities', description: 'a sector' }));
  t.notOk(looksLikeCountry({ name: 'Example Healthcare' }));
});
