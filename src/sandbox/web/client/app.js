// The sandbox page in the browser: draws what /sandbox/api/screen renders, stays live through
// server-sent events, and turns clicks into the page's requests (which the server sends on to
// Baton as Slack's signed payloads). No framework, no build step.

const $ = (selector, root = document) => root.querySelector(selector);

const state = {
  as: localStorage.getItem('baton-sandbox-as') ?? '',
  place: 'dm',
  /** Whose place the main pane shows now ("as place"). */
  drawn: '',
  dev: false,
  openThreads: new Set(),
  modalKey: null,
  clockOffset: 0,
  aheadMs: 0,
  timeZone: 'UTC',
  seen: readSeen(),
};

function readSeen() {
  try {
    return JSON.parse(localStorage.getItem('baton-sandbox-seen') ?? '{}');
  } catch {
    return {};
  }
}

function escapeHtml(text) {
  return String(text).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c],
  );
}

// --- talking to the server --------------------------------------------------------------------

let loading = null;
let loadAgain = false;

/** Fetches and draws the screen; calls during a fetch coalesce into one more fetch. */
function refresh() {
  if (loading) {
    loadAgain = true;
    return loading;
  }
  loading = load().finally(() => {
    loading = null;
    if (loadAgain) {
      loadAgain = false;
      refresh();
    }
  });
  return loading;
}

async function load() {
  const asked = { as: state.as, place: state.place };
  const query = new URLSearchParams({ ...asked, dev: state.dev ? '1' : '0' });
  try {
    const res = await fetch(`/sandbox/api/screen?${query}`);
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const data = await res.json();
    // The person went elsewhere meanwhile: the next load draws that.
    if (asked.as !== state.as || asked.place !== state.place) return;
    apply(data);
  } catch {
    say('Baton is not answering; trying again…', true);
  }
}

