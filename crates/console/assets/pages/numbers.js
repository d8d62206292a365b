// Numbers: search by area code and buy; each owned number renamed, switched on and off, or
// released (after a confirmation).

import { listAll } from '../api.js';
import { busy, confirmDialog, field, h, replace } from '../dom.js';

export function render(container, { api }) {
  const areaCode = h('input', {
    type: 'text', name: 'areaCode', inputmode: 'numeric', autocomplete: 'off', maxlength: 3,
  });
  const search = h('button', { type: 'submit' }, 'Search');
  const results = h('ul', { class: 'items', 'aria-label': 'Available numbers' });
  const owned = h('ul', { class: 'items', 'aria-label': 'Your numbers' });

  const searchForm = h('form', { class: 'panel inline', role: 'search' },
    field('Area code', areaCode), search);
  searchForm.addEventListener('submit', (event) => {
    event.preventDefault();
    busy(search, async () => {
      const answer = await api.get('/v1/numbers/available', {
        query: { areaCode: areaCode.value.trim(), limit: 10 },
      });
      replace(results, answer.items.length
        ? answer.items.map((item) => availableItem(item))
        : h('li', { class: 'empty' }, 'No number is available there.'));
    });
  });

  function availableItem(item) {
    const buy = h('button', { type: 'button', class: 'primary' }, 'Buy');
    buy.addEventListener('click', () => busy(buy, async () => {
      await api.post('/v1/numbers', { phoneNumber: item.phoneNumber });
      li.remove();
      await refresh();
    }));
    const place = [item.locality, item.region].filter(Boolean).join(', ');
    const li = h('li', {}, h('span', { class: 'number' }, item.phoneNumber),
      place ? h('span', { class: 'muted' }, place) : null, buy);
    return li;
  }

  function ownedItem(number) {
    const name = h('input', { type: 'text', name: 'friendlyName', value: number.friendlyName ?? '' });
    const save = h('button', { type: 'button' }, 'Save');
    const active = h('input', { type: 'checkbox', name: 'active', checked: number.active });
    const release = h('button', { type: 'button', class: 'danger' }, 'Release');
    save.addEventListener('click', () => busy(save, () =>
      api.patch(`/v1/numbers/${number.id}`, { friendlyName: name.value.trim() })));
    active.addEventListener('change', () => busy(active, async () => {
      try {
        await api.patch(`/v1/numbers/${number.id}`, { active: active.checked });
      } catch (error) {
        active.checked = !active.checked;
        throw error;
      }
    }));
    release.addEventListener('click', async () => {
      const sure = await confirmDialog(
        `Release ${number.phoneNumber}? It goes back to Twilio and stops taking calls.`,
        'Release number');
      if (!sure) return;
      await busy(release, async () => {
        await api.delete(`/v1/numbers/${number.id}`);
        await refresh();
      });
    });
    const usage = number.usage
      ? `${number.usage.calls} calls, ${number.usage.minutes} min, ${number.usage.messages} messages`
      : '';
    return h('li', { class: 'owned' },
      h('div', { class: 'head' }, h('span', { class: 'number' }, number.phoneNumber),
        h('span', { class: 'muted' }, usage)),
      h('div', { class: 'row' }, field('Friendly name', name), save),
      h('label', { class: 'check' }, active, 'Active'),
      release);
  }

  async function refresh() {
    const numbers = (await listAll(api, '/v1/numbers')).filter((n) => !n.releasedAt);
    replace(owned, numbers.length
      ? numbers.map(ownedItem)
      : h('li', { class: 'empty' }, 'You have no number yet: search and buy one.'));
  }

  container.append(
    h('h1', {}, 'Numbers'),
    h('section', { 'aria-labelledby': 'buy-heading' },
      h('h2', { id: 'buy-heading' }, 'Buy a number'), searchForm, results),
    h('section', { 'aria-labelledby': 'owned-heading' },
      h('h2', { id: 'owned-heading' }, 'Your numbers'), owned));
  busy(null, refresh);
}
