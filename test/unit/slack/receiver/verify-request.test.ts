import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isFreshSlackTimestamp, verifySlackRequest } from '../../../../src/slack/receiver/verify-request';

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

describe('verifySlackRequest', () => {
  const secret = 'shh';
  const body = Buffer.from('token=x&team_id=T1');
  const ts = String(now / 1000);
  const sign = (b: Buffer, t = ts, s = secret) =>
    `v0=${createHmac('sha256', s).update(`v0:${t}:`).update(b).digest('hex')}`;
  it.each([
    ['signed right', { 'x-slack-request-timestamp': ts, 'x-slack-signature': sign(body) }, true],
    [
      'signed with another secret',
      { 'x-slack-request-timestamp': ts, 'x-slack-signature': sign(body, ts, 'other') },
      false,
    ],
    [
      'signed for another body',
      { 'x-slack-request-timestamp': ts, 'x-slack-signature': sign(Buffer.from('x')) },
      false,
    ],
    [
      'signed for another time',
      { 'x-slack-request-timestamp': ts, 'x-slack-signature': sign(body, String(now / 1000 - 1)) },
      false,
    ],
    ['a signature that is not hex', { 'x-slack-request-timestamp': ts, 'x-slack-signature': 'v0=zz' }, false],
    ['no signature', { 'x-slack-request-timestamp': ts }, false],
    [
      'an old timestamp',
      {
        'x-slack-request-timestamp': String(now / 1000 - 400),
        'x-slack-signature': sign(body, String(now / 1000 - 400)),
      },
      false,
    ],
  ])('%s → %s', (_, headers, ok) => {
    expect(verifySlackRequest(secret, headers, body, now).ok).toBe(ok);
  });
});
