import type { EnterpriseSeed, WorkspaceSeed } from './emulator/types';

/** Ids of the demo workspace, for tests and the sandbox page. */
export const DEMO = {
  teamId: 'T0BATON01',
  botToken: 'xoxb-sandbox-T0BATON01-0000000001',
  botUserId: 'U0BATONBOT',
  botId: 'B0BATONBOT',
  appId: 'A0BATON001',
  users: {
    /** Lead, admin, Berlin. */
    lena: 'U0LENA0001',
    /** New York. */
    marcus: 'U0MARCUS01',
    /** Tokyo. */
    yuki: 'U0YUKI0001',
    /** Los Angeles. */
    sofia: 'U0SOFIA001',
    /** Kolkata. */
    arjun: 'U0ARJUN001',
    /** Sydney. */
    chloe: 'U0CHLOE001',
    /** Deactivated. */
    former: 'U0FORMER01',
    /** Another app's bot. */
    otherBot: 'U0OTHERBOT',
  },
  channels: {
    /** Public, bot is a member. */
    general: 'C0GENERAL1',
    /** Public, bot is not a member. */
    random: 'C0RANDOM01',
    /** Private, bot is a member. */
    leads: 'G0LEADS001',
    /** Private, bot is not a member. */
    secret: 'G0SECRET01',
    /** Archived public channel. */
    oldProject: 'C0OLDPROJ1',
  },
} as const;

export const OTHER = {
  teamId: 'T0OTHER01',
  botToken: 'xoxb-sandbox-T0OTHER01-0000000002',
  botUserId: 'U0OTHBOT01',
  botId: 'B0OTHBOT01',
  appId: 'A0BATON001',
  users: { olga: 'U0OLGA0001', pat: 'U0PAT00001' },
  channels: { general: 'C0OTHGEN01' },
} as const;

const u = DEMO.users;
const humans = [u.lena, u.marcus, u.yuki, u.sofia, u.arjun, u.chloe];

export function demoWorkspace(): WorkspaceSeed {
  return {
    team: { id: DEMO.teamId, name: 'Baton Sandbox', domain: 'baton-sandbox' },
    botToken: DEMO.botToken,
    botUserId: DEMO.botUserId,
    botId: DEMO.botId,
    appId: DEMO.appId,
    botName: 'baton',
    users: [
      { id: u.lena, name: 'lena', realName: 'Lena Fischer', tz: 'Europe/Berlin', isAdmin: true },
      { id: u.marcus, name: 'marcus', realName: 'Marcus Johnson', tz: 'America/New_York' },
      { id: u.yuki, name: 'yuki', realName: 'Yuki Tanaka', tz: 'Asia/Tokyo' },
      { id: u.sofia, name: 'sofia', realName: 'Sofia Garcia', tz: 'America/Los_Angeles' },
      { id: u.arjun, name: 'arjun', realName: 'Arjun Patel', tz: 'Asia/Kolkata' },
      { id: u.chloe, name: 'chloe', realName: 'Chloe Wilson', tz: 'Australia/Sydney' },
      { id: u.former, name: 'former', realName: 'Sam Former', tz: 'Europe/London', deleted: true },
      { id: u.otherBot, name: 'standupbot', realName: 'Standup Bot', tz: 'America/Los_Angeles', isBot: true },
      { id: DEMO.botUserId, name: 'baton', realName: 'Baton', tz: 'America/Los_Angeles', isBot: true },
    ],
    channels: [
      { id: DEMO.channels.general, name: 'general', members: humans, botIsMember: true },
      { id: DEMO.channels.random, name: 'random', members: humans },
      { id: DEMO.channels.leads, name: 'leads', isPrivate: true, members: [u.lena, u.marcus], botIsMember: true },
      { id: DEMO.channels.secret, name: 'secret', isPrivate: true, members: [u.lena, u.yuki] },
      { id: DEMO.channels.oldProject, name: 'old-project', isArchived: true, members: [u.lena], botIsMember: true },
    ],
  };
}

export function otherWorkspace(): WorkspaceSeed {
  return {
    team: { id: OTHER.teamId, name: 'Other Co', domain: 'other-co' },
    botToken: OTHER.botToken,
    botUserId: OTHER.botUserId,
    botId: OTHER.botId,
    appId: OTHER.appId,
    botName: 'baton',
    users: [
      { id: OTHER.users.olga, name: 'olga', realName: 'Olga Ivanova', tz: 'Europe/Moscow', isAdmin: true },
      { id: OTHER.users.pat, name: 'pat', realName: 'Pat Murphy', tz: 'Europe/Dublin' },
    ],
    channels: [
      {
        id: OTHER.channels.general,
        name: 'general',
        members: [OTHER.users.olga, OTHER.users.pat],
        botIsMember: true,
      },
    ],
  };
}

/** The default emulator seed: the demo workspace plus a second one to test isolation. */
export function demoWorkspaces(): WorkspaceSeed[] {
  return [demoWorkspace(), otherWorkspace()];
}

/** An Enterprise Grid organization holding the demo workspace and the other one. */
export const ORG = {
  enterpriseId: 'E0BATONORG',
  name: 'Baton Grid',
  /** The app's bot user, one across the organization's workspaces. */
  botUserId: 'W0BATONBOT',
  botId: 'B0BATONORG',
} as const;

/**
 * The demo workspace and the other one as the two workspaces of one organization (ORG), for
 * org-wide installs: `startEmulator({ workspaces, enterprises })`. They keep their users and
 * channels; the app's bot is the organization's.
 */
export function demoEnterprise(): { workspaces: WorkspaceSeed[]; enterprises: EnterpriseSeed[] } {
  const inOrg = (seed: WorkspaceSeed): WorkspaceSeed => ({
    ...seed,
    botUserId: ORG.botUserId,
    botId: ORG.botId,
    users: seed.users.filter((user) => user.id !== seed.botUserId),
  });
  const workspaces = [inOrg(demoWorkspace()), inOrg(otherWorkspace())];
  return {
    workspaces,
    enterprises: [
      { id: ORG.enterpriseId, name: ORG.name, domain: 'baton-grid', teamIds: workspaces.map((w) => w.team.id) },
    ],
  };
}
