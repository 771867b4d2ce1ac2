import * as t from 'io-ts';
import type { JsonObject } from '../../core/json.js';
import { COMMON_PROPERTY_NAMES, CommonProperties } from './common-properties.js';
import type { Findings } from './findings.js';
import { numberInRange } from './json-number.js';
import type { ObjectShape } from './object-shape.js';
import { stringOneOf } from './string-codecs.js';

/** The location kinds OpenCTI knows (`x_opencti_location_type`). */
export const OPENCTI_LOCATION_TYPES: readonly string[] = [
  'Region', 'Country', 'Administrative-Area', 'City', 'Position',
];

const LocationProperties = t.partial({
  name: t.string,
  description: t.string,
  latitude: numberInRange('latitude', { min: -90, max: 90 }, 'latitude-range'),
  longitude: numberInRange('longitude', { min: -180, max: 180 }, 'longitude-range'),
  precision: numberInRange('precision', { min: 0, max: Infinity }, 'precision-range'),
  region: t.string,
  country: t.string,
  administrative_area: t.string,
  city: t.string,
  street_address: t.string,
  postal_code: t.string,
  x_opencti_location_type: stringOneOf(
    'x_opencti_location_type', OPENCTI_LOCATION_TYPES, 'location-type'),
});

/**
 * Where a location is: `region`, `country`, or both `latitude` and
 * `longitude` (`location-needs-place`); one coordinate without the other is
 * `location-coordinates-pair`, `precision` without coordinates
 * `location-precision`. No `region = name` guess is ever made.
 */
function checkPlace(object: JsonObject, findings: Findings): void {
  const { latitude, longitude, precision } = object;
  const hasLatitude = latitude !== undefined;
  const hasLongitude = longitude !== undefined;

  if (hasLatitude !== hasLongitude) {
    const [present, missing] = hasLatitude
      ? ['latitude', 'longitude']
      : ['longitude', 'latitude'];
    findings.reject(`/${present}`, 'location-coordinates-pair', object[present],
      `${present} without ${missing}`);
  } else if (!hasLatitude && object.region === undefined && object.country === undefined) {
    findings.reject('', 'location-needs-place', undefined,
      'a location needs region, country, or latitude+longitude');
  }
  if (precision !== undefined && !(hasLatitude && hasLongitude)) {
    findings.reject('/precision', 'location-precision', precision,
      'precision needs latitude and longitude');
  }
}

/** A location, per STIX 2.1 and OpenCTI's `x_opencti_location_type`. */
export const locationShape: ObjectShape = {
  codec: t.intersection([CommonProperties, LocationProperties]),
  properties: new Set([
    ...COMMON_PROPERTY_NAMES,
    'name', 'description', 'latitude', 'longitude', 'precision', 'region',
    'country', 'administrative_area', 'city', 'street_address', 'postal_code',
  ]),
  check: checkPlace,
};
