import { randomUUID } from 'node:crypto';

/** The fields of an OpenCTI `QUEUE_BUNDLE` message other than its content. */
export interface EnvelopeFields {
  /** The connector's user id (`connector_user_id` from `registerConnector`). */
  readonly applicantId: string;
  /** The work this import reports to; left out of the message when absent. */
  readonly workId?: string;
  /** Entity types the worker should keep; `[]` (the default) keeps all. */
  readonly entitiesTypes?: readonly string[];
  /** Upsert existing entities (default `true`). */
  readonly update?: boolean;
  /** Import into a draft instead of the live knowledge (default `null`). */
  readonly draftId?: string | null;
}

/** `{"type":"bundle","id":"bundle--<uuid>","objects":[` has a fixed length. */
const BUNDLE_HEAD_BYTES = '{"type":"bundle","id":"bundle--","objects":['.length + 36;
const BUNDLE_TAIL = ']}';

/**
 * The message OpenCTI's workers consume from the push queue, as pycti's
 * `send_stix2_bundle` writes it: a JSON envelope whose `content` is the
 * base64 of a STIX bundle's JSON. The bundle has no `spec_version` (STIX 2.1
 * bundles carry none).
 *
 * `measure()` gives the exact byte length of the body `build()` would
 * return, from the bundle's length alone, so a body is sized before it is
 * built (base64 and the envelope add about a third).
 *
 * @example
 * const envelope = new MessageEnvelope({ applicantId: 'user-id' });
 * const body = envelope.build([serialize(object)], 1);
 */
export class MessageEnvelope {
  private readonly headStart: string;
  private readonly typesText: string;
  private readonly tail: string;

  constructor(readonly fields: EnvelopeFields) {
    if (typeof fields.applicantId !== 'string' || fields.applicantId === '') {
      throw new RangeError('message envelope needs a non-empty applicantId');
    }
    this.headStart =
      `{"bundle_type":"QUEUE_BUNDLE","applicant_id":${JSON.stringify(fields.applicantId)}` +
      ',"action_sequence":';
    this.typesText = JSON.stringify(fields.entitiesTypes ?? []);
    this.tail =
      `","update":${fields.update ?? true},"draft_id":${JSON.stringify(fields.draftId ?? null)}` +
      (fields.workId === undefined ? '' : `,"work_id":${JSON.stringify(fields.workId)}`) +
      '}';
  }

  /** UTF-8 length of a bundle holding objects whose JSON texts add up to
   * `objectBytes` bytes, `count` of them. */
  static bundleBytes(objectBytes: number, count: number): number {
    return BUNDLE_HEAD_BYTES + objectBytes + Math.max(0, count - 1) + BUNDLE_TAIL.length;
  }

  /** Byte length of the message body for a bundle of `bundleBytes` bytes. */
  measure(bundleBytes: number, sequence: number): number {
    return Buffer.byteLength(this.head(sequence)) + base64Length(bundleBytes) +
      Buffer.byteLength(this.tail);
  }

  /** The message body for objects given as their JSON texts, in order. */
  build(objectTexts: readonly string[], sequence: number): Buffer {
    const bundle = Buffer.from(
      `{"type":"bundle","id":"bundle--${randomUUID()}","objects":[` +
        `${objectTexts.join(',')}${BUNDLE_TAIL}`,
      'utf8',
    );
    const head = this.head(sequence);
    const body = Buffer.allocUnsafe(this.measure(bundle.length, sequence));
    let at = body.write(head, 0, 'utf8');
    at += body.write(bundle.toString('base64'), at, 'latin1');
    body.write(this.tail, at, 'utf8');
    return body;
  }

  private head(sequence: number): string {
    return `${this.headStart}${sequence},"entities_types":${this.typesText},"content":"`;
  }
}

/** Length of the base64 text (with padding) of `bytes` bytes. */
const base64Length = (bytes: number): number => 4 * Math.ceil(bytes / 3);
