import { createHmac } from 'node:crypto';
import { DEMO, type Emulator, OTHER } from '../../src/sandbox';
import { seeded } from '../../src/sandbox/emulator/faults';

/**
 * Hostile requests, made up from a seed: transport tricks, then commands, interactivity and events
 * built from what Slack really sends and mutated field by field into what it never would. The same
 * seed makes the same requests, so a failure can be replayed.
 */

export interface FuzzRequest {
  /** What it is, for the report of a failure. */
  label: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** The emulator's seeded generator: small, fast and good enough to pick test inputs. */
export const prng = seeded;

const u = DEMO.users;
const HUMANS: readonly string[] = [u.lena, u.marcus, u.yuki, u.sofia, u.arjun, u.chloe];

/** Strings that have broken a parser, a query or a message somewhere. */
const NASTY_TEXT = [
  '<!channel> ship it',
  '<!here|here> now',
  '<!everyone>',
  '&lt;!channel&gt;',
  'done #<!channel>',
  'drop -&lt;!here&gt;',
  'done #2147483648',
  'drop #99999999999999999999999',
  'done #0',
  'done #-1',
  'done #1.5',
  'Fix \u0000 bug',
  '\u0000\u0001\u0002',
  '\u202eevil\u202c title',
  'Ship 🚀 the ✨ thing',
  `Write memo <@${u.marcus}> by friday <#${DEMO.channels.general}|general>`,
  `Call <@${u.otherBot}> tomorrow`,
  `Plan <@${u.former}>`,
  `Plan <@U0NOBODY01|nobody>`,
  `Fix <@${u.marcus}> <@${u.yuki}>`,
  'Review <!subteam^S123|@team>',
  'Buy milk due yesterday',
  'Buy milk by 31/02/2027',
  'list',
  'settings',
  'help',
  'lsit',
  '',
  '   ',
  `${'x'.repeat(5_000)}`,
  '*bold* _it_ ~s~ `code` ```block```',
  '<https://example.com|click> <mailto:a@b.c>',
  "Robert'); DROP TABLE tasks;--",
  '{"json": true}',
  '%00%0a',
];

const ACTION_IDS = [
  'task_accept',
  'task_hand_back',
  'task_hand_to',
  'task_done',
  'task_drop',
  'task_reassign',
  'task_snooze',
  'pending_pick_owner',
  'pending_pick_due',
  'pending_without_due',
  'pending_cancel',
  'prompt_hand_to',
  'prompt_suggest:0',
  'prompt_snooze',
  'prompt_keep',
  'prompt_drop',
  'checkin_on_track',
  'checkin_at_risk',
  'checkin_blocked',
  'checkin_done',
  'checkin_note',
  'checkin_new_due',
  'escalation_nudge',
  'escalation_take_back',
  'home_settings',
  'task_add_note',
  'digest_thank',
  'no_such_action',
];

const CALLBACK_IDS = [
  'capture_modal',
  'hand_back_modal',
  'reassign_modal',
  'keep_modal',
  'snooze_date_modal',
  'settings_modal',
  'checkin_note_modal',
  'no_such_form',
];

export class Fuzzer {
  private readonly random: () => number;

