import t from 'tap';
import { ExactNumber } from '../../../core/json.js';
import { serialize } from '../../../core/serialize.js';
import { MessageEnvelope } from '../../../sinks/amqp/message-envelope.js';
import { AUTHOR, organisation } from '../../helpers/amqp-test-objects.js';

const decode = (body: Buffer) => JSON.parse(body.toString('utf8')) as Record<string, unknown>;

t.test('builds the QUEUE_BUNDLE envelope pycti sends', async (t) => {
  const envelope = new MessageEnvelope({
    applicantId: 'user--1', workId: 'work-42', entitiesTypes: ['Identity'],
  });
  const texts = [serialize(AUTHOR), serialize(organisation(1))];

  const body = envelope.build(texts, 7);

  const message = decode(body);
  t.same(Object.keys(message), [
    'bundle_type', 'applicant_id', 'action_sequence', 'entities_types', 'content',
    'update', 'draft_id', 'work_id',
  ]);
  t.equal(message.bundle_type, 'QUEUE_BUNDLE');
  t.equal(message.applicant_id, 'user--1');
  t.equal(message.action_sequence, 7);
  t.same(message.entities_types, ['Identity']);
  t.equal(message.update, true);
  t.equal(message.draft_id, null);
  t.equal(message.work_id, 'work-42');
  const bundle = JSON.parse(Buffer.from(message.content as string, 'base64').toString('utf8'));
  t.equal(bundle.type, 'bundle');
  t.match(bundle.id, /^bundle--[0-9a-f-]{36}$/);
  t.notOk('spec_version' in bundle, 'no bundle-level spec_version (STIX 2.1)');
  t.same(bundle.objects, [AUTHOR, organisation(1)]);
});

t.test('leaves work_id out without a work, defaults entities_types to []', async (t) => {
  const message = decode(new MessageEnvelope({ applicantId: 'u' }).build(['{}'], 1));
  t.notOk('work_id' in message);
  t.same(message.entities_types, []);
});

t.test('measure() equals the real body length', async (t) => {
  const envelope = new MessageEnvelope({ applicantId: 'üser "quoted"', workId: 'wörk' });
  const cases: string[][] = [
    [],
    ['{}'],
    [serialize({ name: 'Ünïcödé ✓ 𝄞', n: new ExactNumber('1.50') })],
    [serialize(organisation(1, 1000)), serialize(organisation(2, 1001))],
    [serialize(organisation(3, 1002))],
  ];
  for (const [i, texts] of cases.entries()) {
    for (const sequence of [1, 99, 123456789]) {
      const bytes = texts.reduce((sum, text) => sum + Buffer.byteLength(text), 0);
      const body = envelope.build(texts, sequence);
      const measured = envelope.measure(MessageEnvelope.bundleBytes(bytes, texts.length), sequence);
      t.equal(measured, body.length, `case ${i}, sequence ${sequence}`);
    }
  }
});

t.test('keeps exact numbers as written', async (t) => {
  const text = serialize({ id: 'x--1', value: new ExactNumber('12345678901234567890') });
  const body = new MessageEnvelope({ applicantId: 'u' }).build([text], 1);
  const content = Buffer.from(decode(body).content as string, 'base64').toString('utf8');
  t.match(content, '"value":12345678901234567890');
});

t.test('refuses an empty applicant id at construction', async (t) => {
  t.throws(() => new MessageEnvelope({ applicantId: '' }), RangeError);
});
