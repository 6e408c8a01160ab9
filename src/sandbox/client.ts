import { createHmac, randomBytes } from 'node:crypto';
import type { Emulator } from './emulator/emulator';
import type { PostedMessage } from './emulator/types';

/** Options every driver request accepts, to test verification and retries. */
export interface SendOptions {
  retryNum?: number;
  retryReason?: string;
  /** Sign with a timestamp this many seconds off the real clock. */
  timestampOffsetSec?: number;
  /** 'bad' = a wrong signature, 'none' = no signature headers at all. */
  signature?: 'bad' | 'none';
}

export interface DriverResponse {
  status: number;
  body: string;
  json?: unknown;
  headers: Record<string, string>;
  /** Time to response, in milliseconds. */
  ms: number;
  /** The trigger_id sent, when the request carried one. */
  triggerId?: string;
  /** The response_url sent, when the request carried one. */
  responseUrl?: string;
}

export interface SlackDriverOptions {
  emulator: Emulator;
  /** Base URL of the app, e.g. http://127.0.0.1:3000 */
  appUrl: string;
  signingSecret: string;
  /** Path of Bolt's receiver (default /slack/events). */
  path?: string;
  /** Legacy verification token put in payloads (any string). */
  verificationToken?: string;
  /** Clock for signatures (default Date.now: the app checks against its own clock). */
  now?: () => number;
}

export interface ActionSpec {
  action_id: string;
  block_id?: string;
  value?: string | null;
  /** Selections are null when cleared, as Slack sends them. */
  selected_user?: string | null;
  selected_users?: string[];
  selected_conversation?: string | null;
  selected_conversations?: string[];
  selected_channel?: string | null;
  selected_channels?: string[];
  selected_option?: { value: string; text?: { type: 'plain_text'; text: string } } | null;
  selected_options?: Array<{ value: string; text?: { type: 'plain_text'; text: string } }>;
  selected_date?: string | null;
  selected_time?: string | null;
  selected_date_time?: number | null;
  type?: string;
}

export interface CommandInput extends SendOptions {
  team?: string;
  user: string;
  channel?: string;
  command?: string;
  text: string;
  /** Reuse these to replay a command exactly as Slack sent it before. */
  triggerId?: string;
  responseUrl?: string;
}

export interface BlockActionsInput extends SendOptions {
  team?: string;
  user: string;
  actions: ActionSpec[];
  message?: PostedMessage;
  /** A view id (from the emulator) or a view object, for actions inside modals / Home. */
  view?: string | Record<string, unknown>;
  channel?: string;
  /** state.values sent alongside (e.g. inputs of the modal). */
  values?: Record<string, Record<string, unknown>>;
}

export interface ClickInput extends SendOptions {
  team?: string;
  user: string;
  message: PostedMessage;
  actionId?: string;
  buttonText?: string;
}

export interface ViewSubmissionInput extends SendOptions {
  team?: string;
  user: string;
  /** A view id (from the emulator) or a view object. */
  view: string | Record<string, unknown>;
  values: Record<string, Record<string, unknown>>;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

interface FoundButton {
  actionId: string;
  blockId: string;
  value?: string;
  text: string;
}

/** Buttons in a message's blocks (actions blocks and section accessories). */
export function findButtons(blocks: unknown[]): FoundButton[] {
  const out: FoundButton[] = [];
  const visit = (el: unknown, blockId: string) => {
    if (!isRecord(el) || el.type !== 'button' || typeof el.action_id !== 'string') return;
    const text = isRecord(el.text) && typeof el.text.text === 'string' ? el.text.text : '';
    out.push({ actionId: el.action_id, blockId, text, ...(typeof el.value === 'string' ? { value: el.value } : {}) });
  };
  blocks.forEach((b, i) => {
    if (!isRecord(b)) return;
    const blockId = typeof b.block_id === 'string' ? b.block_id : `block-${i}`;
    if (Array.isArray(b.elements)) for (const el of b.elements) visit(el, blockId);
    visit(b.accessory, blockId);
  });
  return out;
}

function actionType(a: ActionSpec): string {
  if (a.type) return a.type;
  if (a.selected_user !== undefined) return 'users_select';
  if (a.selected_conversation !== undefined) return 'conversations_select';
  if (a.selected_channel !== undefined) return 'channels_select';
  if (a.selected_option !== undefined) return 'static_select';
  if (a.selected_date !== undefined) return 'datepicker';
  if (a.selected_time !== undefined) return 'timepicker';
  if (a.selected_date_time !== undefined) return 'datetimepicker';
  if (a.selected_users !== undefined) return 'multi_users_select';
  if (a.selected_conversations !== undefined) return 'multi_conversations_select';
  if (a.selected_channels !== undefined) return 'multi_channels_select';
  if (a.selected_options !== undefined) return 'checkboxes';
  return 'button';
}

/** Drives the app exactly as Slack does: signed HTTP requests to /slack/events. */
export class SlackDriver {
  readonly emulator: Emulator;
  private readonly url: string;
  private readonly signingSecret: string;
  private readonly verificationToken: string;
  private readonly now: () => number;

