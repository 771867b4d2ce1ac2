import { mulberry32, type Random } from './mulberry32.js';
import {
  author, location, organization, type Plain, type Ref, relationship, sector,
} from './synthetic-objects.js';

/** Shares of the generated objects that are planted faults. */
export interface SyntheticOptions {
  readonly seed: number;
  /** Exact copies of an earlier valid object (default 0.015). */
  readonly duplicateShare?: number;
  /** Objects with a bad id, no name, or a bad timestamp (default 0.005). */
  readonly invalidShare?: number;
}

/** What was generated so far; `objects` includes duplicates and invalid. */
export interface SyntheticCounts {
  objects: number;
  duplicates: number;
  invalid: number;
  relationships: number;
}

/** An endless, deterministic sequence of STIX objects as JSON text. */
export interface SyntheticObjects {
  readonly authorId: string;
  readonly counts: Readonly<SyntheticCounts>;
  /** The JSON text of the next object (the author comes first). */
  next(): string;
}

/** Recent refs of one kind; relationships pick their ends from these, so
 * they always point at objects generated earlier. Bounded in size. */
class RecentPool<T> {
  private readonly items: T[] = [];
  private at = 0;
  constructor(private readonly capacity: number) {}
  get size(): number {
    return this.items.length;
  }
  add(item: T): void {
    if (this.items.length < this.capacity) this.items.push(item);
    else this.items[this.at++ % this.capacity] = item;
  }
  pick(random: Random): T {
    return this.items[random.below(this.items.length)];
  }
}

type EntityKind = 'sector' | 'organization' | 'country' | 'region';
type LinkKind = 'org-sector' | 'sector-sector' | 'country-region' | 'org-country';

/** Each relationship kind: its type, the kind of its source and target. */
const LINKS: Record<LinkKind, readonly ['part-of' | 'located-at', EntityKind, EntityKind]> = {
  'org-sector': ['part-of', 'organization', 'sector'],
  'sector-sector': ['part-of', 'sector', 'sector'],
  'country-region': ['located-at', 'country', 'region'],
  'org-country': ['located-at', 'organization', 'country'],
};
const isLink = (kind: EntityKind | LinkKind): kind is LinkKind => kind in LINKS;

/** Cumulative weights: about half entities, half relationships. */
const KINDS: ReadonlyArray<readonly [EntityKind | LinkKind, number]> = [
  ['sector', 0.06], ['organization', 0.40], ['country', 0.50],
  ['region', 0.52], ['org-sector', 0.72], ['sector-sector', 0.76],
  ['country-region', 0.82], ['org-country', 1],
];

/**
 * The object sequence behind {@link generateBundle}. Memory is constant:
 * a few thousand recent refs and texts, whatever the length.
 */
export function syntheticObjects(options: SyntheticOptions): SyntheticObjects {
  const random = mulberry32(options.seed);
  const duplicateShare = options.duplicateShare ?? 0.015;
  const invalidShare = options.invalidShare ?? 0.005;
  const counts: SyntheticCounts = { objects: 0, duplicates: 0, invalid: 0, relationships: 0 };
  const pools: Record<EntityKind, RecentPool<Ref>> = {
    sector: new RecentPool(4096), organization: new RecentPool(4096),
    country: new RecentPool(4096), region: new RecentPool(4096),
  };
  const texts = new RecentPool<string>(512);
  const first = author(random);
  const authorId = first.id as string;
  let pending: string | undefined = JSON.stringify(first);

  const entity = (kind: EntityKind): Plain => {
    const n = counts.objects;
    if (kind === 'sector') return sector(random, authorId, n);
    if (kind === 'organization') return organization(random, authorId, n);
    return location(random, authorId, n, kind === 'country' ? 'Country' : 'Region');
  };

  const link = (kind: LinkKind): Plain | undefined => {
    const [type, from, to] = LINKS[kind];
    if (pools[from].size === 0 || pools[to].size === 0) return undefined;
    return relationship(random, authorId, type, pools[from].pick(random), pools[to].pick(random));
  };

  const valid = (): string => {
    const roll = random.next();
    const kind = KINDS.find(([, upTo]) => roll < upTo)![0];
    const made = isLink(kind) ? link(kind) : entity(kind);
    // Until both ends of a relationship exist, a region or a sector stands in.
    const object = made ?? entity(kind === 'country-region' ? 'region' : 'sector');
    if (object.type === 'relationship') counts.relationships++;
    else pools[poolOf(object)].add({ id: object.id as string, name: object.name as string });
    const text = JSON.stringify(object);
    texts.add(text);
    return text;
  };

  const next = (): string => {
    counts.objects++;
    if (pending !== undefined) {
      const text = pending;
      pending = undefined;
      return text;
    }
    const roll = random.next();
    if (roll < duplicateShare && texts.size > 0) {
      counts.duplicates++;
      return texts.pick(random);
    }
    if (roll < duplicateShare + invalidShare) {
      counts.invalid++;
      const kind = random.pick<EntityKind>(['sector', 'organization', 'country']);
      return JSON.stringify(spoil(random, entity(kind)));
    }
    return valid();
  };

  return { authorId, counts, next };
}

function poolOf(object: Plain): EntityKind {
  if (object.type === 'identity') {
    return object.identity_class === 'class' ? 'sector' : 'organization';
  }
  return object.x_opencti_location_type === 'Region' ? 'region' : 'country';
}

/** One planted fault: a malformed id, no name, or a timestamp without zone. */
function spoil(random: Random, object: Plain): Plain {
  const fault = random.below(3);
  if (fault === 0) return { ...object, id: (object.id as string).slice(0, -1) };
  if (fault === 1) {
    const { name: _dropped, ...rest } = object;
    return rest;
  }
  return { ...object, modified: (object.modified as string).slice(0, 19).replace('T', ' ') };
}
