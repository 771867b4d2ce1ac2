import { graphqlClient, type GraphqlClient } from '../../sinks/opencti/graphql-client.js';
import type { OpenCtiError } from '../../sinks/opencti/opencti-error.js';
import { isCertificateFailure } from '../../core/definitive-failure.js';
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
 * token or certificate, which setting to look at: what an administrator
 * needs to act. */
export function explained(error: OpenCtiError, client: GraphqlClient): string {
  const hint = error.kind === 'unauthenticated'
    ? '; check OPENCTI_TOKEN'
    : error.kind === 'forbidden'
      ? '; the user of OPENCTI_TOKEN lacks a capability the connector needs'
      : isCertificateFailure(error.cause)
        ? '; the platform\'s certificate was refused: give Node its authority ' +
          '(NODE_EXTRA_CA_CERTS) or set OPENCTI_SSL_VERIFY=false'
        : '';
  const where = error.message.includes(client.endpoint) ? '' : ` (${client.endpoint})`;
  return `${error.message}${where}${hint}`;
}
