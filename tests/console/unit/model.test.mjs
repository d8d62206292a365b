// What the Phone page shows as calls come and go.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { Emitter } from '../../../crates/console/assets/phone/events.js';
import { createPhoneModel, statusText } from '../../../crates/console/assets/phone/model.js';

function fakePhone() {
  const events = new Emitter();
  const asked = [];
  return {
    events,
    asked,
    on: (type, listener) => events.on(type, listener),
    start: async () => asked.push('start'),
    stop: () => asked.push('stop'),
    call: async (to, callerId) => asked.push(`call ${to} ${callerId}`),
    accept: async (id) => asked.push(`accept ${id}`),
    reject: async (id) => asked.push(`reject ${id}`),
    hangup: async (id) => asked.push(`hangup ${id}`),
    setMuted: (muted) => muted,
    sendDigits: (digits) => asked.push(`digits ${digits}`),
  };
}

const inbound = { direction: 'inbound', from: '+14155550100', to: '+16285550100', reason: null };

test('connecting, ready, ringing, in a call, and how it ended', async () => {
  const phone = fakePhone();
  const model = createPhoneModel(phone);
  assert.equal(statusText(model), 'Connecting the phone…');
  await model.start();
  assert.equal(statusText(model), 'Ready');
  phone.events.emit('incoming', { id: 'CA1', from: '+14155550100', to: '+16285550100' });
  assert.equal(statusText(model), 'Incoming call from +14155550100');
  phone.events.emit('state', { id: 'CA1', state: 'in-progress', ...inbound });
  assert.equal(statusText(model), 'In call with +14155550100');
  assert.equal(model.incoming.size, 0);
  model.toggleMute();
  assert.equal(model.muted, true);
  await model.hangup();
  assert.deepEqual(phone.asked, ['start', 'hangup CA1']);
  phone.events.emit('state', { id: 'CA1', state: 'completed', ...inbound });
  assert.equal(statusText(model), 'Call with +14155550100 ended');
  assert.equal(model.muted, false, 'mute ends with the call');
});

test('a call taken on another tab stops ringing here and says so', async () => {
  const phone = fakePhone();
  const model = createPhoneModel(phone);
  await model.start();
  phone.events.emit('incoming', { id: 'CA2', from: '+14155550100', to: '+16285550100' });
  phone.events.emit('state', { id: 'CA2', state: 'answered-elsewhere', ...inbound });
  assert.equal(model.incoming.size, 0);
  assert.equal(model.current, null);
  assert.equal(statusText(model), 'Call from +14155550100 answered on another device');
});

test('an outgoing call: calling, then busy with its reason', async () => {
  const phone = fakePhone();
  const model = createPhoneModel(phone);
  await model.start();
  const outbound = { direction: 'outbound', from: '+16285550100', to: '+14155550123' };
  phone.events.emit('state', { id: 'CA3', state: 'ringing', reason: null, ...outbound });
  assert.equal(statusText(model), 'Calling +14155550123…');
  phone.events.emit('state', { id: 'CA3', state: 'failed', reason: 'That number is not valid', ...outbound });
  assert.equal(statusText(model), 'Call to +14155550123 failed: That number is not valid');
  assert.equal(model.current, null);
});

test('mute and digits do nothing without a call', async () => {
  const phone = fakePhone();
  const model = createPhoneModel(phone);
  await model.start();
  model.toggleMute();
  model.sendDigits('1');
  assert.equal(model.muted, false);
  assert.deepEqual(phone.asked, ['start']);
});