  constructor(options: SlackDriverOptions) {
    this.emulator = options.emulator;
    this.url = `${options.appUrl.replace(/\/$/, '')}${options.path ?? '/slack/events'}`;
    this.signingSecret = options.signingSecret;
    this.verificationToken = options.verificationToken ?? 'sandbox-verification-token';
    this.now = options.now ?? Date.now;
  }

  /** Slack's signature headers for a raw body. */
  sign(body: string, opts: SendOptions = {}): Record<string, string> {
    const headers: Record<string, string> = {};
    if (opts.retryNum !== undefined) headers['x-slack-retry-num'] = String(opts.retryNum);
    if (opts.retryReason !== undefined) headers['x-slack-retry-reason'] = opts.retryReason;
    if (opts.signature === 'none') return headers;
    const ts = Math.floor(this.now() / 1000) + (opts.timestampOffsetSec ?? 0);
    const hmac = createHmac('sha256', this.signingSecret).update(`v0:${ts}:${body}`).digest('hex');
    const signature = opts.signature === 'bad' ? `v0=${hmac.split('').reverse().join('')}` : `v0=${hmac}`;
    headers['x-slack-request-timestamp'] = String(ts);
    headers['x-slack-signature'] = signature;
    return headers;
  }

  /** POSTs a raw body with exactly these headers (no signing). */
  async rawPost(body: string, headers: Record<string, string>): Promise<DriverResponse> {
    const started = performance.now();
    const res = await fetch(this.url, { method: 'POST', headers, body });
    const text = await res.text();
    const ms = performance.now() - started;
    let json: unknown;
    if ((res.headers.get('content-type') ?? '').includes('json') || /^\s*[[{]/.test(text)) {
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
    }
    return {
      status: res.status,
      body: text,
      headers: Object.fromEntries(res.headers.entries()),
      ms,
      ...(json !== undefined ? { json } : {}),
    };
  }

  private postForm(fields: Record<string, string>, opts: SendOptions): Promise<DriverResponse> {
    const body = new URLSearchParams(fields).toString();
    return this.rawPost(body, { 'content-type': 'application/x-www-form-urlencoded', ...this.sign(body, opts) });
  }

  private postPayload(payload: Record<string, unknown>, opts: SendOptions): Promise<DriverResponse> {
    return this.postForm({ payload: JSON.stringify(payload) }, opts);
  }

  private postJson(payload: Record<string, unknown>, opts: SendOptions): Promise<DriverResponse> {
    const body = JSON.stringify(payload);
    return this.rawPost(body, { 'content-type': 'application/json', ...this.sign(body, opts) });
  }

  private teamOf(team: string | undefined): string {
    const id = team ?? this.emulator.workspaceIds()[0];
    if (!id) throw new Error('SlackDriver: the emulator has no workspace');
    return id;
  }

  private teamJson(teamId: string) {
    const ws = this.emulator.workspace(teamId);
    const org = this.emulator.organizationOf(teamId);
    return {
      id: ws.team.id,
      domain: ws.team.domain,
      ...(org ? { enterprise_id: org.id, enterprise_name: org.name } : {}),
    };
  }

  private userJson(teamId: string, userId: string) {
    const u = this.emulator.user(teamId, userId);
    return { id: u.id, username: u.name, name: u.name, team_id: teamId };
  }

  private channelJson(teamId: string, channelId: string) {
    const ch = this.emulator.workspace(teamId).channels.get(channelId);
    return { id: channelId, name: ch?.isIm ? 'directmessage' : (ch?.name ?? channelId) };
  }

  /**
   * What every interactive payload carries: in an Enterprise Grid workspace, its organization, and
   * whether the app is installed there org-wide (docs/slack-platform.md, "Org-wide installs").
   */
  private common(teamId: string) {
    const ws = this.emulator.workspace(teamId);
    const org = this.emulator.organizationOf(teamId);
    return {
      token: this.verificationToken,
      api_app_id: ws.appId,
      is_enterprise_install: org?.installedOrgWide ?? false,
      enterprise: org ? { id: org.id, name: org.name } : null,
    };
  }

  private actionTs(): string {
    return (this.now() / 1000).toFixed(6);
  }

  /** A slash command; default channel is the user's DM with the app. */
  async command(input: CommandInput): Promise<DriverResponse> {
    const teamId = this.teamOf(input.team);
    const ws = this.emulator.workspace(teamId);
    const user = this.emulator.user(teamId, input.user);
    const channel = input.channel ?? this.emulator.openDm(teamId, input.user);
    const responseUrl = input.responseUrl ?? this.emulator.newResponseUrl({ teamId, channel, user: input.user });
    const triggerId = input.triggerId ?? this.emulator.newTriggerId({ teamId, userId: input.user });
    const org = this.emulator.organizationOf(teamId);
    const res = await this.postForm(
      {
        token: this.verificationToken,
        team_id: teamId,
        team_domain: ws.team.domain,
        ...(org ? { enterprise_id: org.id, enterprise_name: org.name } : {}),
        channel_id: channel,
        channel_name: this.channelJson(teamId, channel).name,
        user_id: user.id,
        user_name: user.name,
        command: input.command ?? '/delegate',
        text: input.text,
        api_app_id: ws.appId,
        is_enterprise_install: String(org?.installedOrgWide ?? false),
        response_url: responseUrl,
        trigger_id: triggerId,
      },
      input,
    );
    return { ...res, triggerId, responseUrl };
  }

  private resolveView(teamId: string, view: string | Record<string, unknown>): Record<string, unknown> {
    if (typeof view !== 'string') return view;
    const record = this.emulator.view(view);
    if (!record || record.teamId !== teamId) throw new Error(`SlackDriver: unknown view ${view} in ${teamId}`);
    return this.emulator.viewPayload(view);
  }

  /** A block_actions payload from a message (or ephemeral message) or a view. */
  async blockActions(input: BlockActionsInput): Promise<DriverResponse> {
    const teamId = this.teamOf(input.team ?? input.message?.teamId);
    const triggerId = this.emulator.newTriggerId({ teamId, userId: input.user });
    const actionTs = this.actionTs();
    const msg = input.message;
    const buttons = msg ? findButtons(msg.blocks) : [];
    const actions = input.actions.map((a) => {
      const blockId = a.block_id ?? buttons.find((b) => b.actionId === a.action_id)?.blockId ?? 'block';
      const { block_id: _ignored, type: _type, ...rest } = a;
      return { ...rest, block_id: blockId, type: actionType(a), action_ts: actionTs };
    });
    const payload: Record<string, unknown> = {
      type: 'block_actions',
      ...this.common(teamId),
      user: this.userJson(teamId, input.user),
      team: this.teamJson(teamId),
      trigger_id: triggerId,
      actions,
      state: { values: input.values ?? {} },
    };
    let responseUrl: string | undefined;
    if (input.view !== undefined) {
      const view = this.resolveView(teamId, input.view);
      payload.container = { type: 'view', view_id: view.id };
      payload.view = { ...view, state: { values: input.values ?? {} } };
    } else if (msg) {
      const isEphemeral = msg.ephemeralTo !== undefined;
      payload.container = {
        type: 'message',
        message_ts: msg.ts,
        channel_id: msg.channel,
        is_ephemeral: isEphemeral,
        ...(msg.threadTs ? { thread_ts: msg.threadTs } : {}),
      };
      payload.channel = this.channelJson(teamId, msg.channel);
      if (!isEphemeral) {
        const ws = this.emulator.workspace(teamId);
        payload.message = {
          type: 'message',
          user: msg.user,
          ...(msg.botId ? { bot_id: msg.botId, app_id: ws.appId } : {}),
          ts: msg.ts,
          text: msg.text,
          blocks: msg.blocks,
          team: teamId,
          ...(msg.threadTs ? { thread_ts: msg.threadTs } : {}),
        };
      }
      responseUrl = this.emulator.newResponseUrl({
        teamId,
        channel: msg.channel,
        user: input.user,
        messageTs: msg.ts,
        ...(msg.threadTs ? { threadTs: msg.threadTs } : {}),
      });
      payload.response_url = responseUrl;
    } else if (input.channel) {
      payload.channel = this.channelJson(teamId, input.channel);
    }
    const res = await this.postPayload(payload, input);
    return { ...res, triggerId, ...(responseUrl ? { responseUrl } : {}) };
  }

  /** Clicks a button in a message, found by its text or action_id. */
  click(input: ClickInput): Promise<DriverResponse> {
    const buttons = findButtons(input.message.blocks);
    const button = buttons.find(
      (b) =>
        (input.actionId === undefined || b.actionId === input.actionId) &&
        (input.buttonText === undefined || b.text === input.buttonText),
    );
    if (!button || (input.actionId === undefined && input.buttonText === undefined)) {
      const list = buttons.map((b) => `"${b.text}" (${b.actionId})`).join(', ') || 'none';
      throw new Error(
        `SlackDriver.click: no button ${input.buttonText ?? input.actionId ?? '(unspecified)'} in message ${input.message.ts}; buttons: ${list}`,
      );
    }
    const { actionId: _a, buttonText: _b, message, ...rest } = input;
    return this.blockActions({
      ...rest,
      team: input.team ?? message.teamId,
      message,
      actions: [
        {
          action_id: button.actionId,
          block_id: button.blockId,
          ...(button.value !== undefined ? { value: button.value } : {}),
          type: 'button',
        },
      ],
    });
  }

  /** Submits a modal; the response JSON is what the app acked (e.g. response_action: errors). */
  async viewSubmission(input: ViewSubmissionInput): Promise<DriverResponse> {
    const teamId = this.teamOf(input.team);
    const view = this.resolveView(teamId, input.view);
    const triggerId = this.emulator.newTriggerId({ teamId, userId: input.user });
    const res = await this.postPayload(
      {
        type: 'view_submission',
        ...this.common(teamId),
        team: this.teamJson(teamId),
        user: this.userJson(teamId, input.user),
        trigger_id: triggerId,
        view: { ...view, state: { values: input.values } },
        response_urls: [],
      },
      input,
    );
    return { ...res, triggerId };
  }

  /** The user closed a modal that has notify_on_close. */
  viewClosed(input: { team?: string; user: string; view: string | Record<string, unknown> } & SendOptions) {
    const teamId = this.teamOf(input.team);
    const view = this.resolveView(teamId, input.view);
    return this.postPayload(
      {
        type: 'view_closed',
        ...this.common(teamId),
        team: this.teamJson(teamId),
        user: this.userJson(teamId, input.user),
        view,
        is_cleared: false,
      },
      input,
    );
  }

  /** A global shortcut. */
  async shortcut(input: { team?: string; user: string; callbackId: string } & SendOptions): Promise<DriverResponse> {
    const teamId = this.teamOf(input.team);
    const triggerId = this.emulator.newTriggerId({ teamId, userId: input.user });
    const res = await this.postPayload(
      {
        type: 'shortcut',
        ...this.common(teamId),
        action_ts: this.actionTs(),
        team: this.teamJson(teamId),
        user: this.userJson(teamId, input.user),
        callback_id: input.callbackId,
        trigger_id: triggerId,
      },
      input,
    );
    return { ...res, triggerId };
  }

  /** A message shortcut on `message` in `channel`. */
  async messageAction(
    input: { team?: string; user: string; callbackId: string; channel?: string; message: PostedMessage } & SendOptions,
  ): Promise<DriverResponse> {
    const teamId = this.teamOf(input.team ?? input.message.teamId);
    const channel = input.channel ?? input.message.channel;
    const triggerId = this.emulator.newTriggerId({ teamId, userId: input.user });
    const responseUrl = this.emulator.newResponseUrl({ teamId, channel, user: input.user });
    const m = input.message;
    const res = await this.postPayload(
      {
        type: 'message_action',
        ...this.common(teamId),
        action_ts: this.actionTs(),
        team: this.teamJson(teamId),
        user: this.userJson(teamId, input.user),
        channel: this.channelJson(teamId, channel),
        callback_id: input.callbackId,
        trigger_id: triggerId,
        message_ts: m.ts,
        message: {
          type: 'message',
          user: m.user,
          ts: m.ts,
          text: m.text,
          ...(m.blocks.length > 0 ? { blocks: m.blocks } : {}),
          ...(m.threadTs ? { thread_ts: m.threadTs } : {}),
          ...(m.botId ? { bot_id: m.botId } : {}),
        },
        response_url: responseUrl,
      },
      input,
    );
    return { ...res, triggerId, responseUrl };
  }

  /** An Events API `event_callback`. */
  event(
    input: { team?: string; event: Record<string, unknown>; eventId?: string; eventTime?: number } & SendOptions,
  ): Promise<DriverResponse> {
    const teamId = this.teamOf(input.team);
    const ws = this.emulator.workspace(teamId);
    const org = this.emulator.organizationOf(teamId);
    // The installation the event is for: in an organization, the org-wide one if there is one.
    const authorization = {
      enterprise_id: org?.id ?? null,
      team_id: teamId,
      user_id: ws.botUserId,
      is_bot: true,
      is_enterprise_install: org?.installedOrgWide ?? false,
    };
    return this.postJson(this.eventBody(teamId, ws.appId, authorization, input), input);
  }

  private eventBody(
    teamId: string | null,
    appId: string,
    authorization: Record<string, unknown>,
    input: { event: Record<string, unknown>; eventId?: string; eventTime?: number },
  ): Record<string, unknown> {
    return {
      token: this.verificationToken,
      team_id: teamId,
      ...(authorization.enterprise_id ? { enterprise_id: authorization.enterprise_id } : {}),
      api_app_id: appId,
      event: { event_ts: this.actionTs(), ...input.event },
      type: 'event_callback',
      event_id: input.eventId ?? `Ev${randomBytes(5).toString('hex').toUpperCase()}`,
      event_time: input.eventTime ?? Math.floor(this.now() / 1000),
      authorizations: [authorization],
      is_ext_shared_channel: false,
      event_context: `4-${randomBytes(8).toString('hex')}`,
    };
  }

  /**
   * An event for an organization as a whole, not one of its workspaces: `team_id` null beside the
   * `enterprise_id`, as Slack's org-level events (team_access_granted/revoked) are sent, and the
   * org-wide installation in `authorizations`.
   */
  orgEvent(
    input: { enterpriseId: string; event: Record<string, unknown>; eventId?: string; eventTime?: number } & SendOptions,
  ): Promise<DriverResponse> {
    const org = this.orgMember(input.enterpriseId);
    const authorization = {
      enterprise_id: input.enterpriseId,
      team_id: null,
      user_id: org.botUserId,
      is_bot: true,
      is_enterprise_install: true,
    };
    return this.postJson(this.eventBody(null, org.appId, authorization, input), input);
  }

  private orgMember(enterpriseId: string) {
    const teamId = this.emulator.workspaceIds().find((t) => this.emulator.organizationOf(t)?.id === enterpriseId);
    if (!teamId) throw new Error(`SlackDriver: no workspace in ${enterpriseId}`);
    return this.emulator.workspace(teamId);
  }

  /**
   * The app removed from an organization it was installed in org-wide: the emulator revokes the
   * org-wide token, then Slack's two events for the organization follow. Returns their answers.
   */
  async uninstallOrganization(enterpriseId: string): Promise<DriverResponse[]> {
    const bot = this.orgMember(enterpriseId).botUserId;
    this.emulator.uninstallOrganization(enterpriseId);
    return [
      await this.orgEvent({ enterpriseId, event: { type: 'app_uninstalled' } }),
      await this.orgEvent({ enterpriseId, event: { type: 'tokens_revoked', tokens: { bot: [bot] } } }),
    ];
  }

  /**
   * An org admin grants or revokes the org-wide app's access to some workspaces: the emulator
   * changes what its token may do, then Slack's event for the organization follows (team_ids
   * listed). Returns its answer.
   */
  changeTeamAccess(enterpriseId: string, teamIds: string[], granted: boolean): Promise<DriverResponse> {
    this.emulator.setTeamAccess(enterpriseId, teamIds, granted);
    const type = granted ? 'team_access_granted' : 'team_access_revoked';
    return this.orgEvent({
      enterpriseId,
      event: { type, team_ids: teamIds, event_ts: `${Math.floor(Date.now() / 1000)}.000100` },
    });
  }

  /**
   * The app removed from a workspace: the emulator revokes its tokens, then Slack's two events
   * follow, as Slack sends them. Returns their answers.
   */
  async uninstall(input: { team?: string } = {}): Promise<DriverResponse[]> {
    const teamId = this.teamOf(input.team);
    const ws = this.emulator.workspace(teamId);
    this.emulator.uninstall(teamId);
    return [
      await this.event({ team: teamId, event: { type: 'app_uninstalled' } }),
      await this.event({ team: teamId, event: { type: 'tokens_revoked', tokens: { bot: [ws.botUserId] } } }),
    ];
  }

  /** The url_verification handshake. */
  urlVerification(challenge: string, opts: SendOptions = {}): Promise<DriverResponse> {
    return this.postJson({ token: this.verificationToken, challenge, type: 'url_verification' }, opts);
  }
}
