import * as t from 'io-ts';
import type { ResultAsync } from 'neverthrow';
import type { GraphqlClient } from './graphql-client.js';
import type { OpenCtiError } from './opencti-error.js';

/** The documents sent, validated against the 6.8 and 6.9 schemas in tests. */
export const WORK_DOCUMENTS = {
  workAdd: `mutation workAdd($connectorId: String!, $friendlyName: String) {
  workAdd(connectorId: $connectorId, friendlyName: $friendlyName) { id }
}`,
  addExpectations: `mutation addExpectations($id: ID!, $expectations: Int) {
  workEdit(id: $id) { addExpectations(expectations: $expectations) }
}`,
  reportExpectation: `mutation reportExpectation($id: ID!, $error: WorkErrorInput) {
  workEdit(id: $id) { reportExpectation(error: $error) }
}`,
  toProcessed: `mutation toProcessed($id: ID!, $message: String, $inError: Boolean) {
  workEdit(id: $id) { toProcessed(message: $message, inError: $inError) }
}`,
} as const;

/** `workEdit` is nullable: `null` means the work no longer exists. */
const edited = <K extends string>(field: K) =>
  t.type({ workEdit: t.type({ [field]: t.string } as Record<K, t.StringC>) });

/** Opens a run (a "work") for the connector; returns the work id that
 * pushed messages and bundles carry as `work_id`. */
export function workAdd(
  client: GraphqlClient,
  connectorId: string,
  friendlyName: string,
): ResultAsync<string, OpenCtiError> {
  const decoder = t.type({ workAdd: t.type({ id: t.string }) });
  return client
    .request('workAdd', WORK_DOCUMENTS.workAdd, { connectorId, friendlyName }, decoder)
    .map((data) => data.workAdd.id);
}

/**
 * Tells the platform that `count` more items will be processed for the
 * work; the work completes when as many have been reported processed. Send
 * it before publishing the items it counts, never after.
 */
export function addExpectations(
  client: GraphqlClient,
  workId: string,
  count: number,
): ResultAsync<string, OpenCtiError> {
  const variables = { id: workId, expectations: count };
  const decoder = edited('addExpectations');
  return client
    .request('addExpectations', WORK_DOCUMENTS.addExpectations, variables, decoder)
    .map((data) => data.workEdit.addExpectations);
}

/**
 * Reports one expected item as done, with an error when it failed. The
 * OpenCTI worker sends this for every item it imports; a connector sends it
 * only for an item it counted in {@link addExpectations} and then could not
 * publish, so that the work can still complete.
 */
export function reportExpectation(
  client: GraphqlClient,
  workId: string,
  error?: { readonly error: string; readonly source: string },
): ResultAsync<string, OpenCtiError> {
  const variables = { id: workId, error: error ?? null };
  return client
    .request(
      'reportExpectation',
      WORK_DOCUMENTS.reportExpectation,
      variables,
      edited('reportExpectation'),
    )
    .map((data) => data.workEdit.reportExpectation);
}

/** Closes the connector's side of the work with a message (an error message
 * when `inError`). */
export function toProcessed(
  client: GraphqlClient,
  workId: string,
  message: string,
  inError = false,
): ResultAsync<string, OpenCtiError> {
  const variables = { id: workId, message, inError };
  return client
    .request('toProcessed', WORK_DOCUMENTS.toProcessed, variables, edited('toProcessed'))
    .map((data) => data.workEdit.toProcessed);
}
