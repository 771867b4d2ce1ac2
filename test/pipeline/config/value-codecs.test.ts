import t from 'tap';
import type * as io from 'io-ts';
import { isRight } from 'fp-ts/lib/Either.js';
import {
  nonNegativeIntegerSetting,
  positiveNumberSetting,
  uuidSetting,
} from '../../../pipeline/config/value-codecs.js';

/** The decoded value, or the first failure message. */
const decode = (codec: io.Mixed, value: unknown): unknown => {
  const result = codec.decode(value);
  return isRight(result) ? result.right : `error: ${result.left[0]?.message}`;
};

t.test('nonNegativeIntegerSetting: whole numbers from 0, as text or YAML numbers', async (t) => {
  t.same(
    ['0', ' 4 ', 12, 0].map((v) => decode(nonNegativeIntegerSetting, v)),
    [0, 4, 12, 0],
  );
  const bad = ['-1', '1.5', 2.5, '', 'four', '0x10', '1e3', true, null];
  t.same(
    bad.map((v) => decode(nonNegativeIntegerSetting, v)),
    bad.map(() => 'error: expected a whole number >= 0'),
  );
});

t.test('positiveNumberSetting still refuses 0', async (t) => {
  t.equal(decode(positiveNumberSetting, '0'), 'error: must be greater than 0');
  t.equal(decode(positiveNumberSetting, '0.5'), 0.5);
});

t.test('uuidSetting: RFC 4122 UUIDs of any version and case, kept as written', async (t) => {
  const good = [
    'a3e7b2a1-7c2b-4c3d-9f0e-2d1e4b5c6a7f',
    ' A3E7B2A1-7C2B-1C3D-AF0E-2D1E4B5C6A7F ',
    'a3e7b2a1-7c2b-5c3d-bf0e-2d1e4b5c6a7f',
    '017f22e2-79b0-7cc3-98c4-dc0c0c07398f',
  ];
  t.same(good.map((v) => decode(uuidSetting, v)), good.map((v) => v.trim()));
  const bad = [
    'notauuid',
    '',
    'a3e7b2a1-7c2b-4c3d-9f0e-2d1e4b5c6a7',
    'a3e7b2a17c2b4c3d9f0e2d1e4b5c6a7f',
    'a3e7b2a1-7c2b-0c3d-9f0e-2d1e4b5c6a7f',
    'a3e7b2a1-7c2b-4c3d-7f0e-2d1e4b5c6a7f',
    'g3e7b2a1-7c2b-4c3d-9f0e-2d1e4b5c6a7f',
    42,
  ];
  t.same(
    bad.map((v) => String(decode(uuidSetting, v)).slice(0, 22)),
    bad.map(() => 'error: expected a UUID'),
  );
});
