// envsaga's page: environments and their sagas, live. No framework and no build: the API's JSON,
// one Server-Sent Events stream read with fetch (EventSource cannot send a bearer header, and the
// token must never be in a URL), and the DOM built with textContent (nothing a step reports is
// ever parsed as HTML).
'use strict';

const TOKEN_KEY = 'envsaga.token';
const HISTORY_PAGE = 20;
const STEPS = ['dns', 'workloads', 'messaging', 'cache', 'storage'];

const state = {
  environments: new Map(), // name -> view, as the API shows it
  current: null,           // the name the detail view shows
  history: [],             // its audit records, newest first
  page: 0,
  historyRequests: 0,      // reads of the history started; only the latest one's answer is shown
  stream: null,            // AbortController of the live stream
};

const $ = (id) => document.getElementById(id);

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === null) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else node.setAttribute(key, value);
  }
  for (const child of children) {
    if (child !== null && child !== undefined) node.append(child);
  }
  return node;
}

// ---- the API -------------------------------------------------------------------------------

function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

async function api(path, options = {}) {
  const headers = Object.assign({ Authorization: 'Bearer ' + token(), Accept: 'application/json' }, options.headers || {});
  const response = await fetch(path, Object.assign({}, options, { headers }));
  if (!response.ok) {
    let detail = response.statusText;
    try {
      const problem = await response.json();
      detail = problem.detail || problem.title || detail;
    } catch (ignored) { /* not JSON */ }
    throw new ApiError(response.status, detail);
  }
  return response.status === 204 ? null : response.json();
}

/** Reads a Server-Sent Events stream with fetch; calls onEvent(data, eventName) for each event. */
async function readStream(path, onEvent, signal) {
  const response = await fetch(path, { headers: { Authorization: 'Bearer ' + token(), Accept: 'text/event-stream' }, signal });
  if (!response.ok) throw new ApiError(response.status, response.statusText);
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let end;
    while ((end = buffer.search(/\r?\n\r?\n/)) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + (buffer[end] === '\r' ? 4 : 2));
      const lines = block.split(/\r?\n/);
      const data = lines.filter((line) => line.startsWith('data:')).map((line) => line.slice(5).trimStart()).join('\n');
      const name = lines.filter((line) => line.startsWith('event:')).map((line) => line.slice(6).trim()).pop();
      if (data) onEvent(JSON.parse(data), name);
    }
  }
}

/** One stream for the whole page: every environment the token may read. Reconnects after a drop. */
function startStream() {
  stopStream();
  const controller = new AbortController();
  state.stream = controller;
  let delay = 500;
  const run = async () => {
    while (!controller.signal.aborted) {
      try {
        await readStream('/api/v1/events', (data, name) => {
          delay = 500;
          if (name === 'recorded') recorded(data.name); else changed(data);
        }, controller.signal);
      } catch (error) {
        if (controller.signal.aborted) return;
        if (error instanceof ApiError && error.status === 401) return signOut('This token was refused by the server.');
      }
      // again, a little later: the new stream starts with the state of every environment
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 10000);
    }
  };
  run();
}

function stopStream() {
  if (state.stream) state.stream.abort();
  state.stream = null;
}

/** Whether a view says something later than the one held (a later generation, or a later change of it). */
function newer(view, held) {
  if (!held) return true;
  if (view.generation !== held.generation) return view.generation > held.generation;
  return Date.parse(view.updatedAt) > Date.parse(held.updatedAt);
}

// the stream starts with the state of every environment, then each change; a list read meanwhile may be older
function changed(view) {
  if (!newer(view, state.environments.get(view.name))) return;
  state.environments.set(view.name, view);
  renderList();
  if (state.current === view.name) {
    renderDetail(view);
    loadHistory(view.name).catch(showError);
  }
}

// the history is written apart from the views: a message may be in it only after the view it changed
function recorded(name) {
  if (state.current === name) loadHistory(name).catch(showError);
}

// ---- sign-in ---------------------------------------------------------------------------------

async function signIn(candidate) {
  sessionStorage.setItem(TOKEN_KEY, candidate);
  try {
    const me = await api('/api/v1/whoami');
    $('who').textContent = 'Signed in as ' + me.name;
    $('sign-out').hidden = false;
    hideNotice();
    startStream();
    route();
  } catch (error) {
    signOut(error.status === 401 ? 'This token was refused by the server.' : 'Could not sign in: ' + error.message);
  }
}

