import { describe, expect, it } from 'vitest';
import { keyId, SealError, tokenSeal } from '../../../src/db/token-seal';

const KEY = 'k'.repeat(32);
const NEW_KEY = 'n'.repeat(40);
const TOKEN = 'xoxb-1234-5678-abcdefghijkl';

/** Flips one character of a base64url part. */
function flip(text: string): string {
  const c = text[0] === 'A' ? 'B' : 'A';
  return c + text.slice(1);
}

describe('tokenSeal', () => {
  it('opens what it sealed, and the sealed text carries the key id and none of the token', () => {
    const seal = tokenSeal(KEY);
    const sealed = seal.seal(TOKEN, 'T1:bot');
    expect(sealed).toMatch(new RegExp(`^v1:${keyId(KEY)}:[\\w-]+:[\\w-]+:[\\w-]+$`));
    expect(sealed).not.toContain('xoxb');
    expect(seal.open(sealed, 'T1:bot')).toBe(TOKEN);
    // A fresh IV each time: the same token never seals to the same text.
    expect(seal.seal(TOKEN, 'T1:bot')).not.toBe(sealed);
  });

  it.each([
    ['the iv', 2],
    ['the tag', 3],
    ['the ciphertext', 4],
  ])('refuses a value whose %s was changed', (_, index) => {
    const seal = tokenSeal(KEY);
    const parts = seal.seal(TOKEN, 'T1:bot').split(':');
    parts[index] = flip(parts[index] ?? '');
    expect(() => seal.open(parts.join(':'), 'T1:bot')).toThrow(SealError);
  });

  it.each([
    ['another workspace', 'T2:bot'],
    ['another field', 'T1:refresh'],
  ])('refuses a value sealed for %s', (_, context) => {
    const seal = tokenSeal(KEY);
    expect(() => seal.open(seal.seal(TOKEN, 'T1:bot'), context)).toThrow(SealError);
  });

  it('refuses a value sealed with a key it does not have', () => {
    const sealed = tokenSeal(KEY).seal(TOKEN, 'T1:bot');
    expect(() => tokenSeal(NEW_KEY).open(sealed, 'T1:bot')).toThrow(/key that is not configured/);
    // Same key id claimed, other key: the tag does not match.
    const forged = sealed.replace(keyId(KEY), keyId(NEW_KEY));
    expect(() => tokenSeal(NEW_KEY).open(forged, 'T1:bot')).toThrow(SealError);
  });

  it.each(['', 'xoxb-plain', 'v1:a:b:c', 'v2:a:b:c:d', 'v1:x:AAAA:AAAA:AAAA'])('refuses %j as not sealed', (text) => {
    expect(() => tokenSeal(KEY).open(text, 'T1:bot')).toThrow(SealError);
  });

  it('opens values under a previous key, seals under the new one, and says which are stale', () => {
    const old = tokenSeal(KEY).seal(TOKEN, 'T1:bot');
    const rotated = tokenSeal(NEW_KEY, [KEY]);
    expect(rotated.isStale(old)).toBe(true);
    expect(rotated.open(old, 'T1:bot')).toBe(TOKEN);
    const resealed = rotated.seal(rotated.open(old, 'T1:bot'), 'T1:bot');
    expect(rotated.isStale(resealed)).toBe(false);
    expect(tokenSeal(NEW_KEY).open(resealed, 'T1:bot')).toBe(TOKEN);
  });

  it('refuses a key shorter than 32 characters', () => {
    expect(() => tokenSeal('short')).toThrow(SealError);
  });
});
