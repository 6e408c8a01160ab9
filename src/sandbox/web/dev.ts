import { DateTime } from 'luxon';
import type { ActiveFault, FaultKind } from '../emulator/faults';
import { METHODS } from '../emulator/methods/index';
import type { RecordedCall } from '../emulator/types';
import { attrs, esc } from './render/html';

/** What a fault can be set on: every Web API method the emulator knows, response_url, or everything. */
export const FAULT_METHODS: readonly string[] = ['*', 'response_url', ...Object.keys(METHODS).sort()];

/** The failures the page offers, as the emulator's faults. */
export const FAULT_KINDS: Record<'ratelimited' | 'http5xx' | 'latency', { kind: FaultKind; label: string }> = {
  ratelimited: { kind: 'ratelimited', label: '429 rate limited (with Retry-After)' },
  http5xx: { kind: 'http5xx', label: '500 server error' },
  latency: { kind: 'latency', label: 'Slow response' },
};

const TOKEN = /\b(xox[abeoprs]|xapp)-[A-Za-z0-9-]+/g;
const SHOWN_CALLS = 150;
const JSON_LIMIT = 20_000;

/** The emulator's call log, newest first: method, status, latency; arguments and response when opened. */
export function renderCalls(calls: readonly RecordedCall[], timeZone: string): string {
  if (calls.length === 0) return '<p class="empty">No calls yet.</p>';
  const first = Math.max(0, calls.length - SHOWN_CALLS);
  const rows = calls
    .slice(first)
    .map((call, i) => ({ call, index: first + i }))
    .reverse()
    .map(({ call, index }) => {
      const response = call.response as { ok?: unknown; error?: unknown } | undefined;
      const ok = call.status === 200 && response?.ok !== false && !call.dropped;
      const outcome = call.dropped
        ? 'dropped'
        : `${call.status} ${response?.ok === true ? 'ok' : typeof response?.error === 'string' ? response.error : ''}`;
      const { token: _token, ...params } = call.params;
      return `<li><details class="call" data-call="${index}"><summary><time>${esc(
        DateTime.fromMillis(call.at, { zone: timeZone }).toFormat('ccc HH:mm:ss'),
      )}</time> <span class="call-method">${esc(call.method)}</span> <span class="call-status ${ok ? 'call-ok' : 'call-failed'}">${esc(
        outcome.trim(),
      )}</span> <span class="call-ms">${call.ms < 10 ? call.ms.toFixed(1) : Math.round(call.ms)} ms</span></summary><div class="call-detail"><h4>Arguments</h4><pre>${json(
        params,
      )}</pre><h4>Response</h4><pre>${json(call.response)}</pre></div></details></li>`;
    })
    .join('');
  const older =
    calls.length > SHOWN_CALLS ? `<p class="hint">The latest ${SHOWN_CALLS} of ${calls.length} calls.</p>` : '';
  return `${older}<ol class="calls">${rows}</ol>`;
}

function json(value: unknown): string {
  const text = JSON.stringify(value, jsonParams, 2) ?? '';
  const shown = text.length > JSON_LIMIT ? `${text.slice(0, JSON_LIMIT)}\n…` : text;
  return esc(shown.replace(TOKEN, '$1-[redacted]'));
}

/** Form bodies carry blocks and views as JSON strings: shown as the JSON they are. */
function jsonParams(key: string, value: unknown): unknown {
  if (typeof value !== 'string' || !['blocks', 'view', 'attachments', 'metadata'].includes(key)) return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** The faults waiting for calls, each with a Remove button. */
export function renderFaults(faults: readonly ActiveFault[]): string {
  if (faults.length === 0) return '<p class="empty">No faults: every call succeeds.</p>';
  return `<ul class="faults">${faults
    .map((f) => {
      const what =
        f.kind === 'ratelimited'
          ? `429, Retry-After ${f.retryAfterSec} s`
          : f.kind === 'http5xx'
            ? `HTTP ${f.status}`
            : f.kind === 'latency'
              ? `${(f.ms / 1000).toFixed(1)} s slower`
              : 'dropped connection';
      const left = Number.isFinite(f.times)
        ? `${f.times - f.hits} more ${f.times - f.hits === 1 ? 'call' : 'calls'}`
        : 'every call';
      return `<li><span>${esc(f.method === '*' ? 'every method' : f.method)}: ${esc(what)} (${esc(left)})</span> <button type="button" class="bk-button"${attrs(
        {
          'data-remove-fault': f.id,
        },
      )}>Remove</button></li>`;
    })
    .join('')}</ul>`;
}
