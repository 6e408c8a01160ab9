import type { Dispatch } from '../payloads/envelope';

/**
 * Whether Baton takes a well-formed request: not before its database is ready ('starting'), and
 * never for a workspace it is not installed in ('not_installed').
 */
export type Admission = 'admitted' | 'starting' | 'not_installed';

export const STARTING_TEXT = 'Baton is starting up; try again in a minute.';
export const NOT_INSTALLED_TEXT = "Baton isn't installed in this workspace, so it can't do anything here.";

export interface AdmissionAnswer {
  status: number;
  json?: unknown;
  headers?: Record<string, string>;
}

/** The HTTP answer to a request Baton does not take, as clear as each kind of request allows. */
export function admissionAnswer(admission: Exclude<Admission, 'admitted'>, payload: Dispatch): AdmissionAnswer {
  const text = admission === 'starting' ? STARTING_TEXT : NOT_INSTALLED_TEXT;
  switch (payload.type) {
    case 'command':
      return { status: 200, json: { response_type: 'ephemeral', text } };
    case 'event':
      // Starting: Slack retries an event that failed (in about a minute, then five), by which
      // time Baton takes it. Not installed: there is nothing to retry for.
      return admission === 'starting'
        ? { status: 503, headers: { 'retry-after': '60' } }
        : { status: 200, headers: { 'x-slack-no-retry': '1' } };
    case 'view_submission':
      // The form stays open with what was typed in it, and says why.
      if (admission === 'starting' && payload.inputBlockIds.length > 0) {
        const errors = Object.fromEntries(payload.inputBlockIds.map((id) => [id, text]));
        return { status: 200, json: { response_action: 'errors', errors } };
      }
      return { status: 200 };
    default:
      return { status: 200 };
  }
}
