// The browser phone behind one small interface, with two implementations:
//   local.js - the default run's channel through the app (`/v1/phone/...`, no WebRTC);
//   sdk.js   - the Twilio Voice JS SDK, for a real Twilio account.
// `GET /v1/phone` says which one this deployment uses.
//
// A phone has:
//   start(): Promise      starts receiving calls; resolves once it is listening
//   stop()                stops everything (sign-out)
//   call(to, callerId): Promise<id>   places a call; its progress comes as 'state' events
//   accept(id), reject(id): Promise   answers or refuses a ringing incoming call
//   hangup(id): Promise   ends a call placed or accepted here
//   setMuted(muted)       mutes the microphone of the current call (no-op with no audio)
//   sendDigits(digits)    DTMF on the current call (no-op with no audio)
//   on(type, listener): () => void    subscribes; returns the unsubscribe function
// and emits:
//   'incoming' {id, from, to}                       a call rings this phone
//   'state'    {id, direction, state, reason, from, to}   a call's new state: one of
//              ringing, in-progress, completed, busy, no-answer, canceled, failed, rejected,
//              answered-elsewhere or rejected-elsewhere (another tab of the user decided)
//   'error'    {message}                            something failed outside a request

import { createLocalPhone } from './local.js';
import { createSdkPhone } from './sdk.js';

export { Emitter, TERMINAL } from './events.js';

/** The SDK script, served by the binary. */
export const SDK_URL = '/console/vendor/twilio.min.js';

/** Loads a script by adding a <script src> element (never inline) and resolves when it ran. */
export function loadScript(src, doc = document) {
  return new Promise((resolve, reject) => {
    const script = doc.createElement('script');
    script.src = src;
    script.addEventListener('load', () => resolve());
    script.addEventListener('error', () => reject(new Error(`Could not load ${src}`)));
    doc.head.append(script);
  });
}

/** Loads the Voice SDK and gives its Device class. */
async function loadDevice() {
  if (!globalThis.Twilio?.Device) await loadScript(SDK_URL);
  if (!globalThis.Twilio?.Device) throw new Error('The Twilio Voice SDK did not load');
  return globalThis.Twilio.Device;
}

/** The phone this deployment uses, and its identity. */
export async function createPhone(api, { loadSdk = loadDevice } = {}) {
  const info = await api.get('/v1/phone');
  if (info.channel === 'voice-sdk') {
    const Device = await loadSdk();
    return { channel: info.channel, identity: info.identity, phone: createSdkPhone({ api, Device }) };
  }
  return { channel: info.channel, identity: info.identity, phone: createLocalPhone({ api }) };
}
