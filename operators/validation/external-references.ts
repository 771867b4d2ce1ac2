import * as t from 'io-ts';
import { isJsonObject, type JsonObject, type JsonValue } from '../../core/json.js';
import { decodeProblems } from './decode-problems.js';
import type { Findings } from './findings.js';
import { withoutProperties, withProperty } from './object-edit.js';
import { refinedString } from './string-codecs.js';

/** True for an absolute http(s) URL with a host and no whitespace or
 * control characters. Non-ASCII (IRI) URLs are accepted, as WHATWG `URL`
 * does, although the OASIS schema's `uri` format may refuse them. */
export function isHttpUrl(text: string): boolean {
  if (/[\s\u0000-\u001f\u007f]/.test(text) || !URL.canParse(text)) return false;
  const url = new URL(text);
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
}

const ExternalReference = t.intersection([
  t.type({
    source_name: refinedString('source_name', (s) => s.length > 0,
      'external-reference-incomplete', () => 'source_name must not be empty'),
  }),
  t.partial({
    description: t.string,
    url: refinedString('url', isHttpUrl, 'external-reference-url',
      (u) => `url ${JSON.stringify(u)} is not a valid http(s) URL`),
    external_id: t.string,
    hashes: t.record(t.string, t.string),
  }),
]);

/** Why an entry must go: one rule and the sentences; none when it is good. */
function entryFaults(entry: JsonValue): { rule: string; message: string } | undefined {
  if (!isJsonObject(entry)) {
    return { rule: 'external-reference-incomplete', message: 'an entry must be an object' };
  }
  const faults = decodeProblems(ExternalReference, entry);
  const { description, url, external_id: externalId } = entry;
  if (description === undefined && url === undefined && externalId === undefined) {
    faults.push({ pointer: '', rule: 'external-reference-incomplete', value: undefined,
      message: 'needs a description, url or external_id' });
  }
  if (faults.length === 0) return undefined;

  const urlOnly = faults.every((f) => f.rule === 'external-reference-url');
  return {
    rule: urlOnly ? 'external-reference-url' : 'external-reference-incomplete',
    message: [...new Set(faults.map((f) => f.message))].join('; '),
  };
}

/** The entry with `source_name` taken from its URL's host, when it has none. */
function withDerivedSource(entry: JsonValue): JsonValue {
  if (!isJsonObject(entry)) return entry;
  const { source_name: name, url } = entry;
  if (name !== undefined && name !== '') return entry;
  if (typeof url !== 'string' || !isHttpUrl(url)) return entry;
  return withProperty(entry, 'source_name', new URL(url).hostname);
}

/**
 * Drops the bad entries of `external_references`, keeping the object (C10):
 * an entry needs a non-empty `source_name` and one of description, url or
 * external_id (`external-reference-incomplete`), and `url` must be an http(s)
 * URL (`external-reference-url`). Each dropped entry is an error note at
 * `/external_references/<n>` (its index in the list as read) with the entry
 * as value; a list left empty is removed. With `deriveSourceName`, a missing
 * `source_name` is taken from the URL's host (a counted fix).
 */
export function cleanExternalReferences(
  object: JsonObject,
  findings: Findings,
  deriveSourceName: boolean,
): JsonObject {
  const list = object.external_references;
  if (!Array.isArray(list)) return object;

  const kept: JsonValue[] = [];
  list.forEach((entry, i) => {
    const candidate = deriveSourceName ? withDerivedSource(entry) : entry;
    const faults = entryFaults(candidate);
    const pointer = `/external_references/${i}`;
    if (faults !== undefined) {
      findings.drop(pointer, faults.rule, entry, faults.message);
      return;
    }
    if (candidate !== entry) {
      const original = isJsonObject(entry) ? entry.source_name : undefined;
      findings.fix(`${pointer}/source_name`, 'external-reference-source-name', original,
        'source_name taken from the URL host');
    }
    kept.push(candidate);
  });

  const same = kept.length === list.length && kept.every((entry, i) => entry === list[i]);
  if (same) return object;
  if (kept.length === 0) return withoutProperties(object, new Set(['external_references']));
  return withProperty(object, 'external_references', kept);
}
