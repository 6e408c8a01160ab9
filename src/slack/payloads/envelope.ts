import { z } from 'zod';
import {
  ApiAppId,
  BlockKitId,
  ChannelId,
  EnterpriseId,
  MessageTs,
  PickedDate,
  PickedTime,
  ResponseUrl,
  TeamId,
  TeamRef,
  TriggerId,
  UserId,
  UserRef,
  ViewId,
} from './ids';

/**
 * What a verified request from Slack is, decided before Bolt sees it. Bolt reads whatever fields
 * it expects (a `null` body, an `event: null`, a view without `state` make it throw), so only
 * payloads of a shape Baton handles, checked field by field, are dispatched to it; well-formed
 * payloads Baton has no use for are acked and ignored, and anything else is malformed (400).
 * The order of the checks follows Bolt's own detection of a payload's kind (getTypeAndConversation),
 * so what we validate is what Bolt will take it for.
 */
export type Envelope =
  | { kind: 'ssl_check' }
  | { kind: 'url_verification'; challenge: string }
  | { kind: 'app_rate_limited'; teamId: string | null }
  | { kind: 'ignored'; reason: string }
  | { kind: 'malformed'; reason: string }
  | { kind: 'dispatch'; payload: Dispatch };

/** A payload Bolt may have: who sent it from where, and how to answer outside the ack. */
export interface Dispatch {
  type: 'command' | 'block_actions' | 'view_submission' | 'view_closed' | 'message_action' | 'shortcut' | 'event';
  /**
   * The workspace; null only for an event about an organization as a whole (an org-wide install
   * removed), which then has its `enterpriseId`.
   */
  teamId: string | null;
  enterpriseId: string | null;
  userId: string | null;
  responseUrl: string | null;
  /** Block ids of a submitted form's inputs, to show a problem on the form. */
  inputBlockIds: string[];
  body: Record<string, unknown>;
}

/** Slack's own bound on a message's text; a command's text never comes close. */
const MAX_TEXT = 40_000;
const MAX_COMMAND_TEXT = 12_000;
const ShortText = z.string().max(255);

const Option = z.looseObject({ value: z.string().max(2_000) });

/** What an input or an interactive element reports: the fields Baton's listeners read, typed. */
const ElementValue = z.looseObject({
  type: z.string().min(1).max(64),
  value: z.string().max(MAX_TEXT).nullish(),
  selected_user: UserId.nullish(),
  selected_users: z.array(UserId).max(100).optional(),
  selected_conversation: ChannelId.nullish(),
  selected_channel: ChannelId.nullish(),
  selected_option: Option.nullish(),
  selected_options: z.array(Option).max(100).optional(),
  selected_date: PickedDate.nullish(),
  selected_time: PickedTime.nullish(),
});

const StateValues = z.record(BlockKitId, z.record(BlockKitId, ElementValue));

const Action = ElementValue.extend({
  action_id: BlockKitId.min(1),
  block_id: BlockKitId,
  action_ts: ShortText.optional(),
});

const MessageBlock = z.looseObject({ type: ShortText, block_id: BlockKitId.optional() });

const ViewPayload = z.looseObject({
  id: ViewId,
  type: ShortText,
  callback_id: BlockKitId.optional(),
  private_metadata: z.string().max(3_000).optional(),
  hash: ShortText.optional(),
  team_id: TeamId.nullish(),
  app_installed_team_id: TeamId.nullish(),
  state: z.looseObject({ values: StateValues }).optional(),
  blocks: z.array(MessageBlock).max(100).optional(),
});

const Interactive = {
  team: TeamRef.nullish(),
  user: UserRef,
  enterprise: z.looseObject({ id: EnterpriseId }).nullish(),
  api_app_id: ApiAppId.optional(),
  is_enterprise_install: z.boolean().optional(),
};

