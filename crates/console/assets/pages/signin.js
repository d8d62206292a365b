// Sign-in: paste a bearer token (the API's JWT). It is kept in this tab's sessionStorage.

import { field, h } from '../dom.js';

export function render(container, { onSignIn }) {
  const input = h('textarea', {
    name: 'token', rows: 4, required: true, autocomplete: 'off', spellcheck: 'false',
  });
  const form = h('form', { class: 'panel' },
    field('Bearer token', input),
    h('p', { class: 'hint' },
      'Paste a bearer token for the API, for example the USER_TOKEN that switchboard serve ',
      'prints. The console link it prints signs you in without pasting.'),
    h('button', { type: 'submit' }, 'Sign in'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const token = input.value.trim();
    if (token) onSignIn(token);
  });
  container.append(h('h1', {}, 'Sign in'), form);
  input.focus();
}