  constructor(
    seed: number,
    private readonly emulator: Emulator,
    private readonly signingSecret: string,
  ) {
    this.random = prng(seed);
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)] as T;
  }

  private chance(p: number): boolean {
    return this.random() < p;
  }

  private int(max: number): number {
    return Math.floor(this.random() * max);
  }

  /** A value of any JSON shape, some of them long or nested, some of them pings. */
  private junk(depth = 0): unknown {
    switch (this.int(depth > 2 ? 8 : 10)) {
      case 0:
        return null;
      case 1:
        return this.pick([0, -1, 1.5, 2 ** 53, 2 ** 31, Number.MAX_SAFE_INTEGER + 2, 1e308]);
      case 2:
        return this.pick(NASTY_TEXT);
      case 3:
        return this.chance(0.5);
      case 4:
        return this.pick(['', 'T0EVIL', 'U0NOBODY01', 'C0NOWHERE1', '1.2', 'x'.repeat(300)]);
      case 5:
        return this.pick([...HUMANS, DEMO.teamId, DEMO.channels.general]);
      case 6:
        return String(this.int(1_000_000));
      case 7:
        return 'V'.repeat(this.int(5)) + String(this.int(99));
      case 8:
        return [this.junk(depth + 1), this.junk(depth + 1)];
      default:
        return { type: this.junk(depth + 1), id: this.junk(depth + 1), value: this.junk(depth + 1) };
    }
  }

  /** Replaces or deletes a field somewhere in `value` (in place). */
  private mutate(value: unknown, depth = 0): void {
    if (typeof value !== 'object' || value === null) return;
    const keys = Object.keys(value);
    if (keys.length === 0) return;
    const key = this.pick(keys);
    const record = value as Record<string, unknown>;
    const inner = record[key];
    if (typeof inner === 'object' && inner !== null && depth < 4 && this.chance(0.6)) {
      this.mutate(inner, depth + 1);
      return;
    }
    if (this.chance(0.3)) delete record[key];
    else record[key] = this.junk();
  }

  private team(): string {
    return this.chance(0.85)
      ? DEMO.teamId
      : this.pick([OTHER.teamId, 'T0EVIL', '', `T${'A'.repeat(9_999)}`, 'E0GRID001']);
  }

  private user(): string {
    return this.chance(0.8) ? this.pick(HUMANS) : this.pick([u.otherBot, u.former, 'U0NOBODY01', 'bogus', '']);
  }

  private sign(body: string, headers: Record<string, string>): Record<string, string> {
    const roll = this.random();
    const now = Math.floor(Date.now() / 1000);
    const ts = roll < 0.04 ? now - 400 : roll < 0.07 ? now + 400 : now;
    let signature = `v0=${createHmac('sha256', this.signingSecret).update(`v0:${ts}:${body}`).digest('hex')}`;
    if (roll >= 0.07 && roll < 0.1) signature = `v0=${'0'.repeat(64)}`;
    if (roll >= 0.1 && roll < 0.12) return headers;
    return { ...headers, 'x-slack-request-timestamp': String(ts), 'x-slack-signature': signature };
  }

  private slackPost(label: string, body: string, contentType: string): FuzzRequest {
    const headers: Record<string, string> = { 'content-type': contentType };
    if (this.chance(0.05)) headers['x-slack-retry-num'] = String(this.int(4));
    return { label, method: 'POST', path: '/slack/events', headers: this.sign(body, headers), body };
  }

  private form(label: string, fields: Record<string, unknown>): FuzzRequest {
    const flat = Object.fromEntries(
      Object.entries(fields).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
    );
    return this.slackPost(label, new URLSearchParams(flat).toString(), 'application/x-www-form-urlencoded');
  }

  private interactive(label: string, payload: Record<string, unknown>): FuzzRequest {
    if (this.chance(0.4)) this.mutate(payload);
    if (this.chance(0.1)) this.mutate(payload);
    return this.form(label, { payload: JSON.stringify(payload) });
  }

  private transport(): FuzzRequest {
    const path = this.pick([
      '/',
      '/nope',
      '/slack/events/',
      '/SLACK/EVENTS',
      '/healthz',
      '/metrics',
      '/slack/install',
      '/.env',
      '/slack/events?x=1',
      '/sandbox',
      '/slack/oauth_redirect?code=x&state=y',
    ]);
    const method = this.pick(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD']);
    const body =
      method === 'GET' || method === 'HEAD' ? undefined : this.pick(['', 'null', '{}', 'payload=null', '\u0000']);
    const headers = this.sign(body ?? '', {
      'content-type': this.pick(['application/json', 'text/plain', 'application/x-www-form-urlencoded']),
    });
    return { label: `transport ${method} ${path}`, method, path, headers, ...(body === undefined ? {} : { body }) };
  }

  private command(): FuzzRequest {
    const team = this.team();
    const user = this.user();
    const known = team === DEMO.teamId && HUMANS.includes(user);
    const channel = known ? this.emulator.openDm(team, user) : 'D0FUZZ0001';
    // Slack's response_url and trigger_id, whoever the request claims to come from.
    const urlTeam = team === DEMO.teamId || team === OTHER.teamId ? team : DEMO.teamId;
    const fields: Record<string, unknown> = {
      token: 'fuzz',
      team_id: team,
      team_domain: 'baton-sandbox',
      channel_id: channel,
      user_id: user,
      user_name: 'fuzz',
      command: this.chance(0.95) ? '/delegate' : this.pick(['/other', 'delegate', '']),
      text: this.pick(NASTY_TEXT),
      api_app_id: DEMO.appId,
      is_enterprise_install: 'false',
      response_url: this.emulator.newResponseUrl({ teamId: urlTeam, channel, user }),
      trigger_id: this.emulator.newTriggerId({ teamId: urlTeam, userId: user }),
    };
    if (this.chance(0.25)) this.mutate(fields);
    return this.form('command', fields);
  }

  private blockActions(): FuzzRequest {
    const team = this.team();
    const user = this.user();
    const actionId = this.pick(ACTION_IDS);
    const action: Record<string, unknown> = {
      action_id: actionId,
      block_id: this.pick([
        'task:1',
        'task:99999999999',
        'pending:1',
        'checkin:1',
        'checkin:1.5',
        'offer',
        `task:${this.int(5)}`,
      ]),
      type: this.pick(['button', 'users_select', 'static_select', 'datepicker', 'overflow']),
      value: this.pick([
        '1',
        '2',
        '0',
        '-1',
        '1.5',
        '99999999999999999999',
        `1:${u.marcus}`,
        `1:<!channel>`,
        '<!here>',
      ]),
      action_ts: '1700000000.000001',
    };
    if (this.chance(0.3)) action.selected_user = this.pick([...HUMANS, u.otherBot, 'U0NOBODY01', '<!channel>']);
    if (this.chance(0.3)) action.selected_option = { value: this.pick(['tomorrow', 'next_week', 'date', 'x']) };
    if (this.chance(0.2)) action.selected_date = this.pick(['2027-01-01', '1999-01-01', '2027-02-31', 'soon']);
    return this.interactive(`block_actions ${actionId}`, {
      type: 'block_actions',
      team: { id: team, domain: 'baton-sandbox' },
      user: { id: user, team_id: team },
      api_app_id: DEMO.appId,
      trigger_id: this.emulator.newTriggerId({ teamId: DEMO.teamId, userId: u.lena }),
      response_url: this.emulator.newResponseUrl({ teamId: DEMO.teamId, channel: DEMO.channels.general, user: u.lena }),
      container: { type: 'message', channel_id: DEMO.channels.general, message_ts: '1700000000.000100' },
      channel: { id: DEMO.channels.general },
      message: { ts: '1700000000.000100', text: 'x', blocks: [{ type: 'section', block_id: 'task:1' }] },
      actions: [action],
    });
  }

  private viewSubmission(): FuzzRequest {
    const callbackId = this.pick(CALLBACK_IDS);
    const input = (type: string, value: unknown) => ({ type, ...(value === undefined ? {} : (value as object)) });
    const values: Record<string, Record<string, unknown>> = {
      title: { title: input('plain_text_input', { value: this.pick(NASTY_TEXT) }) },
      details: { details: input('plain_text_input', { value: this.pick(NASTY_TEXT) }) },
      owner: { owner: input('users_select', { selected_user: this.pick([...HUMANS, u.otherBot, u.former]) }) },
      reason: { reason: input('plain_text_input', { value: this.pick(NASTY_TEXT) }) },
      new_owner: { new_owner: input('users_select', { selected_user: this.pick(HUMANS) }) },
      checkin_note_text: { checkin_note_text: input('plain_text_input', { value: this.pick(NASTY_TEXT) }) },
      prompt_time: { prompt_time: input('timepicker', { selected_time: this.pick(['09:00', '25:99', '00:00']) }) },
      working_days: {
        working_days: input('checkboxes', { selected_options: [{ value: this.pick(['1', '7', '0', '8', 'x']) }] }),
      },
      paused_until: { paused_until: input('datepicker', { selected_date: this.pick(['2027-01-01', '2027-13-45']) }) },
    };
    const metadata = this.pick([
      '',
      '{}',
      'not json',
      JSON.stringify({ taskId: this.pick([1, 2, 1.5, -1, 2 ** 60, '1']) }),
      JSON.stringify({ checkinId: this.pick([1, 1.5, 2 ** 63, null]) }),
      JSON.stringify({ channel: '<!channel>', ts: 'x', taskId: 1 }),
      JSON.stringify({ taskId: 1, prompt: { channel: DEMO.channels.general, ts: '1.1', taskIds: [1, 2, -5] } }),
    ]);
    const team = this.team();
    return this.interactive(`view_submission ${callbackId}`, {
      type: 'view_submission',
      team: { id: team, domain: 'baton-sandbox' },
      user: { id: this.user(), team_id: team },
      api_app_id: DEMO.appId,
      trigger_id: '1.2.3',
      view: {
        id: `V0FUZZ${this.int(1000)}`,
        type: 'modal',
        callback_id: callbackId,
        private_metadata: metadata,
        hash: '1.abc',
        state: { values },
      },
    });
  }

  private shortcut(): FuzzRequest {
    const team = this.team();
    if (this.chance(0.5)) {
      return this.interactive('shortcut', {
        type: 'shortcut',
        team: { id: team },
        user: { id: this.user(), team_id: team },
        callback_id: this.pick(['delegate_message', 'other']),
        trigger_id: '1.2.3',
      });
    }
    return this.interactive('message_action', {
      type: 'message_action',
      team: { id: team },
      user: { id: this.user(), team_id: team },
      callback_id: 'delegate_message',
      trigger_id: this.emulator.newTriggerId({ teamId: DEMO.teamId, userId: u.lena }),
      response_url: this.emulator.newResponseUrl({ teamId: DEMO.teamId, channel: DEMO.channels.general, user: u.lena }),
      channel: { id: this.pick([DEMO.channels.general, 'C0NOWHERE1']), name: 'general' },
      message: { ts: '1700000000.000100', text: this.pick(NASTY_TEXT), user: this.pick(HUMANS) },
    });
  }

  private event(): FuzzRequest {
    const team = this.team();
    const events: Array<() => Record<string, unknown>> = [
      () => ({
        type: 'user_change',
        user: {
          id: this.chance(0.7) ? this.pick(HUMANS) : this.pick(['U0NOBODY01', 'U0GHOST002', 'bogus']),
          team_id: team,
          name: this.pick(NASTY_TEXT).slice(0, 200),
          real_name: this.pick(NASTY_TEXT).slice(0, 200),
          tz: this.pick(['Europe/Berlin', 'Asia/Tokyo', 'Not/AZone', 'UTC', '']),
          is_bot: this.chance(0.1),
          deleted: this.chance(0.1),
          profile: { display_name: this.pick(NASTY_TEXT).slice(0, 200) },
        },
      }),
      () => ({
        type: 'message',
        channel: this.pick([DEMO.channels.general, 'C0NOWHERE1']),
        user: this.user(),
        text: this.pick(NASTY_TEXT),
        ts: `17000000${this.int(99)}.000200`,
        thread_ts: this.pick(['1700000000.000100', '1700000001.000001']),
        ...(this.chance(0.2) ? { subtype: this.pick(['bot_message', 'message_changed', 'thread_broadcast']) } : {}),
        ...(this.chance(0.1) ? { bot_id: 'B0OTHER' } : {}),
      }),
      () => ({
        type: 'app_home_opened',
        user: this.user(),
        channel: 'D0FUZZ0001',
        tab: this.pick(['home', 'messages']),
      }),
      () => ({ type: 'reaction_added', user: this.user(), item: this.junk() }),
      () => ({
        type: this.pick(['app_uninstalled', 'tokens_revoked', 'team_join', 'channel_created']),
        channel: this.junk(),
      }),
    ];
    const envelope: Record<string, unknown> = {
      token: 'fuzz',
      team_id: team,
      api_app_id: DEMO.appId,
      event: this.chance(0.05) ? this.pick([null, 'user_change', 42, []]) : this.pick(events)(),
      type: 'event_callback',
      event_id: this.chance(0.9) ? `Ev${this.int(1e9)}` : this.pick(['', 'x'.repeat(200), 'Ev<!channel>']),
      event_time: 1_700_000_000,
      authorizations: [{ enterprise_id: null, team_id: team, user_id: DEMO.botUserId, is_bot: true }],
    };
    if (this.chance(0.3)) this.mutate(envelope);
    return this.slackPost(
      `event ${String((envelope.event as { type?: unknown } | null)?.type)}`,
      JSON.stringify(envelope),
      'application/json',
    );
  }

  next(): FuzzRequest {
    const roll = this.random();
    if (roll < 0.1) return this.transport();
    if (roll < 0.35) return this.command();
    if (roll < 0.6) return this.blockActions();
    if (roll < 0.75) return this.viewSubmission();
    if (roll < 0.8) return this.shortcut();
    return this.event();
  }
}

/**
 * Every string Slack renders as mrkdwn in a Web API call or a response_url post: a message's
 * `text`, and the text of every mrkdwn object in its blocks or its view. Plain text (an input's
 * initial value, a button label) is shown as typed and cannot ping anyone.
 */
export function renderedText(params: Record<string, unknown>): string[] {
  const out: string[] = [];
  if (typeof params.text === 'string') out.push(params.text);
  const visit = (value: unknown) => {
    if (typeof value === 'string' && /^[[{]/.test(value)) {
      try {
        visit(JSON.parse(value));
      } catch {
        // not JSON: a plain string argument
      }
    } else if (Array.isArray(value)) for (const item of value) visit(item);
    else if (value && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      if (record.type === 'mrkdwn' && typeof record.text === 'string') out.push(record.text);
      for (const inner of Object.values(record)) visit(inner);
    }
  };
  visit(params.blocks);
  visit(params.view);
  visit(params.attachments);
  return out;
}
