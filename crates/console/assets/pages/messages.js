// Messages: the user's texts, newest first, and a form to send one.

import { busy, field, formatTime, h, replace } from '../dom.js';

const PAGE_SIZE = 20;

export function render(container, { api }) {
  const to = h('input', { type: 'tel', name: 'to', autocomplete: 'off', required: true });
  const body = h('textarea', { name: 'body', rows: 3, maxlength: 1600, required: true });
  const send = h('button', { type: 'submit', class: 'primary' }, 'Send');
  const list = h('ul', { class: 'items messages', 'aria-label': 'Messages' });
  const older = h('button', { type: 'button', hidden: true }, 'Older');
  const refresh = h('button', { type: 'button' }, 'Refresh');
  let nextCursor = null;

  const form = h('form', { class: 'panel' }, field('To', to), field('Message', body), send);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    busy(send, async () => {
      await api.post('/v1/messages', { to: to.value.trim(), body: body.value });
      body.value = '';
      await load(false);
    });
  });

  function item(message) {
    const inbound = message.direction === 'inbound';
    return h('li', { class: inbound ? 'message inbound' : 'message outbound' },
      h('div', { class: 'head' },
        h('span', {}, inbound ? 'From ' : 'To ',
          h('span', { class: 'number' }, inbound ? message.from : message.to)),
        h('span', { class: 'muted' }, `${message.status} · ${formatTime(message.createdAt)}`)),
      h('p', { class: 'body' }, message.body ?? ''),
      (message.mediaUrls ?? []).map((url) => h('p', { class: 'muted' }, `Media: ${url}`)));
  }

  async function load(more) {
    const answer = await api.get('/v1/messages', {
      query: { limit: PAGE_SIZE, cursor: more ? nextCursor : undefined },
    });
    nextCursor = answer.nextCursor;
    const items = answer.items.map(item);
    if (more) list.append(...items);
    else replace(list, items.length ? items : h('li', { class: 'empty' }, 'No messages yet.'));
    older.hidden = !nextCursor;
  }

  older.addEventListener('click', () => busy(older, () => load(true)));
  refresh.addEventListener('click', () => busy(refresh, () => load(false)));

  container.append(h('h1', {}, 'Messages'),
    h('section', { 'aria-labelledby': 'send-heading' },
      h('h2', { id: 'send-heading' }, 'Send a text'), form),
    h('section', { 'aria-labelledby': 'list-heading' },
      h('h2', { id: 'list-heading' }, 'Your messages'), h('div', { class: 'actions' }, refresh),
      list, older));
  busy(null, () => load(false));
}
