import { type Selectable, sql } from 'kysely';
import type { Installation, InstallationKey, InstallationRepository } from '../../app/ports/installations';
import type { DbOrTx } from '../database';
import type { InstallationsTable } from '../schema';
import { SealError, type TokenSeal } from '../token-seal';

type Row = Selectable<InstallationsTable>;
type Field = 'bot' | 'botRefresh' | 'user' | 'userRefresh';

/** What a sealed token is bound to: its installation and its field (a value moved elsewhere does not open). */
export function sealContext(key: InstallationKey, field: Field): string {
  const owner = key.isEnterpriseInstall ? `E:${key.enterpriseId ?? ''}` : `T:${key.teamId ?? ''}`;
  return `${owner}:${field}`;
}

const scopes = (text: string) => (text === '' ? [] : text.split(','));

/**
 * Installations in Postgres, their tokens sealed with `seal` (ENCRYPTION_KEY). Without a seal
 * (one-workspace mode) nothing can be stored, and there is nothing to read.
 */
export function installationRepository(db: DbOrTx, seal: TokenSeal | undefined): InstallationRepository {
  const sealer = (): TokenSeal => {
    if (!seal) throw new SealError('ENCRYPTION_KEY is not set: no installation can be stored or read');
    return seal;
  };
  const sealed = (value: string | null | undefined, key: InstallationKey, field: Field) =>
    value ? sealer().seal(value, sealContext(key, field)) : null;
  const opened = (value: string | null, key: InstallationKey, field: Field) =>
    value === null ? null : sealer().open(value, sealContext(key, field));

  const toInstallation = (row: Row): Installation => {
    const key = { teamId: row.teamId, enterpriseId: row.enterpriseId, isEnterpriseInstall: row.isEnterpriseInstall };
    const botToken = opened(row.botTokenSealed, key, 'bot');
    return {
      ...key,
      appId: row.appId,
      bot:
        botToken && row.botUserId && row.botId
          ? {
              token: botToken,
              userId: row.botUserId,
              id: row.botId,
              scopes: scopes(row.botScopes),
              refreshToken: opened(row.botRefreshTokenSealed, key, 'botRefresh'),
              expiresAt: row.botTokenExpiresAt,
            }
          : null,
      user: {
        id: row.installerUserId,
        token: opened(row.userTokenSealed, key, 'user'),
        scopes: scopes(row.userScopes),
        refreshToken: opened(row.userRefreshTokenSealed, key, 'userRefresh'),
        expiresAt: row.userTokenExpiresAt,
      },
      installedAt: row.installedAt,
    };
  };

  // An org-wide install (keyed by enterprise id) serves every workspace of its organization.
  /** The row under a key: a workspace's by team id, an org-wide one by enterprise id. */
  const under = (key: InstallationKey) =>
    key.isEnterpriseInstall
      ? // Across workspaces by design: an org-wide install is its organization's, keyed by enterprise id.
        db
          .selectFrom('installations')
          .selectAll()
          .where('enterpriseId', '=', key.enterpriseId ?? '')
          .where('isEnterpriseInstall', '=', true)
      : db
          .selectFrom('installations')
          .selectAll()
          .where('teamId', '=', key.teamId ?? '')
          .where('isEnterpriseInstall', '=', false);

  const deleteUnder = (trx: DbOrTx, key: InstallationKey) =>
    key.isEnterpriseInstall
      ? // Across workspaces by design: an org-wide install is its organization's, keyed by enterprise id.
        trx
          .deleteFrom('installations')
          .where('enterpriseId', '=', key.enterpriseId ?? '')
          .where('isEnterpriseInstall', '=', true)
      : trx
          .deleteFrom('installations')
          .where('teamId', '=', key.teamId ?? '')
          .where('isEnterpriseInstall', '=', false);

  const updateUnder = (key: InstallationKey) =>
    key.isEnterpriseInstall
      ? // Across workspaces by design: an org-wide install is its organization's, keyed by enterprise id.
        db
          .updateTable('installations')
          .where('enterpriseId', '=', key.enterpriseId ?? '')
          .where('isEnterpriseInstall', '=', true)
      : db
          .updateTable('installations')
          .where('teamId', '=', key.teamId ?? '')
          .where('isEnterpriseInstall', '=', false);

  return {
    async save(installation, at) {
      const key: InstallationKey = {
        teamId: installation.isEnterpriseInstall ? null : installation.teamId,
        enterpriseId: installation.enterpriseId,
        isEnterpriseInstall: installation.isEnterpriseInstall,
      };
      const { bot, user } = installation;
      const values = {
        ...key,
        appId: installation.appId,
        botTokenSealed: sealed(bot?.token, key, 'bot'),
        botUserId: bot?.userId ?? null,
        botId: bot?.id ?? null,
        botScopes: (bot?.scopes ?? []).join(','),
        botRefreshTokenSealed: sealed(bot?.refreshToken, key, 'botRefresh'),
        botTokenExpiresAt: bot?.expiresAt ?? null,
        installerUserId: user.id,
        userTokenSealed: sealed(user.token, key, 'user'),
        userScopes: user.scopes.join(','),
        userRefreshTokenSealed: sealed(user.refreshToken, key, 'userRefresh'),
        userTokenExpiresAt: user.expiresAt,
        installedAt: at,
        updatedAt: at,
      };
      // One statement, so two installs of the same workspace at once leave one row, the later one's.
      const { teamId: _team, enterpriseId: _enterprise, isEnterpriseInstall: _org, ...changes } = values;
      await db
        .insertInto('installations')
        .values(values)
        .onConflict((oc) =>
          key.isEnterpriseInstall
            ? oc
                .column('enterpriseId')
                .where('isEnterpriseInstall', '=', true)
                .doUpdateSet({ ...changes, brokenAt: null, brokenReason: null })
            : oc
                .column('teamId')
                .where('isEnterpriseInstall', '=', false)
                .doUpdateSet({ ...changes, brokenAt: null, brokenReason: null }),
        )
        .execute();
    },

    async find(key) {
      const row = await under(key).where('brokenAt', 'is', null).executeTakeFirst();
      return row ? toInstallation(row) : undefined;
    },

    async forTeam(teamId, enterpriseId) {
      const own = await under({ teamId, enterpriseId, isEnterpriseInstall: false })
        .where('brokenAt', 'is', null)
        .executeTakeFirst();
      if (own) return toInstallation(own);
      if (!enterpriseId) return undefined;
      const org = await under({ teamId: null, enterpriseId, isEnterpriseInstall: true })
        .where('brokenAt', 'is', null)
        .executeTakeFirst();
      return org ? { ...toInstallation(org), teamId } : undefined;
    },

    async rotateBotToken(key, token, refreshToken, expiresAt, at) {
      await updateUnder(key)
        .set({
          botTokenSealed: sealed(token, key, 'bot'),
          botRefreshTokenSealed: sealed(refreshToken, key, 'botRefresh'),
          botTokenExpiresAt: expiresAt,
          updatedAt: at,
        })
        .execute();
    },

    async markBroken(key, reason, at) {
      const result = await updateUnder(key)
        .set({ brokenAt: at, brokenReason: reason, updatedAt: at })
        .where('brokenAt', 'is', null)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async delete(key) {
      const result = await deleteUnder(db, key).executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    async expiringBefore(before) {
      // Across workspaces by design: the refresh job then works on one installation at a time.
      const rows = await db
        .selectFrom('installations')
        .select(['teamId', 'enterpriseId', 'isEnterpriseInstall', 'botTokenExpiresAt'])
        .where('botTokenExpiresAt', '<', before)
        .where('botRefreshTokenSealed', 'is not', null)
        .where('brokenAt', 'is', null)
        .orderBy('botTokenExpiresAt')
        .execute();
      return rows.flatMap(({ botTokenExpiresAt, ...key }) =>
        botTokenExpiresAt ? [{ ...key, expiresAt: botTokenExpiresAt }] : [],
      );
    },
  };
}

export interface ResealOutcome {
  resealed: number;
  /** Installations with a token no configured key opens: left as they are. */
  unopened: InstallationKey[];
}

/**
 * Re-seals every sealed token under the seal's current key (`npm run rotate-key`); values already
 * under it are left alone. Each installation is re-sealed in one statement.
 */
export async function resealInstallations(db: DbOrTx, seal: TokenSeal): Promise<ResealOutcome> {
  // Across workspaces by design: every installation's tokens are re-sealed.
  const rows = await db.selectFrom('installations').selectAll().execute();
  let resealed = 0;
  const unopened: InstallationKey[] = [];
  const fields = [
    ['botTokenSealed', 'bot'],
    ['botRefreshTokenSealed', 'botRefresh'],
    ['userTokenSealed', 'user'],
    ['userRefreshTokenSealed', 'userRefresh'],
  ] as const;
  for (const row of rows) {
    const key = { teamId: row.teamId, enterpriseId: row.enterpriseId, isEnterpriseInstall: row.isEnterpriseInstall };
    const changes: Partial<Record<(typeof fields)[number][0], string>> = {};
    try {
      for (const [column, field] of fields) {
        const value = row[column];
        if (value !== null && seal.isStale(value)) {
          changes[column] = seal.seal(seal.open(value, sealContext(key, field)), sealContext(key, field));
        }
      }
    } catch (err) {
      if (!(err instanceof SealError)) throw err;
      unopened.push(key);
      continue;
    }
    if (Object.keys(changes).length === 0) continue;
    // Across workspaces by design: the row read above, by its own id.
    await db
      .updateTable('installations')
      .set({ ...changes, updatedAt: sql<Date>`now()` })
      .where('id', '=', row.id)
      .execute();
    resealed++;
  }
  return { resealed, unopened };
}
