import type { BotIdentity, BotIdentityWatch } from './bot-identity';

/** What Baton needs to act in a workspace: its bot token and who its bot is there. */
export interface BotAccess {
  teamId: string;
  botToken: string;
  botUserId: string;
  botId: string;
}

/** Which workspaces Baton is installed in, and with what. Every Slack request is checked against it. */
export interface WorkspaceAccess {
  /** The bot's access in that workspace, or null when Baton is not installed there. */
  find(teamId: string, enterpriseId: string | null): Promise<BotAccess | null>;
  /**
   * Whether Baton knows which workspaces it is installed in. Not yet when it has never reached
   * Slack to ask: a request it cannot place then is "not yet", not "not installed".
   */
  settled(): Promise<boolean>;
}

/** A request is answered within Slack's 3 s: asking Slack who the bot is may take this much of them. */
const ASK_SLACK_WITHIN_MS = 1_000;

/**
 * One workspace (SLACK_BOT_TOKEN): the one its token belongs to, learnt from Slack (auth.test)
 * or, while Slack cannot be reached, from the workspace recorded when it last was.
 */
export function singleWorkspaceAccess(
  botToken: string,
  identity: BotIdentityWatch,
  recorded: (teamId: string) => Promise<Omit<BotIdentity, 'enterpriseId'> | undefined>,
  anyRecorded: () => Promise<boolean>,
): WorkspaceAccess {
  return {
    settled: async () => identity.current() !== undefined || (await anyRecorded()),
    async find(teamId) {
      const known = identity.current() ?? (await identity.knownWithin(ASK_SLACK_WITHIN_MS));
      if (known) return known.teamId === teamId ? { ...known, botToken } : null;
      const row = await recorded(teamId);
      return row ? { ...row, botToken } : null;
    },
  };
}
