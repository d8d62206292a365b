// What the Phone page shows, kept while the user moves between pages: whether the phone
// is listening, the call in progress here, the calls ringing, mute, and how the last call
// ended. It listens to a phone (see phone.js) and says 'change' when any of it changes.

import { Emitter, TERMINAL } from './events.js';

export function createPhoneModel(phone) {
  const changes = new Emitter();
  const model = {
    ready: false,
    current: null, // {id, direction, number, state}
    incoming: new Map(), // id -> {from, to}
    muted: false,
    note: null, // how the last call ended
    on: (type, listener) => changes.on(type, listener),
  };
  const changed = () => changes.emit('change', model);

  phone.on('incoming', ({ id, from, to }) => {
    model.incoming.set(id, { from, to });
    changed();
  });

  phone.on('state', (event) => {
    const ringing = model.incoming.get(event.id);
    if (ringing) {
      if (event.state === 'ringing') return;
      model.incoming.delete(event.id);
      if (event.state === 'in-progress') {
        model.current = { id: event.id, direction: 'inbound', number: ringing.from, state: event.state };
        model.note = null;
      } else {
        model.note = describeEnd('inbound', event.state, ringing.from, event.reason);
      }
    } else if (model.current?.id === event.id || (!model.current && !TERMINAL.has(event.state))) {
      const number = event.direction === 'inbound' ? event.from : event.to;
      if (TERMINAL.has(event.state)) {
        model.current = null;
        model.muted = false;
        model.note = describeEnd(event.direction, event.state, number, event.reason);
      } else {
        model.current = { id: event.id, direction: event.direction, number, state: event.state };
        model.note = null;
      }
    } else {
      return;
    }
    changed();
  });

  model.start = async () => {
    await phone.start();
    model.ready = true;
    changed();
  };
  model.stop = () => phone.stop();
  model.call = async (to, callerId) => {
    model.note = null;
    await phone.call(to, callerId);
  };
  model.accept = (id) => phone.accept(id);
  model.reject = (id) => phone.reject(id);
  model.hangup = async () => {
    if (model.current) await phone.hangup(model.current.id);
  };
  model.toggleMute = () => {
    if (!model.current) return;
    model.muted = phone.setMuted(!model.muted) ?? !model.muted;
    changed();
  };
  model.sendDigits = (digits) => {
    if (model.current?.state === 'in-progress') phone.sendDigits(digits);
  };
  return model;
}

/** The status line: what the phone is doing now. */
export function statusText(model) {
  const { current } = model;
  if (current) {
    if (current.state === 'in-progress') return `In call with ${current.number}`;
    return current.direction === 'inbound'
      ? `Connecting ${current.number}…`
      : `Calling ${current.number}…`;
  }
  const [first] = model.incoming.values();
  if (first) return `Incoming call from ${first.from}`;
  if (model.note) return model.note;
  return model.ready ? 'Ready' : 'Connecting the phone…';
}

/** How a call ended, for people. */
export function describeEnd(direction, state, number, reason) {
  const inbound = direction === 'inbound';
  const text = {
    completed: `Call with ${number} ended`,
    busy: `${number} is busy`,
    'no-answer': inbound ? `Missed call from ${number}` : `No answer from ${number}`,
    canceled: inbound ? `Missed call from ${number}` : `Call to ${number} canceled`,
    failed: inbound ? `Call from ${number} failed` : `Call to ${number} failed`,
    rejected: `Rejected the call from ${number}`,
    'answered-elsewhere': `Call from ${number} answered on another device`,
    'rejected-elsewhere': `Call from ${number} rejected on another device`,
  }[state] ?? `Call ${state}`;
  return reason ? `${text}: ${reason}` : text;
}
