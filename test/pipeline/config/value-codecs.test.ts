import t from 'tap';
import type * as io from 'io-ts';
import { isRight } from 'fp-ts/lib/Either.js';
import {
  nonNegativeIntegerSetting,
  positiveNumberSetting,
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