function signOut(message) {
  stopStream();
  sessionStorage.removeItem(TOKEN_KEY);
  state.environments.clear();
  $('who').textContent = '';
  $('sign-out').hidden = true;
  show('sign-in');
  if (message) showNotice(message);
  $('token').focus();
}

// ---- views -----------------------------------------------------------------------------------

function show(id) {
  for (const view of ['sign-in', 'list-view', 'detail-view']) $(view).hidden = view !== id;
}

function showNotice(message) {
  $('notice').textContent = message;
  $('notice').hidden = false;
}

function hideNotice() {
  $('notice').hidden = true;
}

function showError(error) {
  if (error.status === 401) return signOut('This token was refused by the server.');
  if (error.status === 403) return showNotice('Access refused: ' + error.message);
  showNotice(error.message);
}

function route() {
  if (!token()) return signOut();
  const match = location.hash.match(/^#\/env\/([a-z0-9-]+)$/);
  if (match) {
    openDetail(match[1]);
  } else {
    state.current = null;
    show('list-view');
    loadList().catch(showError);
  }
}

async function loadList() {
  const views = await api('/api/v1/environments');
  const listed = new Map(views.map((v) => [v.name, v]));
  for (const [name, held] of state.environments) {
    // a streamed change newer than the list (it was read before the change) is kept
    if (listed.has(name) && newer(held, listed.get(name))) listed.set(name, held);
  }
  state.environments = listed;
  renderList();
}

function phaseBadge(phase) {
  return el('span', { class: 'phase phase-' + phase, text: phase.replace('_', ' ') });
}

function hostsOf(view) {
  const spec = view.spec && view.spec.spec;
  if (!spec) return [];
  const hosts = new Set((spec.dns && spec.dns.hosts) || []);
  if (spec.ingress && spec.ingress.host) hosts.add(spec.ingress.host);
  return [...hosts];
}

function ago(instant) {
  if (!instant) return '';
  const seconds = Math.max(0, Math.round((Date.now() - Date.parse(instant)) / 1000));
  if (seconds < 60) return seconds + 's';
  if (seconds < 3600) return Math.round(seconds / 60) + 'm';
  if (seconds < 86400) return Math.round(seconds / 3600) + 'h';
  return Math.round(seconds / 86400) + 'd';
}

function submittedAt(view) {
  const starts = Object.values(view.steps || {}).map((s) => s.startedAt).filter(Boolean).sort();
  return starts[0] || view.updatedAt;
}

function cell(label, ...content) {
  return el('td', { 'data-label': label }, ...content);
}

// the cluster filter offers every cluster seen (and keeps the one chosen while none of its environments is listed)
function renderClusterOptions() {
  const select = $('filter-cluster');
  const chosen = select.value;
  const clusters = new Set([...state.environments.values()].map((v) => v.cluster).filter(Boolean));
  if (chosen) clusters.add(chosen);
  const names = [...clusters].sort();
  const shown = [...select.options].slice(1).map((o) => o.value);
  if (shown.join('\n') === names.join('\n')) return;
  select.replaceChildren(el('option', { value: '', text: 'any' }), ...names.map((name) => el('option', { value: name, text: name })));
  select.value = chosen;
}

function renderList() {
  if ($('list-view').hidden) return;
  renderClusterOptions();
  const nameFilter = $('filter-name').value.trim();
  const pattern = nameFilter ? new RegExp('^' + nameFilter.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')) : null;
  const phase = $('filter-phase').value;
  const cluster = $('filter-cluster').value;
  const rows = [...state.environments.values()]
    .filter((v) => (!pattern || pattern.test(v.name) || v.name.includes(nameFilter)) && (!phase || v.phase === phase)
      && (!cluster || v.cluster === cluster))
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((v) => {
      const hosts = el('span');
      hostsOf(v).forEach((host, i) => {
        if (i) hosts.append(', ');
        hosts.append(el('a', { href: 'https://' + host, rel: 'noopener', text: host }));
      });
      const who = v.submittedBy ? v.submittedBy + ', ' : '';
      return el('tr', { 'data-name': v.name, 'data-cluster': v.cluster, 'data-phase': v.phase, 'data-generation': String(v.generation) },
        cell('Name', el('a', { href: '#/env/' + v.name, text: v.name })),
        el('td', { 'data-label': 'Cluster', class: 'cluster', text: v.cluster || '' }),
        cell('Tier', v.spec && v.spec.spec ? v.spec.spec.tier : ''),
        cell('Phase', phaseBadge(v.phase)),
        cell('Generation', String(v.generation)),
        cell('Hosts', hosts),
        cell('Submitted', el('time', { datetime: submittedAt(v), text: who + new Date(submittedAt(v)).toLocaleString() })),
        cell('Age', ago(v.createdAt)));
    });
  $('environments').tBodies[0].replaceChildren(...rows);
  $('empty').hidden = rows.length > 0;
}

async function openDetail(name) {
  state.current = name;
  state.page = 0;
  show('detail-view');
  hideNotice();
  try {
    const view = await api('/api/v1/environments/' + name);
    state.environments.set(name, view);
    renderDetail(view);
    await loadHistory(name);
  } catch (error) {
    $('env-name').textContent = name;
    if (error.status === 403) showNotice('Access refused: your token may not read ' + name + '.');
    else if (error.status === 404) showNotice('No environment named ' + name + '.');
    else showError(error);
  }
}

function duration(step) {
  if (!step.startedAt) return '';
  const end = step.status === 'pending' ? Date.now() : Date.parse(step.updatedAt);
  const seconds = (end - Date.parse(step.startedAt)) / 1000;
  return seconds < 60 ? seconds.toFixed(1) + ' s' : Math.round(seconds / 60) + ' min';
}

function renderDetail(view) {
  $('env-name').textContent = view.name;
  $('env-cluster').textContent = view.cluster || '';
  // spec.expiry or the tier's default (docs/orchestrator.md, "Expiry"); deleted by a normal deletion saga then
  $('env-expires').textContent = view.expiresAt ? new Date(view.expiresAt).toLocaleString() + ' (unless applied again)' : 'never';
  $('env-expires').dataset.at = view.expiresAt || '';
  $('env-summary').replaceChildren(phaseBadge(view.phase), ' generation ' + view.generation
    + (view.lastGoodGeneration ? ' (last good ' + view.lastGoodGeneration + ')' : '')
    + (view.reasons && view.reasons.length ? ' \u2014 ' + view.reasons.map((r) => r.step + ': ' + r.reason).join('; ') : ''));
  const rows = STEPS.filter((s) => view.steps && view.steps[s]).map((s) => {
    const step = view.steps[s];
    return el('tr', { 'data-step': s },
      cell('Step', s),
      cell('State', phaseBadge(step.status)),
      cell('Progress', step.progress || ''),
      cell('Reason', step.reason || ''),
      cell('Duration', duration(step)),
      cell('Outputs', Object.keys(step.outputs || {}).join(', ')));
  });
  $('steps').tBodies[0].replaceChildren(...rows);
  $('spec').textContent = view.spec ? JSON.stringify(view.spec, null, 2) : '';
  $('reapply').disabled = !view.spec || view.phase === 'deleting';
  $('delete').disabled = view.phase === 'deleting' || view.phase === 'deleted';
}

async function loadHistory(name) {
  const request = ++state.historyRequests;
  const records = await api('/api/v1/environments/' + name + '/history');
  // only the latest read is shown: an earlier one that answers last would take back what is newer
  if (state.current !== name || request !== state.historyRequests) return;
  state.history = records.slice().reverse();
  renderHistory();
  renderTimeline(records);
}

function renderHistory() {
  const pages = Math.max(1, Math.ceil(state.history.length / HISTORY_PAGE));
  state.page = Math.min(state.page, pages - 1);
  const items = state.history.slice(state.page * HISTORY_PAGE, (state.page + 1) * HISTORY_PAGE).map((record) =>
    el('li', {},
      el('details', {},
        el('summary', {}, el('code', { text: record.routingKey }), ' generation ' + (record.generation ?? '\u2013')
          + ', by ' + (record.userId || 'unknown') + ', ' + new Date(record.receivedAt).toLocaleString()),
        el('pre', { text: record.body }))));
  $('history').replaceChildren(...items);
  $('page-label').textContent = 'page ' + (state.page + 1) + ' of ' + pages;
  $('newer').disabled = state.page === 0;
  $('older').disabled = state.page >= pages - 1;
}

/** Bars per step from the generation's request to the step's answer; failures in red. */
function renderTimeline(records) {
  const generations = new Map();
  for (const record of records) {
    if (record.generation === null || record.generation === undefined) continue;
    const g = generations.get(record.generation) || { start: null, end: null, steps: {} };
    const at = Date.parse(record.receivedAt);
    if (/^environment\.(requested|rollback-requested|deletion-requested)$/.test(record.routingKey) && g.start === null) g.start = at;
    const step = record.routingKey.match(/^step\.([a-z]+)\.(succeeded|failed|released)$/);
    // the step's first answer of the generation (a release after a failure keeps the bar failed)
    if (step && !g.steps[step[1]]) g.steps[step[1]] = { end: at, failed: step[2] === 'failed' };
    g.end = Math.max(g.end || at, at);
    generations.set(record.generation, g);
  }
  const blocks = [...generations.entries()].sort((a, b) => b[0] - a[0]).slice(0, 3).map(([generation, g]) => {
    const start = g.start ?? g.end;
    const span = Math.max(1, (g.end - start));
    const rows = STEPS.map((s) => {
      const answer = g.steps[s];
      const end = answer ? answer.end : g.end;
      const bar = el('div', {
        class: 'timeline-bar' + (answer ? (answer.failed ? ' failed' : '') : ' open'),
        title: s + (answer ? (answer.failed ? ' failed' : ' answered') : ' no answer') + ' after ' + ((end - start) / 1000).toFixed(1) + ' s',
      });
      bar.style.width = Math.max(1, Math.round(100 * (end - start) / span)) + '%'; // CSSOM: allowed by the page's CSP
      return el('div', { class: 'timeline-row', 'data-step': s, 'data-failed': answer && answer.failed ? 'true' : 'false' },
        el('span', { text: s }), el('div', { class: 'timeline-track', role: 'img', 'aria-label': bar.getAttribute('title') }, bar));
    });
    return el('div', { class: 'timeline-generation' }, el('h3', { text: 'Generation ' + generation }), ...rows);
  });
  $('timeline').replaceChildren(...blocks);
}

// ---- actions ---------------------------------------------------------------------------------

async function reapply() {
  const view = state.environments.get(state.current);
  try {
    await api('/api/v1/environments/' + view.name, {
      method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(view.spec),
    });
    hideNotice();
  } catch (error) {
    showError(error);
  }
}

function askDelete() {
  const name = state.current;
  $('confirm-title').textContent = 'Delete ' + name + '?';
  $('confirm-name').value = '';
  $('confirm-button').disabled = true;
  $('confirm-delete').showModal();
  $('confirm-name').focus();
}

async function confirmDelete() {
  if ($('confirm-delete').returnValue !== 'confirm' || $('confirm-name').value !== state.current) return;
  try {
    await api('/api/v1/environments/' + state.current, { method: 'DELETE' });
    hideNotice();
  } catch (error) {
    showError(error);
  }
}

// ---- wiring ----------------------------------------------------------------------------------

document.addEventListener('DOMContentLoaded', () => {
  $('sign-in-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const value = $('token').value.trim();
    $('token').value = '';
    signIn(value);
  });
  $('sign-out').addEventListener('click', () => signOut());
  $('filter-name').addEventListener('input', renderList);
  $('filter-phase').addEventListener('change', renderList);
  $('filter-cluster').addEventListener('change', renderList);
  $('filters').addEventListener('submit', (event) => event.preventDefault());
  $('reapply').addEventListener('click', reapply);
  $('delete').addEventListener('click', askDelete);
  $('confirm-name').addEventListener('input', () => { $('confirm-button').disabled = $('confirm-name').value !== state.current; });
  $('confirm-delete').addEventListener('close', confirmDelete);
  $('newer').addEventListener('click', () => { state.page--; renderHistory(); });
  $('older').addEventListener('click', () => { state.page++; renderHistory(); });
  window.addEventListener('hashchange', route);
  if (token()) signIn(token()); else signOut();
});
