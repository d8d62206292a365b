// The local phone channel: calls through the app and its Twilio stand-in, no audio. A long
// poll of `GET /v1/phone/events` brings incoming calls and state changes; placing,
// accepting, rejecting and hanging up are POSTs (see the phone channel's contract).

import { Emitter, TERMINAL } from './events.js';

const sleepFor = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** How long to wait before the nth retry of a failed poll: 1 s, 2 s, 4 s ... at most 10 s. */
export function retryDelay(failures) {
  return Math.min(1000 * 2 ** failures, 10_000);
}

/**
 * A phone over the local channel. `api` is the console's API client; `wait` the long-poll
 * seconds; `sleep` and `delay` are injectable for tests.
 */
export function createLocalPhone({ api, wait = 20, sleep = sleepFor, delay = retryDelay }) {
  const events = new Emitter();
  // callSid -> {direction, from, to, state, here}: calls this tab rings or placed; `here`
  // once this tab placed, accepted or rejected it.
  const calls = new Map();
  // Events for a callSid not known yet (an outgoing call's events can come before the
  // POST's answer does), the latest few.
  const early = new Map();
  let controller = null;
  let next = null;
  let muted = false;

  function publish(callSid, call, state, reason = null) {
    call.state = state;
    events.emit('state', {
      id: callSid, direction: call.direction, state, reason, from: call.from, to: call.to,
    });
    if (TERMINAL.has(state)) calls.delete(callSid);
  }

  function handle(event) {
    if (event.type === 'incoming') {
      if (calls.has(event.callSid)) return;
      calls.set(event.callSid, {
        direction: 'inbound', from: event.from, to: event.to, state: 'ringing', here: false,
      });
      events.emit('incoming', { id: event.callSid, from: event.from, to: event.to });
      return;
    }
    const call = calls.get(event.callSid);
    if (!call) {
      early.set(event.callSid, event);
      if (early.size > 20) early.delete(early.keys().next().value);
      return;
    }
    if (event.state === call.state) return;
    if (call.direction === 'inbound' && event.state === 'busy') {
      // A tab rejected it (the stand-in reports the browser leg busy): this one, or another.
      publish(event.callSid, call, call.here ? 'rejected' : 'rejected-elsewhere');
      return;
    }
    if (call.direction === 'inbound' && !call.here && event.state === 'in-progress') {
      publish(event.callSid, call, 'answered-elsewhere', event.reason ?? null);
      return;
    }
    publish(event.callSid, call, event.state, event.reason ?? null);
  }

  /** Accepts or rejects on this tab: the call's events from then on are this tab's doing. */
  async function decide(callSid, decision) {
    const call = calls.get(callSid);
    if (call) call.here = true;
    try {
      await api.post(`/v1/phone/calls/${encodeURIComponent(callSid)}/${decision}`);
    } catch (error) {
      if (call) call.here = false;
      throw error;
    }
  }

  async function poll(signal) {
    let failures = 0;
    while (!signal.aborted) {
      try {
        const page = await api.get('/v1/phone/events', { query: { after: next, wait }, signal });
        failures = 0;
        next = page.next;
        for (const event of page.events) handle(event);
      } catch (error) {
        if (signal.aborted || error?.status === 401) return;
        if (failures === 0) events.emit('error', { message: `Phone: ${error.message}` });
        await sleep(delay(failures));
        failures += 1;
      }
    }
  }

  return {
    on: (type, listener) => events.on(type, listener),

    async start() {
      if (controller) return;
      controller = new AbortController();
      // Without `after`, the first answer is immediate and gives the current position.
      const first = await api.get('/v1/phone/events', { signal: controller.signal });
      next = first.next;
      poll(controller.signal);
    },

    stop() {
      controller?.abort();
      controller = null;
      calls.clear();
    },

    async call(to, callerId) {
      const body = callerId ? { to, callerId } : { to };
      const placed = await api.post('/v1/phone/calls', body);
      const call = { direction: 'outbound', from: callerId ?? null, to, state: null, here: true };
      calls.set(placed.callSid, call);
      publish(placed.callSid, call, placed.state ?? 'ringing');
      const buffered = early.get(placed.callSid);
      early.delete(placed.callSid);
      if (buffered) handle(buffered);
      return placed.callSid;
    },

    async accept(callSid) {
      await decide(callSid, 'accept');
      // The answer may come before the event: show it now; the event then changes nothing.
      const current = calls.get(callSid);
      if (current && current.state === 'ringing') publish(callSid, current, 'in-progress');
    },

    async reject(callSid) {
      await decide(callSid, 'reject');
      const current = calls.get(callSid);
      if (current) publish(callSid, current, 'rejected');
    },

    async hangup(callSid) {
      await api.post(`/v1/phone/calls/${encodeURIComponent(callSid)}/hangup`);
      const call = calls.get(callSid);
      if (call) publish(callSid, call, 'completed');
    },

    setMuted(value) {
      muted = Boolean(value);
      return muted;
    },

    sendDigits() {},
  };
}
