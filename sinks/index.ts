export { openCtiApiSink, type OpenCtiApiSinkOptions } from './opencti-api-sink.js';
export { graphqlClient, type GraphqlClient, type GraphqlClientOptions } from './opencti/graphql-client.js';
export {
  about,
  pingConnector,
  registerConnector,
  type ConnectorRegistration,
  type RegisteredConnector,
} from './opencti/connector-operations.js';
export { OpenCtiError } from './opencti/opencti-error.js';
export { stixBundlePush } from './opencti/stix-bundle-push.js';
export { addExpectations, toProcessed, workAdd } from './opencti/work-operations.js';
export { toRabbitMq, type RabbitMqSinkOptions } from './rabbitmq-sink.js';
export type { RabbitMqSinkEvent } from './rabbitmq-sink-event.js';
export type { AmqpConnectionConfig } from './amqp/amqp-url.js';
export { SinkError } from './sink-error.js';
export type { SinkEvent } from './sink-event.js';
export { toBundleFile, type BundleFileOptions } from './to-bundle-file.js';
export { toNdjsonFile } from './to-ndjson-file.js';
export { toRejectsFile } from './to-rejects-file.js';
export { toStdout } from './to-stdout.js';
