import t from 'tap';
import { objectItem, type Item } from '../../core/item.js';
import { ExactNumber, type JsonObject } from '../../core/json.js';
import { validateRecord } from '../../operators/validate.js';
import type { ValidateOptions } from '../../operators/validation/validate-options.js';
import { validateStix } from '../helpers/stix-schemas.js';

const COMMON = {
  spec_version: '2.1',
  created: '2024-01-10T09:00:00.000Z',
  modified: '2024-01-10T09:00:00.000Z',
};
const LOCATION: JsonObject = {
  type: 'location', id: 'location--a1d5c39a-2905-47eb-b305-71fbf59c3472', ...COMMON,
  name: 'Example City', latitude: 48.1, longitude: 11.5, x_opencti_location_type: 'City',
};
const RELATIONSHIP: JsonObject = {
  type: 'relationship', id: 'relationship--976e58a1-4ef4-4254-843a-af16ec3faf44', ...COMMON,
  relationship_type: 'located-at',
  source_ref: 'location--8402e89b-e237-4ac7-82f4-099ef4d358aa',
  target_ref: 'location--a1d5c39a-2905-47eb-b305-71fbf59c3472',
};
const TLP_WHITE: JsonObject = {
  type: 'marking-definition', spec_version: '2.1',
  id: 'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9',
  created: '2017-01-20T00:00:00.000Z', definition_type: 'tlp', name: 'TLP:WHITE',
  definition: { tlp: 'white' },
};

function run(object: JsonObject, options: ValidateOptions = {}): Item[] {
  return validateRecord(objectItem({ source: 't', index: 0, object, bytes: 0 }), options);
}

/** [severity, rule, pointer] of every problem, notes and rejects alike. */
function problems(object: JsonObject, options: ValidateOptions = {}) {
  return run(object, options).flatMap((item) =>
    item.kind === 'note' ? [item.problem] : item.kind === 'rejected' ? item.problems : [])
    .map((p) => [p.severity, p.rule, p.pointer]);
}

const emitted = (items: Item[]): JsonObject | undefined => {
  const last = items.at(-1);
  return last?.kind === 'object' ? last.record.object : undefined;
};

t.test('location coordinates', async (t) => {
  t.same(problems(LOCATION), []);
  t.same(problems({ ...LOCATION, latitude: -91 }), [['error', 'latitude-range', '/latitude']]);
  t.same(problems({ ...LOCATION, longitude: '11.5' }), [['error', 'property-type', '/longitude']]);
  const { latitude: _latitude, ...longitudeOnly } = LOCATION;
  t.same(problems(longitudeOnly), [['error', 'location-coordinates-pair', '/longitude']]);
  const { longitude: _longitude, ...noCoordinates } = longitudeOnly;
  t.same(problems({ ...noCoordinates, country: 'EX', precision: 5 }),
    [['error', 'location-precision', '/precision']]);
  t.same(problems({ ...LOCATION, x_opencti_location_type: 'Planet' }),
    [['error', 'location-type', '/x_opencti_location_type']]);
});

t.test('exact numbers are numbers, kept exactly as written', async (t) => {
  const object = {
    ...LOCATION, latitude: new ExactNumber('48.10'), longitude: new ExactNumber('-180'),
  };

  const out = run(object);

  t.equal(emitted(out), object, 'the same object');
  t.same(validateStix(object), []);
  t.same(problems({ ...LOCATION, latitude: new ExactNumber('90.0000000000000000001') }),
    [], 'rounds to 90');
  t.same(problems({ ...LOCATION, longitude: new ExactNumber('180.5') }),
    [['error', 'longitude-range', '/longitude']]);
  t.same(problems({ ...LOCATION, confidence: new ExactNumber('100') }), []);
  t.same(problems({ ...LOCATION, confidence: 101 }),
    [['error', 'confidence-range', '/confidence']]);
});

t.test('relationships', async (t) => {
  t.same(problems(RELATIONSHIP), []);
  const { target_ref: _, ...noTarget } = RELATIONSHIP;
  t.same(problems(noTarget), [['error', 'required-property', '/target_ref']]);
  t.same(problems({ ...RELATIONSHIP, relationship_type: 'Located At' }),
    [['error', 'relationship-type', '/relationship_type']]);
  t.same(problems({ ...RELATIONSHIP, source_ref: TLP_WHITE.id }),
    [['error', 'ref-type', '/source_ref']]);
  t.same(problems({ ...RELATIONSHIP, start_time: '2024-01-02T00:00:00+01:00',
    stop_time: '2024-01-01T23:00:00Z' }), [['error', 'timestamp-order', '/stop_time']],
  'equal start and stop (after the fix): refused, and the fix is not reported');
});