const BlockActions = z.looseObject({
  ...Interactive,
  type: z.literal('block_actions'),
  trigger_id: TriggerId,
  response_url: ResponseUrl.optional(),
  actions: z.array(Action).min(1).max(25),
  container: z
    .looseObject({
      type: ShortText,
      channel_id: ChannelId.optional(),
      message_ts: MessageTs.optional(),
      view_id: ViewId.optional(),
    })
    .optional(),
  // Bolt reads channel.id whenever channel is not undefined: null is refused.
  channel: z.looseObject({ id: ChannelId }).optional(),
  message: z
    .looseObject({
      ts: MessageTs,
      text: z.string().max(MAX_TEXT).optional(),
      blocks: z.array(MessageBlock).max(100).optional(),
    })
    .optional(),
  view: ViewPayload.optional(),
  state: z.looseObject({ values: StateValues }).optional(),
});

const ViewSubmission = z.looseObject({
  ...Interactive,
  type: z.literal('view_submission'),
  trigger_id: TriggerId.optional(),
  view: ViewPayload.extend({ callback_id: BlockKitId, state: z.looseObject({ values: StateValues }) }),
  response_urls: z
    .array(
      z.looseObject({ response_url: ResponseUrl, block_id: BlockKitId, action_id: BlockKitId, channel_id: ChannelId }),
    )
    .max(10)
    .optional(),
});

const ViewClosed = z.looseObject({
  ...Interactive,
  type: z.literal('view_closed'),
  view: ViewPayload.extend({ callback_id: BlockKitId }),
});

const Shortcut = z.looseObject({
  ...Interactive,
  type: z.literal('shortcut'),
  callback_id: BlockKitId,
  trigger_id: TriggerId,
});

const MessageAction = z.looseObject({
  ...Interactive,
  type: z.literal('message_action'),
  callback_id: BlockKitId,
  trigger_id: TriggerId,
  response_url: ResponseUrl,
  channel: z.looseObject({ id: ChannelId, name: ShortText.optional() }),
  message: z.looseObject({
    ts: MessageTs,
    text: z.string().max(MAX_TEXT).optional(),
    user: UserId.optional(),
    thread_ts: MessageTs.optional(),
  }),
});

const Command = z.looseObject({
  command: z.string().regex(/^\/[\w-]{1,32}$/),
  text: z.string().max(MAX_COMMAND_TEXT),
  team_id: TeamId,
  enterprise_id: z.union([EnterpriseId, z.literal('')]).optional(),
  user_id: UserId,
  channel_id: ChannelId,
  response_url: ResponseUrl,
  trigger_id: TriggerId,
  api_app_id: ApiAppId.optional(),
  is_enterprise_install: z.enum(['true', 'false']).optional(),
});

/** A Slack profile as user_change sends it; names are bounded, the zone is an IANA name. */
export const SlackProfile = z.looseObject({
  id: UserId,
  team_id: TeamId.optional(),
  name: z.string().max(255).optional(),
  real_name: z.string().max(255).optional(),
  tz: z
    .string()
    .regex(/^[A-Za-z0-9_+\-/]{1,64}$/)
    .nullish(),
  is_bot: z.boolean().optional(),
  deleted: z.boolean().optional(),
  profile: z
    .looseObject({ display_name: z.string().max(255).optional(), real_name: z.string().max(255).optional() })
    .optional(),
});

/** The events Baton listens to, each with the fields it reads. Others are acked and ignored. */
const EVENTS = {
  user_change: z.looseObject({ type: z.literal('user_change'), user: SlackProfile }),
  message: z.looseObject({
    type: z.literal('message'),
    channel: ChannelId,
    ts: MessageTs,
    user: UserId.optional(),
    text: z.string().max(MAX_TEXT).optional(),
    thread_ts: MessageTs.optional(),
    bot_id: ShortText.nullish(),
    channel_type: ShortText.optional(),
  }),
  app_home_opened: z.looseObject({
    type: z.literal('app_home_opened'),
    user: UserId,
    channel: ChannelId.optional(),
    tab: ShortText.optional(),
  }),
  app_uninstalled: z.looseObject({ type: z.literal('app_uninstalled') }),
  team_access_granted: z.looseObject({ type: z.literal('team_access_granted'), team_ids: z.array(TeamId).max(10_000) }),
  team_access_revoked: z.looseObject({ type: z.literal('team_access_revoked'), team_ids: z.array(TeamId).max(10_000) }),
  tokens_revoked: z.looseObject({
    type: z.literal('tokens_revoked'),
    tokens: z.looseObject({ oauth: z.array(UserId).max(1_000).optional(), bot: z.array(UserId).max(1_000).optional() }),
  }),
} as const;

