// Fakes for the console's unit tests: a scripted fetch and a Voice SDK Device.

import { createApi } from '../../../crates/console/assets/api.js';

export const ASSETS = new URL('../../../crates/console/assets/', import.meta.url);

/**
 * A fetch that answers from `routes` (a function of {method, path, query, body} giving
 * {status, body} or a Promise of it) and records every request. A long poll that should
 * hang returns `fake.hang(signal)`.
 */
export function fakeFetch(routes) {
  const requests = [];
  const fetch = async (url, init = {}) => {
    const parsed = new URL(url, 'http://console.test');
    const request = {
      method: init.method ?? 'GET',
      path: parsed.pathname,
      query: Object.fromEntries(parsed.searchParams),
      headers: init.headers ?? {},
      body: init.body === undefined ? undefined : JSON.parse(init.body),
      signal: init.signal,
    };
    requests.push(request);
    const answer = await routes(request);
    const text = answer.body === undefined ? null : JSON.stringify(answer.body);
    return new Response(text, {
      status: answer.status ?? 200,
      headers: { 'Content-Type': answer.problem ? 'application/problem+json' : 'application/json' },
    });
  };
  return { fetch, requests };
}

/** A promise that rejects with an AbortError when `signal` aborts, and never resolves. */
export function hang(signal) {
  return new Promise((_, reject) => {
    signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
  });
}

/** An API client over a fake fetch, with token "t0k3n"; `auth.unauthorized` counts 401s. */
export function fakeApi(routes) {
  const fake = fakeFetch(routes);
  const auth = { unauthorized: 0 };
  const api = createApi({ token: () => 't0k3n', onUnauthorized: () => { auth.unauthorized += 1; }, fetch: fake.fetch });
  return { api, requests: fake.requests, auth };
}

/** Resolves once every pending promise callback has run. */
export const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

/** Something that can emit, as the SDK's Device and Call do (`on(name, fn)`). */
class Emits {
  listeners = new Map();

  on(name, listener) {
    if (!this.listeners.has(name)) this.listeners.set(name, []);
    this.listeners.get(name).push(listener);
    return this;
  }

  fire(name, ...args) {
    for (const listener of this.listeners.get(name) ?? []) listener(...args);
  }
}

/** A fake of the SDK's Call: records what was asked of it. */
export class FakeCall extends Emits {
  constructor(parameters = {}) {
    super();
    this.parameters = parameters;
    this.asked = [];
  }

  accept() { this.asked.push('accept'); }
  reject() { this.asked.push('reject'); }
  disconnect() { this.asked.push('disconnect'); }
  mute(muted) { this.asked.push(`mute:${muted}`); }
  sendDigits(digits) { this.asked.push(`digits:${digits}`); }
}

/** A fake of the SDK's `Twilio.Device` class; `FakeDevice.last` is the latest one made. */
export class FakeDevice extends Emits {
  static last = null;

  constructor(token, options) {
    super();
    this.tokens = [token];
    this.options = options;
    this.asked = [];
    this.connected = [];
    FakeDevice.last = this;
  }

  async register() { this.asked.push('register'); }
  updateToken(token) { this.tokens.push(token); }
  destroy() { this.asked.push('destroy'); }

  async connect(options) {
    const call = new FakeCall({});
    this.connected.push({ options, call });
    return call;
  }
}