t.test('marking definitions', async (t) => {
  t.same(problems(TLP_WHITE), []);
  t.same(validateStix(TLP_WHITE), []);
  const { definition: _d, definition_type: _k, ...bare } = TLP_WHITE;
  t.same(problems(bare), [
    ['error', 'required-property', '/definition_type'],
    ['error', 'required-property', '/definition'],
  ]);
  const extension = 'extension-definition--7cb4e4c4-1b3a-4c0e-9a5e-2b51a0c2b5a1';
  const extensions = { [extension]: { extension_type: 'property-extension' } };
  t.same(problems({ ...bare, extensions }), [], 'extensions instead of a definition');
  t.same(problems({ ...TLP_WHITE, definition_type: 'statement', definition: { text: 'x' } }),
    [['error', 'marking-definition', '/definition/statement']]);
  t.same(problems({ ...TLP_WHITE, definition_type: 'constructor' }), [], 'no prototype lookup');
});

t.test('observables and other types: common properties only', async (t) => {
  const ip = {
    type: 'ipv4-addr', id: 'ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd',
    value: '198.51.100.3',
  };
  t.same(problems(ip), [], 'no created, no spec_version: not STIX 2.0');
  t.same(problems({ ...ip, spec_version: '2.0' }), [['error', 'spec-version', '/spec_version']]);
  const indicator = {
    type: 'indicator', id: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f', ...COMMON,
    pattern: "[ipv4-addr:value = '198.51.100.3']", pattern_type: 'stix',
    valid_from: '2024-01-10T10:00:00.000+01:00',
  };
  t.same(problems(indicator), [['fix', 'timestamp-utc', '/valid_from']]);
  t.equal(emitted(run(indicator))?.valid_from, '2024-01-10T09:00:00.000Z');
  t.same(problems({ ...indicator, type: 'Indicator' }), [['error', 'type-format', '/type']]);
  const { type: _t, ...untyped } = indicator;
  t.match(problems(untyped), [['error', 'required-property', '/type']]);
});

t.test('timestamps: order to the last digit, precision, custom names left alone', async (t) => {
  const identity = {
    type: 'identity', id: 'identity--ae996277-2317-4c3f-9c45-b6c7db95a316', ...COMMON,
    name: 'Example Corp', identity_class: 'organization',
  };
  t.same(problems({ ...identity, created: '2024-03-05T08:15:30.1234567Z',
    modified: '2024-03-05T08:15:30.123456Z' }), [['error', 'timestamp-order', '/modified']]);
  t.same(problems({ ...identity, created: '2024-03-05T08:15:30.123456Z',
    modified: '2024-03-05T08:15:30.1234567Z' }), [], 'later by 0.1 microsecond');
  t.same(problems({ ...identity, created: '2024-03-05T09:15:30.5+01:00',
    modified: '2024-03-05T08:15:30.499Z' }), [
    ['error', 'timestamp-order', '/modified'],
  ], 'compared after conversion to UTC');
  const noMillis = '2024-03-05T08:15:30Z';
  t.same(problems({ ...identity, created: noMillis, modified: noMillis }), [
    ['warning', 'timestamp-precision', '/created'],
    ['warning', 'timestamp-precision', '/modified'],
  ]);
  t.same(problems({ ...identity, x_example_time: 'soon', x_example_date: '2024-03-05' }), []);
  t.same(problems({ ...identity, modified: 1709626530 }),
    [['error', 'timestamp-format', '/modified']]);
});

t.test('spec_version other than missing, 2.0 or 2.1', async (t) => {
  const object = { ...TLP_WHITE, spec_version: '2.0' };
  const out = run(object);
  t.match(out[0], { kind: 'note', problem: { rule: 'upgraded-from-2.0', value: '2.0' } });
  t.equal(emitted(out)?.spec_version, '2.1');
  t.same(problems({ ...TLP_WHITE, spec_version: '2.2' }),
    [['error', 'spec-version', '/spec_version']]);
});
