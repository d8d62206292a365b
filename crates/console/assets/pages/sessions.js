// Sessions: the user's voicemail-greeting sessions (a pool number that plays a greeting
// while the session lasts), and a form to start one.

import { busy, field, formatTime, h, replace } from '../dom.js';

export function render(container, { api }) {
  const greetingUrl = h('input', { type: 'url', name: 'greetingUrl', required: true, placeholder: 'https://' });
  const minutes = h('input', { type: 'number', name: 'expiresInMinutes', min: 1, max: 1440, value: '30' });
  const create = h('button', { type: 'submit', class: 'primary' }, 'Create session');
  const list = h('ul', { class: 'items', 'aria-label': 'Sessions' });

  const form = h('form', { class: 'panel' },
    field('Greeting URL', greetingUrl), field('Minutes', minutes), create);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    busy(create, async () => {
      await api.post('/v1/voicemail-sessions', {
        greetingUrl: greetingUrl.value.trim(),
        expiresInMinutes: Number(minutes.value || 30),
      });
      greetingUrl.value = '';
      await load();
    });
  });

  function item(session) {
    const active = session.status === 'active';
    const expire = active ? h('button', { type: 'button' }, 'Expire') : null;
    expire?.addEventListener('click', () => busy(expire, async () => {
      await api.post(`/v1/voicemail-sessions/${session.id}/expire`);
      await load();
    }));
    return h('li', { class: active ? 'session' : 'session expired' },
      h('div', { class: 'head' }, h('span', { class: 'number' }, session.phoneNumber),
        h('span', { class: 'muted' },
          `${session.status}, ${active ? 'until' : 'ended'} ${formatTime(session.expiresAt)}`)),
      h('p', { class: 'muted url' }, session.greetingUrl),
      expire);
  }

  async function load() {
    const answer = await api.get('/v1/voicemail-sessions', { query: { limit: 50 } });
    replace(list, answer.items.length
      ? answer.items.map(item)
      : h('li', { class: 'empty' }, 'No session yet.'));
  }

  container.append(h('h1', {}, 'Sessions'),
    h('section', { 'aria-labelledby': 'new-session' },
      h('h2', { id: 'new-session' }, 'New session'), form),
    h('section', { 'aria-labelledby': 'your-sessions' },
      h('h2', { id: 'your-sessions' }, 'Your sessions'), list));
  busy(null, load);
}
