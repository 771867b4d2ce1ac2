import * as t from 'io-ts';
import { errAsync, okAsync, type ResultAsync } from 'neverthrow';
import type { GraphqlClient } from './graphql-client.js';
import { OpenCtiError } from './opencti-error.js';

/** The document sent, validated against the 6.8 and 6.9 schemas in tests. */
export const STIX_BUNDLE_PUSH_DOCUMENT = `mutation stixBundlePush(
  $connectorId: String!
  $bundle: String!
  $work_id: String
) {
  stixBundlePush(connectorId: $connectorId, bundle: $bundle, work_id: $work_id)
}`;

const Pushed = t.type({ stixBundlePush: t.union([t.boolean, t.null]) });

/**
 * Hands a bundle (its JSON text) to the platform, which queues it for its
 * workers under the connector's push queue; `true` means queued, not yet
 * imported. The worker splits a bundle of several objects and adds one
 * expectation per distinct id to the work itself; for a bundle of one
 * object nobody does, so the caller adds that one (see `openCtiApiSink`).
 */
export function stixBundlePush(
  client: GraphqlClient,
  connectorId: string,
  bundle: string,
  workId: string | null,
): ResultAsync<true, OpenCtiError> {
  const variables = { connectorId, bundle, work_id: workId };
  return client
    .request('stixBundlePush', STIX_BUNDLE_PUSH_DOCUMENT, variables, Pushed)
    .andThen((data) => {
      if (data.stixBundlePush === true) return okAsync<true, OpenCtiError>(true);
      const message = `the platform answered ${String(data.stixBundlePush)}`;
      const error = new OpenCtiError({
        operation: 'stixBundlePush',
        kind: 'invalid-response',
        errors: [{ message }],
      });
      return errAsync<true, OpenCtiError>(error);
    });
}
