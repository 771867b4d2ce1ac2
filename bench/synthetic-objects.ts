import { type Random, uuidV4 } from './mulberry32.js';

/** TLP:WHITE (STIX 2.1), carried by every generated object. */
export const TLP_WHITE = 'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9';

/** An object as plain JSON data, serialised with `JSON.stringify`. */
export type Plain = { [key: string]: unknown };

/** What a relationship needs to know about an earlier object. */
export interface Ref {
  readonly id: string;
  readonly name: string;
}

const SECTORS = ['Agriculture', 'Energy', 'Finance', 'Health', 'Logistics',
  'Telecommunications', 'Retail', 'Manufacturing', 'Education', 'Defense'];
const WORDS = ['Northern', 'Blue', 'Summit', 'Harbor', 'Quantum', 'Granite',
  'Silver', 'Meridian', 'Cedar', 'Pioneer', 'Atlas', 'Vertex', 'Lumen'];
const SUFFIXES = ['Holdings', 'Systems', 'Group', 'Partners', 'Labs', 'Works'];
const REGIONS = ['Exampleland North', 'Exampleland South', 'Central Example',
  'Western Example', 'Eastern Example', 'Example Islands'];
const ORG_TYPES = ['vendor', 'partner', 'csirt', 'other', ''];

const BASE_TIME = Date.UTC(2020, 0, 1);
const FOUR_YEARS_MS = 4 * 365 * 86_400_000;
const ONE_YEAR_MS = 365 * 86_400_000;

/** The fields every generated object shares, in a fixed key order. */
function common(random: Random, type: string, author?: string): Plain {
  const created = BASE_TIME + random.below(FOUR_YEARS_MS);
  const modified = created + random.below(ONE_YEAR_MS);
  return {
    type,
    spec_version: '2.1',
    id: `${type}--${uuidV4(random)}`,
    ...(author === undefined ? {} : { created_by_ref: author }),
    created: new Date(created).toISOString(),
    modified: new Date(modified).toISOString(),
  };
}

const trailer = { revoked: false, confidence: 100, object_marking_refs: [TLP_WHITE] };

function sentence(random: Random, words: number): string {
  const parts: string[] = [];
  for (let i = 0; i < words; i++) parts.push(random.pick(WORDS).toLowerCase());
  return `Example entity described with ${parts.join(' ')}.`;
}

/** The author of the bundle: an organisation without `created_by_ref`. */
export function author(random: Random): Plain {
  return { ...common(random, 'identity'), name: 'Example Bench Author',
    description: 'Author of the synthetic benchmark bundle.',
    identity_class: 'organization', ...trailer };
}

/** A sector: an identity of class `class`, sometimes with aliases. */
export function sector(random: Random, author: string, n: number): Plain {
  const name = `${random.pick(SECTORS)} ${n}`;
  const aliases = random.below(2) === 0 ? { x_opencti_aliases: [`S${n}`] } : {};
  return { ...common(random, 'identity', author), name,
    description: sentence(random, 4 + random.below(12)),
    identity_class: 'class', ...trailer, ...aliases };
}

/** An organisation, sometimes with an external reference. */
export function organization(random: Random, author: string, n: number): Plain {
  const name = `Example ${random.pick(WORDS)} ${random.pick(SUFFIXES)} ${n}`;
  const refs = random.below(3) === 0
    ? { external_references: [{ source_name: 'example-registry',
        url: `https://registry.example.org/org/${n}` }] }
    : {};
  return { ...common(random, 'identity', author), name,
    description: sentence(random, 3 + random.below(20)),
    identity_class: 'organization', contact_information: `org${n}.example.com`,
    ...trailer, x_opencti_organization_type: random.pick(ORG_TYPES), ...refs };
}

const coordinate = (random: Random, range: number): number =>
  Math.round((random.next() * 2 - 1) * range * 1e6) / 1e6;

/** A country or a region, as OpenCTI's geography dataset writes them. */
export function location(random: Random, author: string, n: number,
  kind: 'Country' | 'Region'): Plain {
  const base = common(random, 'location', author);
  const name = kind === 'Region'
    ? `${random.pick(REGIONS)} ${n}` : `Exampleland ${n}`;
  const place = kind === 'Region'
    ? { region: random.pick(REGIONS) } : { country: countryCode(random) };
  return { ...base, name,
    latitude: coordinate(random, 90), longitude: coordinate(random, 180),
    ...trailer, ...place, x_opencti_location_type: kind };
}

function countryCode(random: Random): string {
  let code = '';
  for (let i = 0; i < 3; i++) code += String.fromCharCode(65 + random.below(26));
  return code;
}

/** A relationship from `source` to `target`, both generated earlier. */
export function relationship(random: Random, author: string,
  type: 'part-of' | 'located-at', source: Ref, target: Ref): Plain {
  const verb = type === 'part-of' ? 'is part of' : 'is located in';
  return { ...common(random, 'relationship', author), relationship_type: type,
    description: `${source.name} ${verb} ${target.name}`,
    source_ref: source.id, target_ref: target.id, ...trailer };
}
