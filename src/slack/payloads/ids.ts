import { z } from 'zod';

/**
 * The building blocks of every payload schema: Slack's ids and strings, bounded. Anything that
 * does not look like what Slack sends is refused at the edge, before a listener, a query or a
 * message could see it (docs/architecture.md, "Requests from Slack").
 */

/** Workspace (T…) and Enterprise Grid organisation (E…) ids. */
export const TeamId = z.string().regex(/^T[A-Z0-9]{2,20}$/, 'not a team id');
export const EnterpriseId = z.string().regex(/^E[A-Z0-9]{2,20}$/, 'not an enterprise id');
/** People and bots are U… (W… in Enterprise Grid). */
export const UserId = z.string().regex(/^[UW][A-Z0-9]{2,20}$/, 'not a user id');
/** Public (C…), private (G…) and direct-message (D…) conversations. */
export const ChannelId = z.string().regex(/^[CGD][A-Z0-9]{2,20}$/, 'not a channel id');
/** A message timestamp: Unix seconds with microseconds, unique per channel. */
export const MessageTs = z.string().regex(/^\d{1,12}\.\d{1,6}$/, 'not a message ts');
export const ViewId = z.string().regex(/^V[A-Z0-9]{2,30}$/, 'not a view id');
export const TriggerId = z.string().min(1).max(255);
export const ResponseUrl = z.url({ protocol: /^https?$/ }).max(2_000);
/** Action ids, block ids and callback ids are ours, at most 255 characters (Block Kit's limit). */
export const BlockKitId = z.string().max(255);
export const ApiAppId = z.string().regex(/^A[A-Z0-9]{2,20}$/, 'not an app id');
/** A picked date and time, as Block Kit's date and time pickers send them. */
export const PickedDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'not a date');
export const PickedTime = z.string().regex(/^\d{2}:\d{2}$/, 'not a time');

/** A database id Baton put in a payload (a button value, private_metadata): a positive safe integer. */
export const RowId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
/** The same, carried as a string (a button's value). */
export const RowIdText = z
  .string()
  .regex(/^\d{1,15}$/, 'not an id')
  .transform(Number)
  .pipe(RowId);

export const TeamRef = z.looseObject({ id: TeamId, enterprise_id: EnterpriseId.nullish() });
export const UserRef = z.looseObject({ id: UserId, team_id: TeamId.optional() });
