// Phone: dial pad, number box, caller id, Call / Hang up / Mute, the call's state, and the
// calls ringing here with Accept / Reject.

import { listAll } from '../api.js';
import { busy, field, h, replace, showError } from '../dom.js';
import { statusText } from '../phone/model.js';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];

export function render(container, { api, phone }) {
  const status = h('p', { role: 'status', class: 'call-state' }, 'Connecting the phone…');
  const ringing = h('ul', { class: 'ringing', 'aria-label': 'Incoming calls' });
  const to = h('input', {
    type: 'tel', name: 'to', autocomplete: 'off', inputmode: 'tel', required: true,
  });
  const callerId = h('select', { name: 'callerId' });
  const call = h('button', { type: 'submit', class: 'primary', disabled: true }, 'Call');
  const hangUp = h('button', { type: 'button', class: 'danger', disabled: true }, 'Hang up');
  const mute = h('button', { type: 'button', 'aria-pressed': 'false', disabled: true }, 'Mute');
  let model = null;

  const pad = h('div', { class: 'dialpad', role: 'group', 'aria-label': 'Dial pad' },
    KEYS.map((key) => h('button', {
      type: 'button',
      onclick: () => {
        to.value += key;
        model?.sendDigits(key);
      },
    }, key)));

  const form = h('form', { class: 'panel phone' },
    field('Number to call', to), field('Caller ID', callerId), pad,
    h('div', { class: 'actions' }, call, hangUp, mute));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!model) return;
    busy(call, () => model.call(to.value.trim(), callerId.value || undefined));
  });
  hangUp.addEventListener('click', () => busy(hangUp, () => model.hangup()));
  mute.addEventListener('click', () => model?.toggleMute());

  container.append(h('h1', {}, 'Phone'), status, ringing, form);

  function update() {
    status.textContent = statusText(model);
    const inCall = Boolean(model.current);
    call.disabled = inCall || !model.ready;
    hangUp.disabled = !inCall;
    mute.disabled = !inCall;
    mute.setAttribute('aria-pressed', String(model.muted));
    replace(ringing, [...model.incoming].map(([id, { from }]) => {
      const accept = h('button', { type: 'button', class: 'primary' }, 'Accept');
      const reject = h('button', { type: 'button', class: 'danger' }, 'Reject');
      accept.addEventListener('click', () => busy(accept, () => model.accept(id)));
      reject.addEventListener('click', () => busy(reject, () => model.reject(id)));
      return h('li', { class: 'incoming' },
        h('p', {}, 'Incoming call from ', h('strong', {}, from)), accept, reject);
    }));
  }

  let unsubscribe = () => {};
  phone.then((ready) => {
    if (!ready) {
      status.textContent = 'The phone is not available (see the error above).';
      return;
    }
    model = ready;
    unsubscribe = model.on('change', update);
    update();
  });

  loadCallerIds(api, callerId).catch(showError);
  to.focus();
  return () => unsubscribe();
}

/** "+14155550100 (Front desk)"; a name that is only the number written out is left off. */
function optionText(number) {
  const name = number.friendlyName ?? '';
  return /[a-z]/i.test(name) ? `${number.phoneNumber} (${name})` : number.phoneNumber;
}

async function loadCallerIds(api, select) {
  const numbers = (await listAll(api, '/v1/numbers', { active: true }))
    .filter((n) => !n.releasedAt && n.capabilities?.voice);
  replace(select, numbers.length
    ? numbers.map((n) => h('option', { value: n.phoneNumber }, optionText(n)))
    : h('option', { value: '' }, 'No number of yours yet'));
}