async function api(name, body = {}) {
  let result;
  try {
    const res = await fetch(`/sandbox/api/${name}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    result = await res.json().catch(() => ({ ok: false, error: `HTTP ${res.status}` }));
  } catch {
    result = { ok: false, error: 'Baton is not answering.' };
  }
  if (!result.ok) say(result.error ?? 'That did not work.', true);
  refresh();
  return result;
}

function say(text, isError = false) {
  const status = $('#status');
  status.textContent = text;
  status.classList.toggle('status--error', isError);
  clearTimeout(say.timer);
  say.timer = setTimeout(() => {
    status.textContent = '';
  }, 6000);
}

// --- drawing ----------------------------------------------------------------------------------

/** Replaces an element's HTML only when it changed (keeps focus, scroll and open details otherwise). */
function setHtml(element, html) {
  if (element.dataset.html === html) return false;
  element.innerHTML = html;
  element.dataset.html = html;
  return true;
}

function apply(data) {
  const screen = data.screen;
  const placeChanged = state.drawn !== `${screen.as} ${screen.place}`;
  state.drawn = `${screen.as} ${screen.place}`;
  state.as = screen.as;
  state.place = screen.place;
  localStorage.setItem('baton-sandbox-as', state.as);

  const persona = $('#persona');
  const options = data.people
    .map(
      (p) => `<option value="${escapeHtml(p.id)}">${escapeHtml(p.name)}${p.id === data.lead ? ' (lead)' : ''}</option>`,
    )
    .join('');
  setHtml(persona, options);
  persona.value = state.as;
  const me = data.people.find((p) => p.id === state.as);
  state.timeZone = me?.timeZone ?? 'UTC';
  state.clockOffset = data.clock.nowMs - Date.now();
  state.aheadMs = data.clock.aheadMs;
  $('#jump-morning').textContent = `Next morning for ${(me?.name ?? 'me').split(' ')[0]}`;
  drawClock();

  setHtml($('#nav'), screen.nav);
  markNew();
  $('#place-title').textContent = screen.title;
  document.title = `${screen.title} — Baton sandbox`;
  const banner = $('#banner');
  banner.hidden = !data.resetting;
  banner.textContent = data.resetting ? 'Setting up the sandbox workspace: three weeks of a team’s work…' : '';
  for (const button of document.querySelectorAll('[data-jump], #reset')) button.disabled = data.resetting;

  drawMain(screen.main, placeChanged);
  const composer = $('#composer');
  composer.hidden = screen.composer === null;
  if (screen.composer !== null) {
    $('#composer-label').textContent = screen.composer;
    $('#composer-input').placeholder = screen.composer;
  }
  drawModal(screen.modal);
  if (state.dev && data.dev) drawDev(data);
}

function drawMain(html, placeChanged) {
  const box = $('#messages');
  const atBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 60;
  const scrollTop = box.scrollTop;
  const focused = box.contains(document.activeElement) ? document.activeElement.id : '';
  const drafts = [...box.querySelectorAll('.reply-form input')].filter((i) => i.value).map((i) => [i.id, i.value]);
  // Threads stay as the person left them across redraws.
  for (const details of box.querySelectorAll('details[data-thread]')) {
    if (details.open) state.openThreads.add(details.dataset.thread);
    else state.openThreads.delete(details.dataset.thread);
  }
  if (!setHtml(box, html) && !placeChanged) return;
  for (const details of box.querySelectorAll('details[data-thread]')) {
    if (state.openThreads.has(details.dataset.thread)) details.open = true;
  }
  for (const [id, value] of drafts) {
    const input = document.getElementById(id);
    if (input) input.value = value;
  }
  box.scrollTop = placeChanged || atBottom ? box.scrollHeight : scrollTop;
  // On a phone the page scrolls, not the list: a new place opens at its latest message.
  if (placeChanged && box.scrollHeight <= box.clientHeight) box.lastElementChild?.scrollIntoView({ block: 'end' });
  if (focused) document.getElementById(focused)?.focus({ preventScroll: true });
}

function drawModal(modal) {
  const dialog = $('#modal');
  if (!modal) {
    state.modalKey = null;
    if (dialog.open) dialog.close();
    dialog.innerHTML = '';
    return;
  }
  if (state.modalKey === modal.key) return;
  const shownView = $('[data-view-id]', dialog)?.dataset.viewId;
  const kept = dialog.open && shownView === modal.key.split(':')[0] ? collectValues(dialog) : null;
  dialog.innerHTML = modal.html;
  if (kept) applyValues(dialog, kept);
  state.modalKey = modal.key;
  if (!dialog.open) dialog.showModal();
  const first = $('[aria-invalid="true"]', dialog) ?? $('input, select, textarea', dialog);
  first?.focus();
}

function drawDev(data) {
  const method = $('#fault-method');
  if (!method.options.length) {
    method.innerHTML = data.faultMethods
      .map((m) => `<option value="${escapeHtml(m)}">${m === '*' ? 'every method' : escapeHtml(m)}</option>`)
      .join('');
    method.value = 'chat.postMessage';
    $('#fault-kind').innerHTML = data.faultKinds
      .map((k) => `<option value="${escapeHtml(k.value)}">${escapeHtml(k.label)}</option>`)
      .join('');
  }
  setHtml($('#faults'), data.dev.faults);
  const calls = $('#calls');
  const open = [...calls.querySelectorAll('details[open]')].map((d) => d.dataset.call);
  if (setHtml(calls, data.dev.calls)) {
    for (const key of open) {
      const details = $(`details[data-call="${key}"]`, calls);
      if (details) details.open = true;
    }
  }
}

function drawClock() {
  const now = new Date(Date.now() + state.clockOffset);
  const time = $('#clock-now');
  time.dateTime = now.toISOString();
  time.textContent = new Intl.DateTimeFormat('en-GB', {
    timeZone: state.timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  }).format(now);
  $('#clock-zone').textContent = `in ${state.timeZone.split('/').pop().replace(/_/g, ' ')}`;
  const hours = Math.round(state.aheadMs / 3_600_000);
  $('#clock-ahead').textContent =
    state.aheadMs < 60_000 ? '' : hours < 48 ? `(${hours} h ahead)` : `(${Math.round(hours / 24)} days ahead)`;
}

/** A dot on conversations with messages this person has not looked at. */
function markNew() {
  const key = (place) => `${state.as}:${place}`;
  const firstVisit = !Object.keys(state.seen).some((k) => k.startsWith(`${state.as}:`));
  for (const item of document.querySelectorAll('.nav-item')) {
    const latest = item.dataset.latest;
    const place = item.dataset.place;
    if (latest && (firstVisit || place === state.place)) state.seen[key(place)] = latest;
    const seen = state.seen[key(place)];
    $('.nav-new', item).hidden = !latest || (seen !== undefined && Number(latest) <= Number(seen));
  }
  localStorage.setItem('baton-sandbox-seen', JSON.stringify(state.seen));
}

// --- Block Kit state and actions --------------------------------------------------------------

/** An element's state as Slack puts it in state.values and in an action. */
function stateOf(el) {
  const type = el.dataset.type;
  const chosen = () =>
    [...(el.selectedOptions ?? [])].filter((o) => o.value).map((o) => ({ value: o.value, text: o.textContent }));
  switch (type) {
    case 'users_select':
      return { type, selected_user: el.value || null };
    case 'multi_users_select':
      return { type, selected_users: chosen().map((o) => o.value) };
    case 'conversations_select':
      return { type, selected_conversation: el.value || null };
    case 'multi_conversations_select':
      return { type, selected_conversations: chosen().map((o) => o.value) };
    case 'channels_select':
      return { type, selected_channel: el.value || null };
    case 'multi_channels_select':
      return { type, selected_channels: chosen().map((o) => o.value) };
    case 'static_select':
    case 'overflow':
      return { type, selected_option: chosen()[0] ?? null };
    case 'multi_static_select':
      return { type, selected_options: chosen() };
    case 'datepicker':
      return { type, selected_date: el.value || null };
    case 'timepicker':
      return { type, selected_time: el.value || null };
    case 'datetimepicker':
      return { type, selected_date_time: el.value ? Math.floor(new Date(el.value).getTime() / 1000) : null };
    case 'checkboxes':
      return {
        type,
        selected_options: [...el.querySelectorAll('input:checked')].map((i) => ({
          value: i.value,
          text: i.dataset.label,
        })),
      };
    case 'radio_buttons': {
      const input = el.querySelector('input:checked');
      return { type, selected_option: input ? { value: input.value, text: input.dataset.label } : null };
    }
    default:
      return { type, value: el.value === '' ? null : el.value };
  }
}

/** state.values of a message or view: block id → action id → state. */
function collectValues(root) {
  const values = {};
  for (const el of root.querySelectorAll('[data-el]')) {
    if (el.dataset.type === 'button' || el.dataset.type === 'overflow' || !el.dataset.type) continue;
    values[el.dataset.blockId] ??= {};
    values[el.dataset.blockId][el.dataset.actionId] = stateOf(el);
  }
  return values;
}

/** Puts kept values back into a redrawn modal (Slack keeps what was typed when it shows errors). */
function applyValues(root, values) {
  for (const el of root.querySelectorAll('[data-el]')) {
    const v = values[el.dataset.blockId]?.[el.dataset.actionId];
    if (!v) continue;
    if (el.tagName === 'FIELDSET') {
      const picked = new Set([...(v.selected_options ?? []), v.selected_option].filter(Boolean).map((o) => o.value));
      for (const input of el.querySelectorAll('input')) input.checked = picked.has(input.value);
    } else if (el.tagName === 'SELECT') {
      const picked = new Set(
        [
          v.selected_user,
          v.selected_conversation,
          v.selected_channel,
          v.selected_option?.value,
          ...(v.selected_users ?? []),
          ...(v.selected_conversations ?? []),
          ...(v.selected_channels ?? []),
          ...(v.selected_options ?? []).map((o) => o.value),
        ].filter(Boolean),
      );
      for (const option of el.options) option.selected = picked.has(option.value);
    } else if ('value' in v || 'selected_date' in v || 'selected_time' in v) {
      el.value = v.value ?? v.selected_date ?? v.selected_time ?? '';
    }
  }
}

function containerOf(el) {
  const container = el.closest('[data-container]');
  if (!container) return null;
  return container.dataset.container === 'message'
    ? { root: container, source: { kind: 'message', channel: container.dataset.channel, ts: container.dataset.ts } }
    : { root: container, source: { kind: 'view', viewId: container.dataset.viewId } };
}

function dispatch(el) {
  const where = containerOf(el);
  if (!where) return;
  const ids = { action_id: el.dataset.actionId, block_id: el.dataset.blockId };
  const action =
    el.dataset.type === 'button'
      ? { ...ids, type: 'button', ...(el.dataset.value !== undefined ? { value: el.dataset.value } : {}) }
      : { ...ids, ...stateOf(el) };
  return api('action', { as: state.as, container: where.source, action, values: collectValues(where.root) });
}

/** A confirm dialog: resolves true when the person confirms. */
function ask({ title, html, confirm, deny, danger }) {
  const dialog = $('#confirm');
  $('#confirm-body').innerHTML =
    `<h2 class="dialog-title" id="confirm-title">${escapeHtml(title)}</h2><div class="dialog-text">${html}</div>`;
  $('#confirm-ok').textContent = confirm;
  $('#confirm-ok').className = `bk-button ${danger ? 'bk-danger' : 'bk-primary'}`;
  $('#confirm-deny').textContent = deny;
  dialog.returnValue = '';
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'confirm'), { once: true });
    dialog.showModal();
    $('#confirm-deny').focus();
  });
}

async function confirmedClick(button) {
  const template = button.parentElement?.querySelector('template.bk-confirm');
  if (!template) return true;
  const title = $('.dialog-title', template.content)?.textContent ?? 'Are you sure?';
  const html = $('.dialog-text', template.content)?.innerHTML ?? '';
  return ask({
    title,
    html,
    confirm: template.dataset.confirm,
    deny: template.dataset.deny,
    danger: template.dataset.style === 'danger',
  });
}

// --- what the person does ---------------------------------------------------------------------

function go(place) {
  if (place === state.place) return;
  state.place = place;
  state.openThreads.clear();
  refresh();
  // Slack tells the app when someone opens its Home or Messages tab.
  if (place === 'home' || place === 'dm') api('opened', { as: state.as, tab: place === 'home' ? 'home' : 'messages' });
}

document.addEventListener('click', async (event) => {
  const target = event.target.closest('button');
  if (!target || target.disabled) return;
  if (target.matches('[data-el][data-type="button"]')) {
    if (!(await confirmedClick(target))) return;
    if (target.dataset.url) window.open(target.dataset.url, '_blank', 'noopener');
    dispatch(target);
  } else if (target.matches('.nav-item')) {
    go(target.dataset.place);
  } else if (target.matches('[data-jump]')) {
    api('jump', { as: state.as, jump: target.dataset.jump });
  } else if (target.id === 'reset') {
    const sure = await ask({
      title: 'Reset the sandbox?',
      html: 'Messages, tasks and the clock go back to the seeded workspace.',
      confirm: 'Reset',
      deny: 'Cancel',
      danger: true,
    });
    if (sure) api('reset');
  } else if (target.id === 'dev-toggle') {
    state.dev = !state.dev;
    $('#dev').hidden = !state.dev;
    target.setAttribute('aria-expanded', String(state.dev));
    document.body.classList.toggle('with-dev', state.dev);
    refresh();
  } else if (target.matches('[data-remove-fault]')) {
    api('unfault', { id: Number(target.dataset.removeFault) });
  } else if (target.matches('[data-modal-close]')) {
    const form = target.closest('[data-view-id]');
    if (form) api('close', { as: state.as, viewId: form.dataset.viewId });
  } else if (target.matches('[data-example]')) {
    const input = $('#composer-input');
    input.value = target.dataset.example;
    input.focus();
  }
});

document.addEventListener('change', (event) => {
  if (event.target.id === 'persona') {
    state.as = event.target.value;
    state.place = 'dm';
    state.openThreads.clear();
    refresh();
    api('opened', { as: state.as, tab: 'messages' });
    return;
  }
  const el = event.target.closest('[data-el]');
  if (!el || el.dataset.dispatch === undefined || el.dataset.type === 'button') return;
  dispatch(el);
  // An overflow menu is a menu, not a choice that stays.
  if (el.dataset.type === 'overflow') el.value = '';
});

document.addEventListener('submit', async (event) => {
  const form = event.target;
  if (form.method === 'dialog') return;
  event.preventDefault();
  if (form.id === 'composer' || form.matches('.reply-form')) {
    const input = form.querySelector('input');
    const text = input.value.trim();
    if (!text) return;
    input.value = '';
    const threadTs = form.dataset.threadTs;
    const isCommand = text.startsWith('/') && !threadTs;
    const result = await api(isCommand ? 'command' : 'say', {
      as: state.as,
      place: state.place,
      text,
      ...(threadTs ? { threadTs } : {}),
    });
    if (!result.ok) input.value = text;
  } else if (form.matches('.modal-form[data-view-id]')) {
    api('submit', { as: state.as, viewId: form.dataset.viewId, values: collectValues(form) });
  } else if (form.id === 'fault-form') {
    const data = new FormData(form);
    const result = await api('fault', {
      method: data.get('method'),
      kind: data.get('kind'),
      seconds: Number(data.get('seconds')),
      times: Number(data.get('times')),
    });
    if (result.ok) say('Fault added: the next matching calls fail.');
  }
});

// Escape on a modal closes it, as Slack's close button does.
$('#modal').addEventListener('cancel', (event) => {
  event.preventDefault();
  const form = $('[data-view-id]', event.target);
  if (form) api('close', { as: state.as, viewId: form.dataset.viewId });
});

setInterval(drawClock, 1000);
new EventSource('/sandbox/api/stream').addEventListener('change', () => refresh());
refresh().then(() => api('opened', { as: state.as, tab: 'messages' }));
