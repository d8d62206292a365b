// The Twilio Voice JS SDK behind the phone interface (a real Twilio account). `Device` is
// the SDK's `Twilio.Device` class (a fake in the unit tests). Every tab registers the same
// identity, so Twilio rings them all; when one accepts, the others' calls get `cancel`.

import { Emitter, TERMINAL } from './events.js';

/** Seconds an access token lives; the SDK says `tokenWillExpire` before it runs out. */
export const TOKEN_TTL = 3600;

export function createSdkPhone({ api, Device, ttl = TOKEN_TTL }) {
  const events = new Emitter();
  const calls = new Map(); // id -> {call, direction, from, to, state}
  let device = null;
  let current = null; // id of the call in progress here
  let outgoing = 0;

  async function freshToken() {
    const answer = await api.get('/v1/voice/token', { query: { ttl } });
    return answer.token;
  }

  function publish(id, state, reason = null) {
    const entry = calls.get(id);
    if (!entry || TERMINAL.has(entry.state)) return;
    entry.state = state;
    if (state === 'in-progress') current = id;
    if (TERMINAL.has(state)) {
      calls.delete(id);
      if (current === id) current = null;
    }
    events.emit('state', {
      id, direction: entry.direction, state, reason, from: entry.from, to: entry.to,
    });
  }

  function track(id, call, direction, from, to) {
    calls.set(id, { call, direction, from, to, state: 'ringing' });
    call.on('accept', () => publish(id, 'in-progress'));
    call.on('ringing', () => publish(id, 'ringing'));
    call.on('disconnect', () => publish(id, 'completed'));
    // Twilio cancels a ringing call when the caller hangs up or another device answers.
    call.on('cancel', () => publish(id, 'canceled',
      direction === 'inbound' ? 'answered on another device, or the caller hung up' : null));
    call.on('reject', () => publish(id, 'rejected'));
    call.on('error', (error) => publish(id, 'failed', error?.message ?? 'The call failed'));
  }

  function entryOf(id) {
    const entry = calls.get(id ?? current);
    if (!entry) throw new Error('No such call');
    return entry;
  }

  return {
    on: (type, listener) => events.on(type, listener),

    async start() {
      if (device) return;
      device = new Device(await freshToken(), { closeProtection: true });
      device.on('tokenWillExpire', async () => {
        try {
          device?.updateToken(await freshToken());
        } catch (error) {
          events.emit('error', { message: `Phone: could not renew the token: ${error.message}` });
        }
      });
      device.on('error', (error) => {
        events.emit('error', { message: `Phone: ${error?.message ?? 'the Voice SDK failed'}` });
      });
      device.on('incoming', (call) => {
        const id = call.parameters?.CallSid ?? `in-${calls.size + 1}`;
        const from = call.parameters?.From ?? '';
        const to = call.parameters?.To ?? '';
        track(id, call, 'inbound', from, to);
        events.emit('incoming', { id, from, to });
      });
      await device.register();
    },

    stop() {
      for (const { call } of calls.values()) call.disconnect?.();
      calls.clear();
      current = null;
      device?.destroy();
      device = null;
    },

    async call(to, callerId) {
      if (!device) throw new Error('The phone is not started');
      const params = callerId ? { To: to, CallerId: callerId } : { To: to };
      const call = await device.connect({ params });
      outgoing += 1;
      const id = `out-${outgoing}`;
      track(id, call, 'outbound', callerId ?? null, to);
      current = id;
      events.emit('state', { id, direction: 'outbound', state: 'ringing', reason: null, from: callerId ?? null, to });
      return id;
    },

    async accept(id) {
      entryOf(id).call.accept();
    },

    async reject(id) {
      entryOf(id).call.reject();
      publish(id, 'rejected');
    },

    async hangup(id) {
      entryOf(id).call.disconnect();
    },

    setMuted(muted) {
      const entry = calls.get(current);
      entry?.call.mute(Boolean(muted));
      return Boolean(muted);
    },

    sendDigits(digits) {
      calls.get(current)?.call.sendDigits(digits);
    },
  };
}
