/**
 * A custom pipeline built from the library: the countries of one region of
 * the geography dataset, validated, written to NDJSON.
 *
 *   node dist/examples/countries-of-region.js "Western Europe" out/western-europe.ndjson
 */
import { join } from 'node:path';
import { Observable, lastValueFrom, reduce, type OperatorFunction } from 'rxjs';
import { fromFile, toNdjsonFile, validate, type Item, type ObjectItem } from '../index.js';

/**
 * Keeps the countries `located-at` the region named `regionName`. The
 * relationships may come before or after the locations they join, so the
 * candidate countries are held until the input ends (a few hundred here).
 */
function countriesIn(regionName: string): OperatorFunction<Item, ObjectItem> {
  return (items) =>
    new Observable<ObjectItem>((subscriber) => {
      const countries = new Map<string, ObjectItem>();
      const regionIds = new Set<string>();
      const pairs: Array<[country: string, region: string]> = [];
      return items.subscribe({
        next: (item) => {
          if (item.kind !== 'object') return;
          const object = item.record.object;
          if (object.x_opencti_location_type === 'Country') countries.set(String(object.id), item);
          if (object.x_opencti_location_type === 'Region' && object.name === regionName) {
            regionIds.add(String(object.id));
          }
          if (object.relationship_type === 'located-at') {
            pairs.push([String(object.source_ref), String(object.target_ref)]);
          }
        },
        error: (error) => subscriber.error(error),
        complete: () => {
          for (const [country, region] of pairs) {
            const item = countries.get(country);
            if (item && regionIds.has(region)) subscriber.next(item);
          }
          subscriber.complete();
        },
      });
    });
}

const region = process.argv[2] ?? 'Western Europe';
const out = process.argv[3] ?? 'out/countries.ndjson';
const geography = join(import.meta.dirname, '../../datasets/geography.json');

const written = await lastValueFrom(
  fromFile(geography, { role: 'geography' }).pipe(
    validate(),
    countriesIn(region),
    toNdjsonFile(out),
    reduce((total, event) => total + event.count, 0),
  ),
);
process.stderr.write(`${written} countries of ${region} written to ${out}\n`);
