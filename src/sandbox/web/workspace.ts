import type { IsoWeekday } from '../../domain/person';
import type { WorkspaceSeed } from '../emulator/types';

/**
 * The sandbox page's workspace: a lead and five teammates around the world, `#team` and
 * `#launch`. (The DEMO workspace in ../seed.ts is the tests'.)
 */
export const SANDBOX = {
  teamId: 'T0SANDBOX1',
  botToken: 'xoxb-sandbox-T0SANDBOX1-0000000003',
  botUserId: 'U0SBXBATON',
  botId: 'B0SBXBATON',
  appId: 'A0BATON001',
  users: {
    /** The lead, Berlin. */
    ada: 'U0SBXADA01',
    /** New York. */
    ben: 'U0SBXBEN01',
    /** Singapore; starts at 08:30. */
    chen: 'U0SBXCHEN1',
    /** Tel Aviv, on a Sunday–Thursday week. */
    dana: 'U0SBXDANA1',
    /** São Paulo. */
    eli: 'U0SBXELI01',
    /** Lagos. */
    femi: 'U0SBXFEMI1',
  },
  channels: {
    team: 'C0SBXTEAM1',
    launch: 'C0SBXLNCH1',
  },
} as const;

export type Who = keyof typeof SANDBOX.users;

/** The people of the sandbox, with the prompt settings they keep in Baton (beside Slack's profile). */
export const PEOPLE: Record<
  Who,
  { name: string; realName: string; tz: string; promptTime: string; workingDays: IsoWeekday[] }
> = {
  ada: { name: 'ada', realName: 'Ada Novak', tz: 'Europe/Berlin', promptTime: '09:00', workingDays: [1, 2, 3, 4, 5] },
  ben: {
    name: 'ben',
    realName: 'Ben Carter',
    tz: 'America/New_York',
    promptTime: '09:00',
    workingDays: [1, 2, 3, 4, 5],
  },
  chen: { name: 'chen', realName: 'Chen Wei', tz: 'Asia/Singapore', promptTime: '08:30', workingDays: [1, 2, 3, 4, 5] },
  dana: {
    name: 'dana',
    realName: 'Dana Levi',
    tz: 'Asia/Jerusalem',
    promptTime: '09:00',
    workingDays: [7, 1, 2, 3, 4],
  },
  eli: {
    name: 'eli',
    realName: 'Eli Santos',
    tz: 'America/Sao_Paulo',
    promptTime: '09:00',
    workingDays: [1, 2, 3, 4, 5],
  },
  femi: {
    name: 'femi',
    realName: 'Femi Adeyemi',
    tz: 'Africa/Lagos',
    promptTime: '09:00',
    workingDays: [1, 2, 3, 4, 5],
  },
};

export const LEAD: Who = 'ada';

export function sandboxWorkspace(): WorkspaceSeed {
  const everyone = Object.values(SANDBOX.users);
  const u = SANDBOX.users;
  return {
    team: { id: SANDBOX.teamId, name: 'Baton Sandbox', domain: 'baton-sandbox' },
    botToken: SANDBOX.botToken,
    botUserId: SANDBOX.botUserId,
    botId: SANDBOX.botId,
    appId: SANDBOX.appId,
    botName: 'baton',
    users: [
      ...(Object.keys(PEOPLE) as Who[]).map((who) => ({
        id: SANDBOX.users[who],
        name: PEOPLE[who].name,
        realName: PEOPLE[who].realName,
        tz: PEOPLE[who].tz,
        ...(who === LEAD ? { isAdmin: true } : {}),
      })),
      { id: SANDBOX.botUserId, name: 'baton', realName: 'Baton', tz: 'UTC', isBot: true },
    ],
    channels: [
      { id: SANDBOX.channels.team, name: 'team', members: everyone, botIsMember: true },
      { id: SANDBOX.channels.launch, name: 'launch', members: [u.ada, u.ben, u.dana, u.eli], botIsMember: true },
    ],
  };
}
