// The Voice SDK phone over a fake Device: registration with a fresh token, the token
// renewed on tokenWillExpire, incoming calls, outgoing calls, disconnects and errors.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { createSdkPhone } from '../../../crates/console/assets/phone/sdk.js';
import { FakeCall, FakeDevice, fakeApi, settle } from './fakes.mjs';

function sdkPhone({ tokens = ['token-1', 'token-2', 'token-3'], failToken = false } = {}) {
  const queue = [...tokens];
  const fake = fakeApi((request) => {
    if (request.path !== '/v1/voice/token') return { status: 404, body: {} };
    if (failToken && queue.length < tokens.length) {
      return { status: 503, problem: true, body: { status: 503, code: 'voice_not_configured', detail: 'no API key' } };
    }
    return { body: { token: queue.shift(), identity: 'user_1', expiresAt: '2030-01-01T00:00:00Z', numbers: [] } };
  });
  const phone = createSdkPhone({ api: fake.api, Device: FakeDevice });
  const seen = [];
  phone.on('incoming', (e) => seen.push(['incoming', e.id, e.from]));
  phone.on('state', (e) => seen.push(['state', e.id, e.state, e.reason]));
  phone.on('error', (e) => seen.push(['error', e.message]));
  return { phone, seen, ...fake };
}

test('start makes a Device with a fresh one-hour token and registers it', async () => {
  const { phone, requests } = sdkPhone();
  await phone.start();
  const device = FakeDevice.last;
  assert.deepEqual(requests.map((r) => [r.path, r.query]), [['/v1/voice/token', { ttl: '3600' }]]);
  assert.deepEqual(device.tokens, ['token-1']);
  assert.deepEqual(device.asked, ['register']);
});

test('tokenWillExpire fetches a new token and hands it to updateToken', async () => {
  const { phone, requests } = sdkPhone();
  await phone.start();
  const device = FakeDevice.last;
  device.fire('tokenWillExpire');
  await settle();
  device.fire('tokenWillExpire');
  await settle();
  assert.equal(requests.length, 3);
  assert.deepEqual(device.tokens, ['token-1', 'token-2', 'token-3']);
});

test('a token that cannot be renewed is reported as an error', async () => {
  const { phone, seen } = sdkPhone({ failToken: true });
  await phone.start();
  FakeDevice.last.fire('tokenWillExpire');
  await settle();
  assert.deepEqual(seen, [['error', 'Phone: could not renew the token: no API key']]);
  assert.deepEqual(FakeDevice.last.tokens, ['token-1']);
});

test('a Device error is reported', async () => {
  const { phone, seen } = sdkPhone();
  await phone.start();
  FakeDevice.last.fire('error', { code: 31005, message: 'Connection error' });
  assert.deepEqual(seen, [['error', 'Phone: Connection error']]);
});

test('an incoming call rings; accept answers it, mute mutes it, and its disconnect ends it', async () => {
  const { phone, seen } = sdkPhone();
  await phone.start();
  const call = new FakeCall({ CallSid: 'CA77', From: '+14155550100', To: 'client:user_1' });
  FakeDevice.last.fire('incoming', call);
  await phone.accept('CA77');
  call.fire('accept', call);
  phone.setMuted(true);
  phone.sendDigits('5');
  call.fire('disconnect', call);
  assert.deepEqual(call.asked, ['accept', 'mute:true', 'digits:5']);
  assert.deepEqual(seen, [
    ['incoming', 'CA77', '+14155550100'],
    ['state', 'CA77', 'in-progress', null],
    ['state', 'CA77', 'completed', null],
  ]);
});

test('an incoming call canceled (taken on another device, or the caller hung up) stops ringing', async () => {
  const { phone, seen } = sdkPhone();
  await phone.start();
  const call = new FakeCall({ CallSid: 'CA78', From: '+14155550100' });
  FakeDevice.last.fire('incoming', call);
  call.fire('cancel');
  call.fire('disconnect');
  assert.deepEqual(seen.slice(1),
    [['state', 'CA78', 'canceled', 'answered on another device, or the caller hung up']]);
});

test('rejecting an incoming call rejects it', async () => {
  const { phone, seen } = sdkPhone();
  await phone.start();
  const call = new FakeCall({ CallSid: 'CA79', From: '+14155550100' });
  FakeDevice.last.fire('incoming', call);
  await phone.reject('CA79');
  assert.deepEqual(call.asked, ['reject']);
  assert.deepEqual(seen.at(-1), ['state', 'CA79', 'rejected', null]);
});

test('an outgoing call connects with To and CallerId, and its error ends it with the reason', async () => {
  const { phone, seen } = sdkPhone();
  await phone.start();
  const id = await phone.call('+14155550123', '+16285550100');
  const [{ options, call }] = FakeDevice.last.connected;
  assert.deepEqual(options, { params: { To: '+14155550123', CallerId: '+16285550100' } });
  call.fire('accept', call);
  call.fire('error', { code: 31000, message: 'Media connection failed' });
  call.fire('disconnect');
  assert.deepEqual(seen, [
    ['state', id, 'ringing', null],
    ['state', id, 'in-progress', null],
    ['state', id, 'failed', 'Media connection failed'],
  ]);
});

test('hang up disconnects the call, and stop destroys the Device', async () => {
  const { phone } = sdkPhone();
  await phone.start();
  const id = await phone.call('+14155550123');
  const [{ options, call }] = FakeDevice.last.connected;
  assert.deepEqual(options, { params: { To: '+14155550123' } });
  await phone.hangup(id);
  assert.deepEqual(call.asked, ['disconnect']);
  const device = FakeDevice.last;
  phone.stop();
  assert.deepEqual(device.asked, ['register', 'destroy']);
  await assert.rejects(phone.call('+14155550123'), /not started/);
});
