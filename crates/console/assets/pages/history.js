// History: the calls, newest first and paged with the API's cursor, each recording playable
// in <audio>; and the voicemails. Media URLs are signed by the API (no header needed).

import { busy, formatDuration, formatTime, h, replace } from '../dom.js';

const PAGE_SIZE = 20;

export function render(container, { api }) {
  const rows = h('tbody');
  const table = h('table', { class: 'calls' },
    h('caption', {}, 'Calls'),
    h('thead', {}, h('tr', {},
      ['Direction', 'From', 'To', 'Status', 'Duration', 'Started', 'Recording']
        .map((name) => h('th', { scope: 'col' }, name)))),
    rows);
  const newer = h('button', { type: 'button', disabled: true }, 'Newer');
  const older = h('button', { type: 'button', disabled: true }, 'Older');
  const refresh = h('button', { type: 'button' }, 'Refresh');
  const voicemails = h('ul', { class: 'items', 'aria-label': 'Voicemails' });
  const cursors = [undefined]; // the cursor of each page shown so far
  let page = 0;
  let nextCursor = null;

  async function showCalls() {
    const answer = await api.get('/v1/calls', { query: { limit: PAGE_SIZE, cursor: cursors[page] } });
    nextCursor = answer.nextCursor;
    replace(rows, answer.items.length
      ? answer.items.map(callRow)
      : h('tr', {}, h('td', { colspan: 7, class: 'empty' }, 'No calls yet.')));
    newer.disabled = page === 0;
    older.disabled = !nextCursor;
  }

  function callRow(call) {
    const recording = h('td', { 'data-label': 'Recording' });
    if (call.recorded) busy(null, () => showRecordings(call.callSid, recording));
    const cell = (label, ...content) => h('td', { 'data-label': label }, ...content);
    return h('tr', {},
      cell('Direction', call.direction),
      cell('From', call.from), cell('To', call.to), cell('Status', call.status),
      cell('Duration', formatDuration(call.duration)),
      cell('Started', formatTime(call.startedAt ?? call.createdAt)),
      recording);
  }

  async function showRecordings(callSid, cell) {
    const answer = await api.get('/v1/recordings', { query: { callSid } });
    replace(cell, answer.items
      .filter((r) => r.status === 'completed')
      .map((r) => player(r, r.kind === 'voicemail'
        ? `Voicemail from ${r.from ?? 'unknown'}` : `Recording of call ${callSid}`)));
  }

  function player(recording, label) {
    const audio = h('audio', { controls: true, preload: 'none', src: recording.mediaUrl, 'aria-label': label });
    // The signature lasts 15 minutes: after an error, fetch a freshly signed URL once.
    let renewed = false;
    audio.addEventListener('error', async () => {
      if (renewed) return;
      renewed = true;
      const fresh = await api.get(`/v1/recordings/${recording.recordingSid}`).catch(() => null);
      if (fresh) audio.src = fresh.mediaUrl;
    });
    return audio;
  }

  async function showVoicemails() {
    const answer = await api.get('/v1/recordings', { query: { kind: 'voicemail', limit: PAGE_SIZE } });
    const done = answer.items.filter((r) => r.status === 'completed');
    replace(voicemails, done.length
      ? done.map((r) => h('li', { class: 'voicemail' },
        h('span', {}, 'From ', h('span', { class: 'number' }, r.from ?? 'unknown')),
        h('span', { class: 'muted' }, `${formatTime(r.createdAt)}, ${formatDuration(r.duration)}`),
        player(r, `Voicemail from ${r.from ?? 'unknown'}`)))
      : h('li', { class: 'empty' }, 'No voicemail.'));
  }

  /** Shows the page `delta` away; the buttons stay as they were when that fails. */
  function turn(delta) {
    const before = { page, newer: newer.disabled, older: older.disabled };
    if (delta > 0) cursors[page + 1] = nextCursor;
    page += delta;
    newer.disabled = true;
    older.disabled = true;
    return busy(null, () => showCalls().catch((error) => {
      page = before.page;
      newer.disabled = before.newer;
      older.disabled = before.older;
      throw error;
    }));
  }

  newer.addEventListener('click', () => turn(-1));
  older.addEventListener('click', () => turn(1));
  refresh.addEventListener('click', () => busy(refresh, () =>
    Promise.all([showCalls(), showVoicemails()])));

  container.append(h('h1', {}, 'History'),
    h('div', { class: 'actions' }, refresh),
    h('div', { class: 'table-wrap' }, table),
    h('nav', { class: 'pager', 'aria-label': 'Pages of calls' }, newer, older),
    h('section', { 'aria-labelledby': 'voicemail-heading' },
      h('h2', { id: 'voicemail-heading' }, 'Voicemail'), voicemails));
  busy(null, () => Promise.all([showCalls(), showVoicemails()]));
}
