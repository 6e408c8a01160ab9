import type { Installation as BoltInstallation, InstallationQuery, InstallationStore } from '@slack/bolt';
import type { Installation, InstallationKey, InstallationRepository } from '../app/ports/installations';

/** Bolt's expiresAt is in seconds since the epoch. */
const fromSeconds = (s: number | undefined) => (s === undefined ? null : new Date(s * 1000));
const toSeconds = (d: Date | null) => (d === null ? undefined : Math.floor(d.getTime() / 1000));

function keyOf(query: InstallationQuery<boolean>): InstallationKey {
  return query.isEnterpriseInstall && query.enterpriseId
    ? { teamId: null, enterpriseId: query.enterpriseId, isEnterpriseInstall: true }
    : { teamId: query.teamId ?? null, enterpriseId: query.enterpriseId ?? null, isEnterpriseInstall: false };
}

/** Bolt's Installation as Baton stores it. */
export function fromBolt(installation: BoltInstallation): Omit<Installation, 'installedAt'> {
  const { bot, user } = installation;
  const isEnterpriseInstall = installation.isEnterpriseInstall === true;
  return {
    teamId: isEnterpriseInstall ? null : (installation.team?.id ?? null),
    enterpriseId: installation.enterprise?.id ?? null,
    isEnterpriseInstall,
    appId: installation.appId ?? null,
    bot: bot
      ? {
          token: bot.token,
          userId: bot.userId,
          id: bot.id,
          scopes: bot.scopes,
          refreshToken: bot.refreshToken ?? null,
          expiresAt: fromSeconds(bot.expiresAt),
        }
      : null,
    user: {
      id: user.id ?? null,
      token: user.token ?? null,
      scopes: user.scopes ?? [],
      refreshToken: user.refreshToken ?? null,
      expiresAt: fromSeconds(user.expiresAt),
    },
  };
}

/** Baton's installation as Bolt expects it back (authVersion v2, so Bolt can refresh its tokens). */
export function toBolt(installation: Installation): BoltInstallation<'v2', boolean> {
  const { bot, user } = installation;
  return {
    team: installation.teamId ? { id: installation.teamId } : undefined,
    enterprise: installation.enterpriseId ? { id: installation.enterpriseId } : undefined,
    isEnterpriseInstall: installation.isEnterpriseInstall,
    authVersion: 'v2',
    tokenType: 'bot',
    ...(installation.appId ? { appId: installation.appId } : {}),
    ...(bot
      ? {
          bot: {
            token: bot.token,
            userId: bot.userId,
            id: bot.id,
            scopes: bot.scopes,
            ...(bot.refreshToken ? { refreshToken: bot.refreshToken, expiresAt: toSeconds(bot.expiresAt) } : {}),
          },
        }
      : {}),
    user: {
      id: user.id ?? '',
      token: user.token ?? undefined,
      scopes: user.scopes,
      ...(user.refreshToken ? { refreshToken: user.refreshToken, expiresAt: toSeconds(user.expiresAt) } : {}),
    },
  } as BoltInstallation<'v2', boolean>;
}

/**
 * Bolt's InstallationStore over Baton's installations in Postgres (tokens sealed there). Keyed by
 * team id, or by enterprise id for an org-wide install; a workspace of an organization with no
 * install of its own is served by the organization's.
 */
export function postgresInstallationStore(
  installations: InstallationRepository,
  now: () => Date,
  onStored: (installation: Omit<Installation, 'installedAt'>) => void = () => {},
): InstallationStore {
  return {
    async storeInstallation(installation) {
      const ours = fromBolt(installation);
      await installations.save(ours, now());
      onStored(ours);
    },
    async fetchInstallation(query) {
      const found = query.isEnterpriseInstall
        ? await installations.find(keyOf(query))
        : await installations.forTeam(query.teamId ?? '', query.enterpriseId ?? null);
      if (!found) throw new Error(`no installation for ${query.teamId ?? query.enterpriseId ?? '(none)'}`);
      return toBolt(found);
    },
    async deleteInstallation(query) {
      await installations.delete(keyOf(query));
    },
  };
}
