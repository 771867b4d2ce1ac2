import { bufferCount, concatMap, from, mergeMap, type OperatorFunction } from 'rxjs';
import type { ObjectItem } from '../../core/item.js';
import type { AmqpConnectionConfig } from '../../sinks/amqp/amqp-url.js';
import { openCtiApiSink } from '../../sinks/opencti-api-sink.js';
import type { RegisteredConnector } from '../../sinks/opencti/connector-operations.js';
import type { GraphqlClient } from '../../sinks/opencti/graphql-client.js';
import { addExpectations } from '../../sinks/opencti/work-operations.js';
import { toRabbitMq } from '../../sinks/rabbitmq-sink.js';
import type { Settings } from '../config/settings.js';
import type { ObjectSink } from '../run-pipeline.js';

/** Objects announced to the work per `addExpectations` call. */
const EXPECTATION_BATCH = 500;

/**
 * The sink of one work: RabbitMQ (default; one object per message, after
 * announcing each batch of objects as expectations) or the GraphQL API
 * (`CONNECTOR_QUEUE_PROTOCOL=api`; `stixBundlePush` bundles under 12 MB).
 */
export function sinkForWork(
  settings: Settings,
  client: GraphqlClient,
  connectorId: string,
  registered: RegisteredConnector,
  workId: string,
): ObjectSink {
  if (settings.connector.queueProtocol === 'api') {
    return openCtiApiSink({ client, connectorId, workId });
  }
  const publish = toRabbitMq({
    connection: brokerConnection(settings, registered.config.connection),
    exchange: registered.config.push_exchange,
    routingKey: registered.config.push_routing,
    applicantId: registered.connector_user_id ?? '',
    workId,
    connectionName: `${settings.connector.name} (${connectorId})`,
  });
  return (objects) => objects.pipe(announced(client, workId), publish);
}

/** Announces each batch as expectations of the work before passing it on:
 * the platform counts the work done when as many objects were processed. */
function announced(
  client: GraphqlClient,
  workId: string,
): OperatorFunction<ObjectItem, ObjectItem> {
  return (objects) =>
    objects.pipe(
      bufferCount(EXPECTATION_BATCH),
      concatMap((batch) =>
        from(
          addExpectations(client, workId, batch.length).match(
            () => batch,
            (error) => {
              throw error;
            },
          ),
        ),
      ),
      mergeMap((batch) => from(batch)),
    );
}

/** The platform's broker connection, with the `MQ_*` overrides applied. */
export function brokerConnection(
  settings: Settings,
  given: AmqpConnectionConfig,
): AmqpConnectionConfig {
  const mq = settings.mq;
  return {
    host: mq.host ?? given.host,
    port: mq.port ?? given.port,
    vhost: mq.vhost ?? given.vhost,
    use_ssl: mq.useSsl ?? given.use_ssl,
    user: mq.user ?? given.user,
    pass: mq.pass ?? given.pass,
  };
}