/**
 * What every event must look like for Bolt to read it (it looks for the conversation and the user
 * in these fields of any event, and throws on a null or a number where it expects an object).
 */
const EventBase = z.looseObject({
  type: z.string().regex(/^[a-z_]{1,64}$/),
  subtype: ShortText.optional(),
  channel: z.union([z.string().max(64), z.looseObject({ id: z.string().max(64) })]).optional(),
  channel_id: z.string().max(64).optional(),
  user: z.union([z.string().max(64), z.looseObject({ id: z.string().max(64) })]).optional(),
  item: z.looseObject({ channel: z.string().max(64).optional() }).optional(),
  subteam: z.looseObject({ created_by: z.string().max(64).optional() }).optional(),
});

const EventCallback = z.looseObject({
  type: z.literal('event_callback'),
  // Null for an event about a whole organization (docs/slack-platform.md, "Org-wide installs").
  team_id: TeamId.nullable(),
  enterprise_id: EnterpriseId.nullish(),
  api_app_id: ApiAppId.optional(),
  event_id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  event_time: z.number().int().nonnegative(),
  authorizations: z
    .array(
      z.looseObject({
        team_id: TeamId.nullish(),
        enterprise_id: EnterpriseId.nullish(),
        user_id: UserId.optional(),
        is_bot: z.boolean().optional(),
        is_enterprise_install: z.boolean().optional(),
      }),
    )
    .max(20)
    .optional(),
  event: EventBase,
});

const UrlVerification = z.looseObject({ type: z.literal('url_verification'), challenge: z.string().min(1).max(500) });
const AppRateLimited = z.looseObject({ type: z.literal('app_rate_limited'), team_id: TeamId.optional() });

type Body = Record<string, unknown>;

/** Classifies a verified body (already parsed from JSON or a form). */
export function classify(body: unknown): Envelope {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { kind: 'malformed', reason: 'the body is not an object' };
  }
  const b = body as Body;
  if (b.ssl_check === '1') return { kind: 'ssl_check' };
  if (b.type === 'url_verification') {
    const parsed = UrlVerification.safeParse(b);
    return parsed.success ? { kind: 'url_verification', challenge: parsed.data.challenge } : malformed(parsed.error);
  }
  if (b.type === 'app_rate_limited') {
    const parsed = AppRateLimited.safeParse(b);
    return parsed.success ? { kind: 'app_rate_limited', teamId: parsed.data.team_id ?? null } : malformed(parsed.error);
  }
  // Bolt's order: an `event` key makes an event, a `command` key a command, `actions` an action…
  if ('event' in b) return classifyEvent(b);
  if ('command' in b) {
    const parsed = Command.safeParse(b);
    if (!parsed.success) return malformed(parsed.error);
    const c = parsed.data;
    return dispatch('command', b, c.team_id, c.enterprise_id || null, c.user_id, c.response_url);
  }
  if ('name' in b || b.type === 'block_suggestion') return { kind: 'ignored', reason: 'options requests are not used' };
  if ('actions' in b || b.type === 'dialog_submission') {
    if (b.type !== 'block_actions') return { kind: 'ignored', reason: `${String(b.type)} is not used` };
    return interactive(BlockActions, 'block_actions', b);
  }
  switch (b.type) {
    case 'shortcut':
      return interactive(Shortcut, 'shortcut', b);
    case 'message_action':
      return interactive(MessageAction, 'message_action', b);
    case 'view_submission':
      return interactive(ViewSubmission, 'view_submission', b);
    case 'view_closed':
      return interactive(ViewClosed, 'view_closed', b);
    default:
      return typeof b.type === 'string' && b.type.length <= 64
        ? { kind: 'ignored', reason: `payloads of type ${b.type} are not used` }
        : { kind: 'malformed', reason: 'no payload type' };
  }
}

