// Forwarding: for a chosen number, its rules (add, enable or disable, delete), with the
// API's refusals (a loop, a second rule of a type) shown in the alert.

import { listAll } from '../api.js';
import { busy, field, h, replace } from '../dom.js';

const TYPES = [
  { value: 'always', label: 'Always' },
  { value: 'busy', label: 'When busy' },
  { value: 'no-answer', label: 'When not answered' },
];

let chosen = null; // the number last chosen, kept across visits

export function render(container, { api }) {
  const number = h('select', { name: 'number' });
  const rules = h('ul', { class: 'items', 'aria-label': 'Rules' });
  const forwardTo = h('input', { type: 'tel', name: 'forwardTo', autocomplete: 'off', required: true });
  const type = h('select', { name: 'type' },
    TYPES.map((t) => h('option', { value: t.value }, t.label)));
  const ringTimeout = h('input', {
    type: 'number', name: 'ringTimeout', min: 5, max: 60, step: 1, value: '20',
  });
  const add = h('button', { type: 'submit', class: 'primary' }, 'Add rule');
  const form = h('form', { class: 'panel' },
    field('Forward to', forwardTo), field('Type', type), field('Ring timeout', ringTimeout),
    h('p', { class: 'hint' }, 'Seconds to ring before a no-answer rule forwards (5 to 60).'),
    add);

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!number.value) return;
    busy(add, async () => {
      await api.post(`/v1/numbers/${number.value}/forwarding-rules`, {
        forwardTo: forwardTo.value.trim(),
        type: type.value,
        ringTimeout: Number(ringTimeout.value || 20),
      });
      forwardTo.value = '';
      await showRules();
    });
  });
  number.addEventListener('change', () => {
    chosen = number.value;
    busy(null, showRules);
  });

  function ruleItem(rule) {
    const enabled = h('input', { type: 'checkbox', name: 'enabled', checked: rule.enabled });
    const remove = h('button', { type: 'button', class: 'danger' }, 'Delete');
    enabled.addEventListener('change', () => busy(enabled, async () => {
      try {
        await api.post(`/v1/forwarding-rules/${rule.id}/toggle`);
      } catch (error) {
        enabled.checked = !enabled.checked;
        throw error;
      }
    }));
    remove.addEventListener('click', () => busy(remove, async () => {
      await api.delete(`/v1/forwarding-rules/${rule.id}`);
      await showRules();
    }));
    const label = TYPES.find((t) => t.value === rule.type)?.label ?? rule.type;
    const timeout = rule.type === 'no-answer' ? ` after ${rule.ringTimeout} s` : '';
    return h('li', { class: 'rule' },
      h('span', {}, `${label}${timeout}: forward to `, h('span', { class: 'number' }, rule.forwardTo)),
      h('label', { class: 'check' }, enabled, 'Enabled'), remove);
  }

  async function showRules() {
    if (!number.value) {
      replace(rules);
      return;
    }
    const answer = await listAll(api, `/v1/numbers/${number.value}/forwarding-rules`);
    replace(rules, answer.length
      ? answer.map(ruleItem)
      : h('li', { class: 'empty' }, 'No rule: calls ring your browser phone, then voicemail.'));
  }

  async function load() {
    const numbers = (await listAll(api, '/v1/numbers')).filter((n) => !n.releasedAt);
    replace(number, numbers.length
      ? numbers.map((n) => h('option', { value: n.id }, n.phoneNumber))
      : h('option', { value: '' }, 'No number of yours yet'));
    if (numbers.some((n) => n.id === chosen)) number.value = chosen;
    add.disabled = numbers.length === 0;
    await showRules();
  }

  container.append(h('h1', {}, 'Forwarding'),
    h('div', { class: 'panel inline' }, field('Number', number)),
    h('section', { 'aria-labelledby': 'rules-heading' },
      h('h2', { id: 'rules-heading' }, 'Rules'), rules),
    h('section', { 'aria-labelledby': 'add-heading' },
      h('h2', { id: 'add-heading' }, 'Add a rule'), form));
  busy(null, load);
}
