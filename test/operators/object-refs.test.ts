import t from 'tap';
import { objectRefs, type ObjectRef } from '../../operators/object-refs.js';

const plain = (refs: ObjectRef[]) =>
  refs.map(({ property, pointer, target }) => ({ property, pointer, target }));

const id = 'relationship--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f';
const a = 'identity--0b4d3d36-9a3b-4c1e-8d47-1e57f2a3c001';
const b = 'location--5f0b4d3d-9a3b-4c1e-8d47-1e57f2a3c002';
const marking = 'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9';

t.test('lists _ref and _refs members in property order, with their pointers', async (t) => {
  const refs = objectRefs({
    type: 'relationship', id, created_by_ref: a, source_ref: a, target_ref: b,
    object_marking_refs: [marking, a], x_custom_ref: b, description: 'no ref',
  });
  t.same(plain(refs), [
    { property: 'created_by_ref', pointer: '/created_by_ref', target: a },
    { property: 'source_ref', pointer: '/source_ref', target: a },
    { property: 'target_ref', pointer: '/target_ref', target: b },
    { property: 'object_marking_refs', pointer: '/object_marking_refs/0', target: marking },
    { property: 'object_marking_refs', pointer: '/object_marking_refs/1', target: a },
    { property: 'x_custom_ref', pointer: '/x_custom_ref', target: b },
  ]);
});

t.test('skips self references, non-strings, and properties that only look alike', async (t) => {
  const refs = objectRefs({
    id, source_ref: id, target_ref: 42, object_refs: [id, null, b, { id: a }],
    refs: [a], href: a, created_by_refs: 'not a list', x_ref_note: a, granular_markings: [
      { marking_ref: marking, selectors: ['name'] },
    ],
  });
  t.same(plain(refs), [{ property: 'object_refs', pointer: '/object_refs/2', target: b }]);
});

t.test('escapes ~ and / in pointers (RFC 6901)', async (t) => {
  const refs = objectRefs({ 'x_a/b~c_ref': a, 'x_d/e_refs': [b] });
  t.same(refs.map((ref) => ref.pointer), ['/x_a~1b~0c_ref', '/x_d~1e_refs/0']);
});

t.test('an object without references gives none', async (t) => {
  t.same(objectRefs({}), []);
  t.same(objectRefs({ type: 'identity', id: a, name: 'ACME' }), []);
});
