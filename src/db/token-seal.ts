import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Slack tokens at rest: AES-256-GCM under a key derived (HKDF-SHA256) from ENCRYPTION_KEY.
 *
 * A sealed value reads `v1:<kid>:<iv>:<tag>:<ciphertext>` (base64url parts). The key id names the
 * configured key it was sealed with, so a value sealed under an older key is still opened while
 * `npm run rotate-key` re-seals everything under the new one
 * (docs/architecture.md, "Installations and tokens"). The context (e.g. `T123:bot`) is bound as additional data: a sealed token copied
 * into another workspace's row, or into another field, does not open.
 */

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const SALT = 'baton-token-seal';
const INFO = 'aes-256-gcm v1';

export class SealError extends Error {
  override name = 'SealError';
}

interface Key {
  kid: string;
  key: Buffer;
}

export interface TokenSeal {
  /** The id of the key new values are sealed with. */
  readonly currentKid: string;
  seal(plain: string, context: string): string;
  /** The plain value; SealError when it was tampered with, sealed for another context, or with a key not configured. */
  open(sealed: string, context: string): string;
  /** Whether `sealed` is under an older key than the current one (rotate-key re-seals those). */
  isStale(sealed: string): boolean;
}

/** A short public name for a key: the first 8 bytes of a hash, never the key itself. */
export function keyId(secret: string): string {
  return createHash('sha256').update(`baton-kid:${secret}`).digest('base64url').slice(0, 11);
}

function derive(secret: string): Key {
  return { kid: keyId(secret), key: Buffer.from(hkdfSync('sha256', secret, SALT, INFO, 32)) };
}

/**
 * `current` seals; `previous` keys (older ENCRYPTION_KEY values) only open. Throws when no key is
 * set: a token must never be stored in clear text.
 */
export function tokenSeal(current: string, previous: readonly string[] = []): TokenSeal {
  if (current.length < 32) throw new SealError('ENCRYPTION_KEY must be at least 32 characters');
  const sealing = derive(current);
  const keys = new Map<string, Key>([[sealing.kid, sealing]]);
  for (const secret of previous) {
    const k = derive(secret);
    if (!keys.has(k.kid)) keys.set(k.kid, k);
  }
  return {
    currentKid: sealing.kid,
    seal(plain, context) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', sealing.key, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [VERSION, sealing.kid, iv.toString('base64url'), tag.toString('base64url'), ct.toString('base64url')].join(
        ':',
      );
    },
    open(sealed, context) {
      const parts = sealed.split(':');
      if (parts.length !== 5 || parts[0] !== VERSION) throw new SealError('not a sealed value');
      const [, kid, ivText, tagText, ctText] = parts as [string, string, string, string, string];
      const k = keys.get(kid);
      if (!k) throw new SealError(`sealed with a key that is not configured (key id ${kid})`);
      const iv = Buffer.from(ivText, 'base64url');
      const tag = Buffer.from(tagText, 'base64url');
      if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new SealError('not a sealed value');
      try {
        const decipher = createDecipheriv('aes-256-gcm', k.key, iv, { authTagLength: TAG_BYTES });
        decipher.setAAD(Buffer.from(context, 'utf8'));
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(Buffer.from(ctText, 'base64url')), decipher.final()]).toString('utf8');
      } catch {
        throw new SealError('the sealed value does not open: tampered with, or sealed for something else');
      }
    },
    isStale: (sealed) => sealed.split(':')[1] !== sealing.kid,
  };
}
