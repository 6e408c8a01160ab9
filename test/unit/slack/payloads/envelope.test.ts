import { describe, expect, it } from 'vitest';
import { classify } from '../../../../src/slack/payloads/envelope';

const team = { id: 'T0BATON01' };
const user = { id: 'U0LENA0001', team_id: 'T0BATON01' };
const action = { action_id: 'task_accept', block_id: 'task:1', type: 'button', value: '1' };
const command = {
  command: '/delegate',
  text: 'help',
  team_id: 'T0BATON01',
  user_id: 'U0LENA0001',
  channel_id: 'D0123456',
  response_url: 'https://hooks.slack.com/commands/1',
  trigger_id: '1.2.3',
};
const view = { id: 'V0123456', type: 'modal', callback_id: 'capture_modal', state: { values: {} } };
const event = (inner: unknown) => ({
  type: 'event_callback',
  team_id: 'T0BATON01',
  event_id: 'Ev0123',
  event_time: 1_700_000_000,
  event: inner,
});

describe('classify', () => {
  it.each([
    ['a command', command, 'command'],
    ['a click', { type: 'block_actions', team, user, trigger_id: '1.2', actions: [action] }, 'block_actions'],
    ['a form', { type: 'view_submission', team, user, view }, 'view_submission'],
    [
      'a thread reply',
      event({ type: 'message', channel: 'C0GENERAL1', ts: '1.000001', user: user.id, text: 'hi' }),
      'event',
    ],
    [
      'a click from an org-wide install (team null)',
      { type: 'block_actions', team: null, user, trigger_id: '1.2', actions: [action] },
      'block_actions',
    ],
  ])('dispatches %s', (_, body, type) => {
    const envelope = classify(body);
    expect(envelope.kind === 'dispatch' && envelope.payload.type).toBe(type);
  });

  it.each([
    ['null', null],
    ['a number', 42],
    ['a list', [command]],
    ['no type at all', {}],
    ['an action with nothing in it', { type: 'block_actions', team, user, trigger_id: '1', actions: [{}] }],
    [
      'a click whose channel is null',
      { type: 'block_actions', team, user, trigger_id: '1', actions: [action], channel: null },
    ],
    ['a form without its view', { type: 'view_submission', team, user }],
    ['a form without its state', { type: 'view_submission', team, user, view: { ...view, state: undefined } }],
    [
      'a form whose title is a number',
      {
        type: 'view_submission',
        team,
        user,
        view: { ...view, state: { values: { title: { title: { type: 'plain_text_input', value: 42 } } } } },
      },
    ],
    ['a command without a response_url', { ...command, response_url: undefined }],
    ['a command from a team id that is not one', { ...command, team_id: 'T0<!channel>' }],
    ['a command naming a user that is not one', { ...command, user_id: '<!here>' }],
    ['an event that is null', event(null)],
    ['a profile change whose user is null', event({ type: 'user_change', user: null })],
    ['an event whose channel is a number', event({ type: 'user_change', user, channel: 2 ** 53 })],
    [
      'a click from no team at all',
      { type: 'block_actions', team: null, user: { id: 'U0LENA0001' }, trigger_id: '1', actions: [action] },
    ],
  ])('refuses %s as malformed', (_, body) => {
    expect(classify(body).kind).toBe('malformed');
  });

  it.each([
    ['an event type Baton does not use', event({ type: 'reaction_added', user: user.id })],
    ['an edited message', event({ type: 'message', subtype: 'message_changed', channel: 'C0GENERAL1' })],
    ['a legacy interactive message', { type: 'interactive_message', actions: [] }],
    ['an options request', { type: 'block_suggestion', value: 'x' }],
    ['a payload type Slack may add', { type: 'something_new' }],
  ])('ignores %s', (_, body) => {
    expect(classify(body).kind).toBe('ignored');
  });

  it('takes an org-wide install’s removal and its workspaces given or taken, sent for the organization with no workspace, and nothing else without one', () => {
    const orgWide = { enterprise_id: 'E0BATONORG', team_id: null, user_id: 'W0BATONBOT', is_enterprise_install: true };
    const forOrg = (inner: unknown, authorization: Record<string, unknown> = orgWide) => ({
      ...event(inner),
      team_id: null,
      authorizations: [authorization],
    });
    const uninstalled = classify(forOrg({ type: 'app_uninstalled' }));
    expect(uninstalled.kind).toBe('dispatch');
    if (uninstalled.kind === 'dispatch') {
      expect([uninstalled.payload.teamId, uninstalled.payload.enterpriseId]).toEqual([null, 'E0BATONORG']);
    }
    expect(classify(forOrg({ type: 'tokens_revoked', tokens: { bot: ['W0BATONBOT'] } })).kind).toBe('dispatch');
    expect(classify(forOrg({ type: 'app_home_opened', user: 'U0LENA0001' })).kind).toBe('ignored');
    // Workspaces given to or taken from the org-wide install: a list of workspace ids, nothing else.
    for (const type of ['team_access_granted', 'team_access_revoked']) {
      expect(classify(forOrg({ type, team_ids: ['T0OTHER01', 'T0BATON001'] })).kind).toBe('dispatch');
      expect(classify(forOrg({ type, team_ids: ["T0'; drop table tasks;--"] })).kind).toBe('malformed');
      expect(classify(forOrg({ type, team_ids: 'T0OTHER01' })).kind).toBe('malformed');
      expect(classify(forOrg({ type })).kind).toBe('malformed');
      expect(classify(forOrg({ type, team_ids: Array.from({ length: 10_001 }, () => 'T0OTHER01') })).kind).toBe(
        'malformed',
      );
    }
    // What an attacker might try: no workspace and no organization, or not an org-wide install.
    expect(classify(forOrg({ type: 'app_uninstalled' }, { ...orgWide, enterprise_id: null })).kind).toBe('malformed');
    expect(classify(forOrg({ type: 'app_uninstalled' }, { ...orgWide, is_enterprise_install: false })).kind).toBe(
      'malformed',
    );
    expect(classify({ ...event({ type: 'app_uninstalled' }), team_id: null }).kind).toBe('malformed');
    const userChange = { type: 'user_change', user: { id: 'U0LENA0001' } };
    expect(classify(forOrg(userChange, { ...orgWide, team_id: 'T0OTHER01' })).kind).toBe('malformed');
    expect(classify({ ...event({ type: 'app_uninstalled' }), team_id: 'E0BATONORG' }).kind).toBe('malformed');
    // A workspace's event inside an organization names both.
    const inOrg = classify({
      ...event({ type: 'app_uninstalled' }),
      authorizations: [{ ...orgWide, team_id: 'T0OTHER01' }],
    });
    expect(inOrg.kind === 'dispatch' && [inOrg.payload.teamId, inOrg.payload.enterpriseId]).toEqual([
      'T0OTHER01',
      'E0BATONORG',
    ]);
  });

  it('answers Slack’s checks itself', () => {
    expect(classify({ ssl_check: '1', token: 'x' })).toEqual({ kind: 'ssl_check' });
    expect(classify({ type: 'url_verification', challenge: 'abc' })).toEqual({
      kind: 'url_verification',
      challenge: 'abc',
    });
  });
});
