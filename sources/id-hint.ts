const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
/** `"id":"<type>--<uuid>"`, spaces allowed around the colon. */
const ID_MEMBER = new RegExp(`"id"\\s*:\\s*"([a-z][a-z0-9-]*--${UUID})"`);

/**
 * The id of an object that could not be decoded (bad bytes, bad syntax), as
 * far as its text shows it: the first `"id"` member whose value looks like a
 * STIX id. Only a hint for the rejects file and messages, so that a person
 * can find the object: it may come from a nested object when the top-level
 * `id` is missing or comes after the damage. Read as latin1, which any
 * bytes are, since an id is ASCII.
 */
export function idHint(text: Buffer): string | undefined {
  return ID_MEMBER.exec(text.toString('latin1'))?.[1];
}
