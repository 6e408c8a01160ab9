import { expect, it } from 'vitest';
import { isFreshSlackTimestamp } from '../../../../src/slack/receiver/verify-request';

const now = Date.parse('2026-11-27T12:00:00Z');
const sec = (offset: number) => String(now / 1000 + offset);

it.each([
  ['now', sec(0), true],
  ['4 min 59 s old', sec(-299), true],
  ['exactly 5 min old', sec(-300), true],
  ['5 min 1 s old', sec(-301), false],
  ['6 min old', sec(-360), false],
  ['4 min in the future', sec(240), true],
  ['6 min in the future', sec(360), false],
  ['missing', undefined, false],
  ['not a number', 'yesterday', false],
  ['repeated header', [sec(0), sec(0)], false],
  ['fractional', `${sec(0)}.5`, false],
])('a timestamp %s → %s', (_, header, fresh) => {
  expect(isFreshSlackTimestamp(header, now)).toBe(fresh);
});
