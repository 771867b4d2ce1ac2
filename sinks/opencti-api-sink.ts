import { Observable, concatMap, from, type OperatorFunction } from 'rxjs';
import { okAsync, type Result, type ResultAsync } from 'neverthrow';
import type { ObjectItem } from '../core/item.js';
import type { SinkEvent } from './sink-event.js';
import { BundlePacker, type PackedBundle } from './opencti/bundle-packer.js';
import type { GraphqlClient } from './opencti/graphql-client.js';
import type { OpenCtiError } from './opencti/opencti-error.js';
import { stixBundlePush } from './opencti/stix-bundle-push.js';
import { addExpectations } from './opencti/work-operations.js';

/** 12 MiB of bundle JSON per `stixBundlePush` call. */
export const DEFAULT_MAX_BUNDLE_BYTES = 12 * 1024 * 1024;
export const DEFAULT_MAX_BUNDLE_OBJECTS = 1000;

export interface OpenCtiApiSinkOptions {
  readonly client: GraphqlClient;
  /** The registered connector's id (`CONNECTOR_ID`). */
  readonly connectorId: string;
  /** The run's work (from `workAdd`), or `null` to let the platform open one
   * per bundle. */
  readonly workId: string | null;
  /** Default {@link DEFAULT_MAX_BUNDLE_BYTES}. */
  readonly maxBundleBytes?: number;
  /**
   * Default {@link DEFAULT_MAX_BUNDLE_OBJECTS}. Keep it at or below the
   * `CreditWindow` limit: a bundle waits for its last object, and the
   * source waits for credits that only a sent bundle gives back.
   */
  readonly maxBundleObjects?: number;
  /** Bundle ids; default `bundle--` + `crypto.randomUUID()`. */
  readonly newBundleId?: () => string;
}

/**
 * Writes objects to OpenCTI through `stixBundlePush`, packed in order into
 * bundles under the size and count limits, one call at a time. Emits one
 * `written` event per bundle once the platform has accepted it (queued for
 * its workers). The last partial bundle is sent when the input completes.
 *
 * Expectations: the platform's worker adds one per object for a bundle of
 * several objects; for a bundle of one, the sink adds it (`addExpectations`)
 * before pushing, so the work's expected and processed counts agree.
 *
 * Errors: an API failure arrives as an `OpenCtiError` naming the operation;
 * an object too large for any bundle as an `ObjectTooLargeError` naming it.
 * Memory: one open bundle (up to `maxBundleBytes`) plus the closed bundles
 * waiting for the call in flight, which the credit window bounds.
 *
 * @example
 * objects$.pipe(openCtiApiSink({ client, connectorId, workId }))
 */
export function openCtiApiSink(
  options: OpenCtiApiSinkOptions,
): OperatorFunction<ObjectItem, SinkEvent> {
  const limits = {
    maxBytes: options.maxBundleBytes ?? DEFAULT_MAX_BUNDLE_BYTES,
    maxObjects: options.maxBundleObjects ?? DEFAULT_MAX_BUNDLE_OBJECTS,
  };
  new BundlePacker(limits); // validates the limits when the sink is built

  return (source) =>
    packed(source, () => new BundlePacker(limits, options.newBundleId)).pipe(
      concatMap((bundle) => from(unwrap(send(options, bundle)))),
    );
}

function packed(
  source: Observable<ObjectItem>,
  newPacker: () => BundlePacker,
): Observable<PackedBundle> {
  return new Observable<PackedBundle>((subscriber) => {
    const packer = newPacker();
    return source.subscribe({
      next(item) {
        const added = packer.add(item.record);
        if (added.isErr()) subscriber.error(added.error);
        else if (added.value) subscriber.next(added.value);
      },
      error: (error: unknown) => subscriber.error(error),
      complete() {
        const last = packer.flush();
        if (last) subscriber.next(last);
        subscriber.complete();
      },
    });
  });
}

function send(
  options: OpenCtiApiSinkOptions,
  bundle: PackedBundle,
): ResultAsync<SinkEvent, OpenCtiError> {
  const { client, connectorId, workId } = options;
  const expect =
    bundle.count === 1 && workId !== null
      ? addExpectations(client, workId, 1).map(() => undefined)
      : okAsync<undefined, OpenCtiError>(undefined);
  return expect
    .andThen(() => stixBundlePush(client, connectorId, bundle.text, workId))
    .map(() => ({ kind: 'written' as const, count: bundle.count, bytes: bundle.bytes }));
}

/** The event, or a rejected promise with the error for the error channel. */
async function unwrap(pending: ResultAsync<SinkEvent, OpenCtiError>): Promise<SinkEvent> {
  const result: Result<SinkEvent, OpenCtiError> = await pending;
  if (result.isErr()) throw result.error;
  return result.value;
}
