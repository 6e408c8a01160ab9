/**
 * `npm run rotate-key`: re-seals every stored Slack token under ENCRYPTION_KEY. Set ENCRYPTION_KEY to
 * the new key and ENCRYPTION_KEY_PREVIOUS to the old one(s), comma-separated; Baton opens tokens under
 * either meanwhile. Once this has run, the old keys can be dropped. See README.md, "Many workspaces".
 */
import { loadConfig } from '../config';
import { camelCaseView, closeDb, createDb } from '../db/database';
import { resealInstallations } from '../db/repositories/installations';
import { keyId, tokenSeal } from '../db/token-seal';

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.encryptionKey) throw new Error('ENCRYPTION_KEY (the new key) is not set');
  const seal = tokenSeal(config.encryptionKey, config.previousEncryptionKeys);
  const db = createDb(config.databaseUrl);
  try {
    const { resealed, unopened } = await camelCaseView(db)
      .transaction()
      .execute((trx) => resealInstallations(trx, seal));
    const previous = config.previousEncryptionKeys.map(keyId).join(', ') || 'none';
    process.stdout.write(
      `re-sealed the tokens of ${resealed} installation(s) under key ${keyId(config.encryptionKey)} (previous keys: ${previous})\n`,
    );
    if (unopened.length > 0) {
      const which = unopened.map((k) => (k.isEnterpriseInstall ? k.enterpriseId : k.teamId)).join(', ');
      process.stderr.write(
        `${unopened.length} installation(s) sealed with a key not given, left as they are: ${which}\n`,
      );
      process.exitCode = 1;
    }
  } finally {
    await closeDb(db);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
