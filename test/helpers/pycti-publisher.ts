import amqp from 'amqplib';
import type { RegisteredConnector } from '../../sinks/opencti/connector-operations.js';
import { bounded } from './opencti-emulator-broker.js';

/** One message body as pycti's `_send_bundle` builds it, for one bundle. */
export function pyctiMessage(
  bundle: unknown,
  fields: { applicantId: string | null; workId?: string; sequence?: number },
): Record<string, unknown> {
  const content = Buffer.from(JSON.stringify(bundle), 'utf8').toString('base64');
  const message: Record<string, unknown> = {
    bundle_type: 'QUEUE_BUNDLE',
    applicant_id: fields.applicantId,
    action_sequence: fields.sequence ?? 1,
    entities_types: [],
    content,
    update: false,
    draft_id: null,
  };
  if (fields.workId !== undefined) message.work_id = fields.workId;
  return message;
}

/**
 * Publishes message bodies (objects are JSON-encoded, a Buffer is sent as
 * is) to the push exchange and routing that `registerConnector` returned,
 * on a confirm channel, and resolves after the broker confirmed them all.
 * A reference publisher for tests, not the project's AMQP sink.
 */
export async function publishToPushQueue(
  registered: RegisteredConnector,
  bodies: readonly (Record<string, unknown> | Buffer)[],
  options: { persistent?: boolean } = {},
): Promise<void> {
  const { host, port, vhost, user, pass } = registered.config.connection;
  const model = await bounded(
    amqp.connect({ hostname: host, port, vhost, username: user, password: pass }),
    'connecting the test publisher',
  );
  try {
    const channel = await model.createConfirmChannel();
    for (const body of bodies) {
      const content = Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body), 'utf8');
      channel.publish(registered.config.push_exchange, registered.config.push_routing, content, {
        deliveryMode: options.persistent === false ? 1 : 2,
        contentEncoding: 'utf-8',
      });
    }
    await bounded(channel.waitForConfirms(), 'waiting for publisher confirms', 20_000);
    await channel.close();
  } finally {
    await model.close().catch(() => undefined);
  }
}
