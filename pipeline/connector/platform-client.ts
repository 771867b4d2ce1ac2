import { graphqlClient, type GraphqlClient } from '../../sinks/opencti/graphql-client.js';
import type { OpenCtiError } from '../../sinks/opencti/opencti-error.js';
import type { Settings } from '../config/settings.js';
import type { Logger } from '../logger.js';

/**
 * The connector's GraphQL client, from the settings a Python connector
 * reads: `OPENCTI_URL`, `OPENCTI_TOKEN`, `OPENCTI_SSL_VERIFY`, and the
 * `CONFIG_HTTP_TIMEOUT` (per attempt) and `CONFIG_HTTP_RETRIES` that also
 * bound downloads, so that a platform that does not answer fails in
 * seconds, not minutes. Each retry is logged as a warning.
 */
export function platformClient(settings: Settings, logger: Logger): GraphqlClient {
  return graphqlClient({
    url: settings.opencti.url as string,
    token: settings.opencti.token as string,
    verifyTls: settings.opencti.sslVerify,
    timeoutMs: settings.http.timeoutSeconds * 1000,
    retry: { retries: Math.floor(settings.http.retries) },
    onRetry: (error, retriesLeft) => logger.warn(
      { operation: error.operation, kind: error.kind },
      `${error.message}; trying again (${retriesLeft} left)`,
    ),
  });
}

/** The error's message with the endpoint it came from and, for a refused
 * token, which setting to check: what an administrator needs to act. */
export function explained(error: OpenCtiError, client: GraphqlClient): string {
  const hint = error.kind === 'unauthenticated'
    ? '; check OPENCTI_TOKEN'
    : error.kind === 'forbidden'
      ? '; the user of OPENCTI_TOKEN lacks a capability the connector needs'
      : '';
  return `${error.message} (${client.endpoint})${hint}`;
}
