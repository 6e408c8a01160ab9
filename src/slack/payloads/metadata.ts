import { z } from 'zod';
import { ChannelId, MessageTs, RowId } from './ids';

/**
 * What Baton puts in a modal's private_metadata and reads back on submission. It comes back
 * through the user's client, so it is checked like any other input: a schema per form.
 */
const Json = z.string().transform((text, ctx) => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    ctx.addIssue({ code: 'custom', message: 'not JSON' });
    return z.NEVER;
  }
});

/** Where a morning prompt is and which tasks it shows: enough to re-render it after an action. */
export const PromptRefSchema = z.object({
  channel: ChannelId,
  ts: MessageTs,
  taskIds: z.array(RowId).max(100),
});
export type PromptRef = z.infer<typeof PromptRefSchema>;

/** The message a form was opened from (to update it in place). */
const Source = { channel: ChannelId.optional(), ts: MessageTs.optional() };

export const CaptureMetadata = z.object({
  channel: ChannelId.optional(),
  sourceTs: MessageTs.optional(),
  permalink: z
    .url({ protocol: /^https?$/ })
    .max(2_000)
    .optional(),
});
export const TaskFormMetadata = z.object({ taskId: RowId, ...Source, prompt: PromptRefSchema.nullish() });
/** A note on a check-in (from under it), or on a task not asked about yet (from the Home). */
export const CheckinNoteMetadata = z.union([
  z.object({ checkinId: RowId, ...Source }),
  z.object({ taskId: RowId }).strict(),
]);

/** private_metadata read with `schema`, or null when it is not what Baton wrote. */
export function readMetadata<S extends z.ZodType>(raw: string | undefined, schema: S): z.infer<S> | null {
  const parsed = Json.pipe(schema).safeParse(raw || '{}');
  return parsed.success ? parsed.data : null;
}
