import t from 'tap';
import { amqpUrl, describeAmqp } from '../../../sinks/amqp/amqp-url.js';
import { brokerConnect } from '../../../sinks/amqp/broker-connect.js';
import { LOCAL_RABBITMQ } from '../../helpers/rabbitmq-scratch.js';

const config = {
  host: 'rabbitmq', port: 5672, vhost: '/', use_ssl: false, user: 'opencti', pass: 'p@ss:w/rd',
};

t.test('builds the URL from the platform connection config', async (t) => {
  t.equal(amqpUrl(config), 'amqp://opencti:p%40ss%3Aw%2Frd@rabbitmq:5672/%2F?heartbeat=10');
  t.equal(amqpUrl({ ...config, vhost: 'octi/prod', use_ssl: true, port: 5671 }, { heartbeat: 30 }),
    'amqps://opencti:p%40ss%3Aw%2Frd@rabbitmq:5671/octi%2Fprod?heartbeat=30');
  t.equal(amqpUrl({ ...config, host: '::1' }),
    'amqp://opencti:p%40ss%3Aw%2Frd@[::1]:5672/%2F?heartbeat=10');
});

t.test('describes the broker without the password', async (t) => {
  t.equal(describeAmqp(config), 'amqp://opencti@rabbitmq:5672/%2F');
});

t.test('the URL really connects, vhost "/" included', async (t) => {
  const model = await brokerConnect({ connection: LOCAL_RABBITMQ, connectionName: 'url test' })();
  t.teardown(() => model.close());
  t.equal(typeof model.connection.serverProperties.product, 'string');
});
