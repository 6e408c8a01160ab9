import { InvalidStateError } from '@slack/oauth';
import { describe, expect, it } from 'vitest';
import { STATE_TTL_MS, signedStateStore } from '../../../../src/slack/receiver/oauth';

const SECRET = 'state-secret-0123456789abcdef0123';
const options = { scopes: ['commands', 'chat:write'] };

function store() {
  const claimed = new Set<string>();
  const claim = async (nonce: string) => {
    if (claimed.has(nonce)) return false;
    claimed.add(nonce);
    return true;
  };
  return signedStateStore(SECRET, claim);
}

describe('the OAuth state', () => {
  it('gives back the install options once, and refuses the same state after', async () => {
    const s = store();
    const now = new Date('2030-01-01T09:00:00Z');
    const state = await s.generateStateParam(options, now);
    expect(await s.verifyStateParam(new Date(now.getTime() + 60_000), state)).toEqual(options);
    await expect(s.verifyStateParam(new Date(now.getTime() + 61_000), state)).rejects.toThrow(/already|used/);
  });

  it('refuses a state older than 10 minutes, or from the future', async () => {
    const s = store();
    const now = new Date('2030-01-01T09:00:00Z');
    const state = await s.generateStateParam(options, now);
    await expect(s.verifyStateParam(new Date(now.getTime() + STATE_TTL_MS + 1), state)).rejects.toThrow(/expired/);
    const later = await s.generateStateParam(options, new Date(now.getTime() + 5 * 60_000));
    await expect(s.verifyStateParam(now, later)).rejects.toThrow(/expired/);
  });

  it.each([
    [
      'another secret',
      async () => signedStateStore('x'.repeat(32), async () => true).generateStateParam(options, new Date()),
    ],
    ['no signature', async () => (await store().generateStateParam(options, new Date())).split('.')[0] ?? ''],
    [
      'a changed body',
      async () => {
        const [body, sig] = (await store().generateStateParam(options, new Date())).split('.');
        const changed = Buffer.from(
          Buffer.from(body ?? '', 'base64url')
            .toString()
            .replace('commands', 'admin'),
        ).toString('base64url');
        return `${changed}.${sig}`;
      },
    ],
    ['junk', async () => '<script>alert(1)</script>'],
    ['three parts', async () => 'a.b.c'],
  ])('refuses a state with %s', async (_, make) => {
    await expect(store().verifyStateParam(new Date(), await make())).rejects.toBeInstanceOf(InvalidStateError);
  });
});