function classifyEvent(b: Body): Envelope {
  const parsed = EventCallback.safeParse(b);
  if (!parsed.success) return malformed(parsed.error);
  const { event, team_id: teamId } = parsed.data;
  const schema = EVENTS[event.type as keyof typeof EVENTS];
  if (!schema) return { kind: 'ignored', reason: `${event.type} events are not used` };
  // Edits, deletions, joins and the like come as message subtypes: only plain messages are replies.
  if (event.type === 'message' && event.subtype !== undefined)
    return { kind: 'ignored', reason: `message events of subtype ${event.subtype} are not used` };
  const inner = schema.safeParse(event);
  if (!inner.success) return malformed(inner.error, 'event.');
  const auth = parsed.data.authorizations?.[0];
  const user = 'user' in inner.data && typeof inner.data.user === 'string' ? inner.data.user : null;
  const enterpriseId = auth ? (auth.enterprise_id ?? null) : (parsed.data.enterprise_id ?? null);
  const workspace = auth?.team_id ?? teamId;
  if (teamId === null) {
    // About an organization as a whole: only its org-wide install being removed, or given or losing
    // workspaces, means anything to Baton. Listeners read the workspace from team_id, so one named only in authorizations is refused.
    if (workspace !== null || !enterpriseId || auth?.is_enterprise_install !== true) {
      return { kind: 'malformed', reason: 'an event with no workspace that is not for an org-wide install' };
    }
    if (!ORGANIZATION_EVENTS.has(event.type))
      return { kind: 'ignored', reason: `${event.type} for a whole organization` };
  }
  return dispatch('event', b, workspace, enterpriseId, user, null);
}

/** The events Baton takes for an organization as a whole (an org-wide install), not one workspace. */
const ORGANIZATION_EVENTS = new Set([
  'app_uninstalled',
  'tokens_revoked',
  'team_access_granted',
  'team_access_revoked',
]);

/** What every interactive payload has in common, as far as telling who and where goes. */
interface InteractiveFields {
  team?: { id: string; enterprise_id?: string | null | undefined } | null | undefined;
  user: { id: string; team_id?: string | undefined };
  enterprise?: { id: string } | null | undefined;
  view?: z.infer<typeof ViewPayload> | undefined;
  response_url?: string | undefined;
}

type InteractiveSchema =
  | typeof BlockActions
  | typeof Shortcut
  | typeof MessageAction
  | typeof ViewSubmission
  | typeof ViewClosed;

function interactive(schema: InteractiveSchema, type: Dispatch['type'], b: Body): Envelope {
  const parsed = schema.safeParse(b);
  if (!parsed.success) return malformed(parsed.error);
  const p: InteractiveFields = parsed.data;
  const view = p.view;
  // As Bolt does: a modal opened from a Slack Connect channel names the workspace it belongs to.
  const teamId = view?.app_installed_team_id ?? p.team?.id ?? p.user.team_id;
  if (!teamId) return { kind: 'malformed', reason: 'no team' };
  const enterpriseId = p.enterprise?.id ?? p.team?.enterprise_id ?? null;
  const responseUrl = p.response_url ?? null;
  const result = dispatch(type, b, teamId, enterpriseId, p.user.id, responseUrl);
  if (type === 'view_submission' && view?.state) result.payload.inputBlockIds = Object.keys(view.state.values);
  return result;
}

function dispatch(
  type: Dispatch['type'],
  body: Body,
  teamId: string | null,
  enterpriseId: string | null,
  userId: string | null,
  responseUrl: string | null,
): Extract<Envelope, { kind: 'dispatch' }> {
  return { kind: 'dispatch', payload: { type, teamId, enterpriseId, userId, responseUrl, inputBlockIds: [], body } };
}

function malformed(error: z.ZodError, prefix = ''): Envelope {
  const issue = error.issues[0];
  const where = issue ? `${prefix}${issue.path.join('.')}` : '';
  return { kind: 'malformed', reason: `${where || 'body'}: ${issue?.message ?? 'invalid'}` };
}
