import type { JsonObject } from '../../core/json.js';

const COUNTRY_WORDS = /\b(country|countries|nation|kingdom|republic|territory)\b/i;
// One capitalised word ending like many country names: Exampleland, Kazakhstan.
const COUNTRY_NAME = /^[A-Z][a-z]+(land|lands|stan|ia)$/;
const HINTS = [
  'x_opencti_location_type', 'x_opencti_identity_type', 'x_opencti_organization_type',
];

/**
 * A heuristic for an identity that is really a country (C03): a custom type
 * hint saying country, a single-word name shaped like a country name, or a
 * name or description that says it is one. It only feeds a warning, and is
 * evaluated only for identities that already break their role's rules.
 * It knows no list of country names: a plain name such as "Peru" passes.
 */
export function looksLikeCountry(object: JsonObject): boolean {
  const { name, description } = object;
  for (const hint of HINTS) {
    const value = object[hint];
    if (typeof value === 'string' && /^country$/i.test(value)) return true;
  }
  if (typeof name === 'string' && (COUNTRY_NAME.test(name) || COUNTRY_WORDS.test(name))) {
    return true;
  }
  return typeof description === 'string' && COUNTRY_WORDS.test(description);
}
