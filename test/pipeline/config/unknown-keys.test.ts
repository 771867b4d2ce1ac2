import t from 'tap';
import { IGNORED_PYTHON_KEYS } from '../../../pipeline/config/config-keys.js';
import { unknownKeys } from '../../../pipeline/config/unknown-keys.js';

t.test('a misspelt section or key is named with the file', async (t) => {
  const problems = unknownKeys(
    {
      confg: { interval: 3 },
      config: { intervall: 3, interval: 3 },
      opencti: { url: 'http://x', tokn: 'y' },
    },
    'c2.yml',
  );
  t.same(
    problems.map((p) => [p.key, p.value]),
    [
      ['confg (c2.yml)', undefined],
      ['config.intervall (c2.yml)', undefined],
      ['opencti.tokn (c2.yml)', undefined],
    ],
  );
  t.equal(problems[0]?.reason, 'unknown section; expected one of opencti, connector, config, mq');
  t.match(problems[1]?.reason, /^unknown key; expected one of interval, remove_creator, /);
  t.equal(problems[2]?.reason, 'unknown key; expected one of url, token, ssl_verify');
});

t.test('keys the Python connector documents are accepted and ignored', async (t) => {
  const connector = {
    id: 'a3e7b2a1-7c2b-4c3d-9f0e-2d1e4b5c6a7f',
    type: 'EXTERNAL_IMPORT',
    update_existing_data: true,
    confidence_level: 75,
    duration_period: 'P7D',
  };
  t.same(unknownKeys({ connector, opencti: { json_logging: true } }, 'config.yml'), []);
  t.ok(IGNORED_PYTHON_KEYS.has('connector.send_to_directory'));
  t.same(unknownKeys({ config: { json_logging: true } }, 'config.yml').length, 1,
    'an ignored key counts only in its own section');
});

t.test('an empty section is fine, a section that is not a mapping is not', async (t) => {
  t.same(unknownKeys({ mq: null }, 'config.yml'), []);
  t.same(unknownKeys({ config: 7 }, 'config.yml'), [
    { key: 'config (config.yml)', reason: 'expected a mapping of keys' },
  ]);
});
