// The Phone page with a real Twilio account's channel (`GET /v1/phone` answering
// voice-sdk, which the test stands in for): the vendored Voice SDK loads from the binary
// under the console's CSP, registers on Twilio's signalling socket with a token from
// `GET /v1/voice/token?ttl=3600`, renews it on tokenWillExpire, rings on an invite, stops
// ringing when another device takes the call, and rejects. Twilio's hosts are answered by
// the test (the socket speaks the few signalling messages the SDK needs), so nothing
// leaves the machine.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import {
  api, assertClean, launchBrowser, newPage, ownNumber, signIn, simulate, startServer,
} from './support.mjs';

const CALLER = '+14155550111';
const TWILIO = /(^|\.)twilio\.com$/;
let server;
let browser;
let sound;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  // The SDK fetches its ringtones from sdk.twilio.com: the test answers with a real MP3,
  // a voicemail the stand-in recorded.
  const number = (await ownNumber(server)).phoneNumber;
  const { code, output } = await simulate(server, ['call', '--to', number, '--no-answer']).done;
  assert.equal(code, 0, output);
  const [voicemail] = (await api(server).get('/v1/recordings?kind=voicemail')).items;
  sound = Buffer.from(await (await fetch(`${server.url}${voicemail.mediaUrl}`)).arrayBuffer());
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** Twilio's signalling socket as far as the SDK needs it; `next(type)` waits for a message. */
function signalling(context, firstTtl) {
  const received = [];
  const waiting = [];
  let socket = null;
  let listens = 0;
  const deliver = () => {
    for (const wait of [...waiting]) {
      const index = received.findIndex((m) => m.type === wait.type);
      if (index >= 0) {
        waiting.splice(waiting.indexOf(wait), 1);
        wait.resolve(received.splice(index, 1)[0]);
      }
    }
  };
  const reply = (type, payload) => socket.send(JSON.stringify({ type, payload }));
  return {
    async install() {
      await context.routeWebSocket(/twilio\.com/, (ws) => {
        socket = ws;
        ws.onMessage((text) => {
          const message = JSON.parse(String(text));
          if (message.type === 'listen') {
            listens += 1;
            // The first token "expires" in 11 s: the SDK says tokenWillExpire 10 s early.
            const ttl = listens === 1 ? firstTtl : 3600;
            reply('connected', { region: 'gll', home: 'gll', token: { identity: 'demo', ttl } });
          }
          if (message.type === 'register') reply('ready', {});
          received.push(message);
          deliver();
        });
      });
    },
    next: (type) => new Promise((resolve) => {
      waiting.push({ type, resolve });
      deliver();
    }),
    reply,
  };
}

async function sdkPage() {
  const opened = await newPage(browser, server, { intercepted: TWILIO });
  const { page, context } = opened;
  await context.route(/twilio\.com/, (route) => route.fulfill(route.request().url().includes('.mp3')
    ? { status: 200, contentType: 'audio/mpeg', body: sound }
    : { status: 200, contentType: 'application/json', body: '{}' }));
  await page.route('**/v1/phone', (route) => route.fulfill({
    status: 200, contentType: 'application/json',
    body: JSON.stringify({ channel: 'voice-sdk', identity: 'demo' }),
  }));
  // The tokens the API issues, noted as they pass (before the page sees them).
  const tokens = [];
  await page.route('**/v1/voice/token?*', async (route) => {
    const response = await route.fetch();
    const { token } = await response.json();
    tokens.push({ query: new URL(route.request().url()).search, token });
    await route.fulfill({ response });
  });
  return { ...opened, tokens };
}

test('the SDK registers with the API\'s token and renews it on tokenWillExpire', async () => {
  const { page, context, problems, tokens } = await sdkPage();
  const socket = signalling(context, 11);
  await socket.install();
  await signIn(page, server);
  const first = await socket.next('listen');
  await socket.next('register');
  await page.getByRole('status').filter({ hasText: 'Ready' }).waitFor();
  const scripts = await page.evaluate(() => [...document.scripts].map((s) => new URL(s.src).pathname));
  assert.deepEqual(scripts, ['/console/main.js', '/console/vendor/twilio.min.js']);
  assert.equal(first.payload.token, tokens[0].token);

  const renewed = await socket.next('listen');
  assert.equal(tokens.length, 2);
  assert.deepEqual(tokens.map((t) => t.query), ['?ttl=3600', '?ttl=3600']);
  assert.equal(renewed.payload.token, tokens[1].token);
  assertClean(problems);
});

test('an invite rings; another device taking it stops the ringing; Reject rejects', async () => {
  const { page, context, problems } = await sdkPage();
  const socket = signalling(context, 3600);
  await socket.install();
  await signIn(page, server);
  await page.getByRole('status').filter({ hasText: 'Ready' }).waitFor();
  const sdp = ['v=0', 'o=- 1 2 IN IP4 127.0.0.1', 's=-', 't=0 0',
    'm=audio 9 UDP/TLS/RTP/SAVPF 0', 'c=IN IP4 0.0.0.0', 'a=rtpmap:0 PCMU/8000', 'a=sendrecv', '']
    .join('\r\n');
  const invite = (callsid) => socket.reply('invite', {
    callsid, sdp, parameters: { CallSid: callsid, From: CALLER, To: 'client:demo', AccountSid: 'AC0' },
  });

  invite('CA0000000000000000000000000000001a');
  await page.getByRole('status').filter({ hasText: `Incoming call from ${CALLER}` }).waitFor();
  socket.reply('cancel', { callsid: 'CA0000000000000000000000000000001a' });
  await page.getByRole('status').filter({ hasText: 'answered on another device, or the caller hung up' }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Accept' }).count(), 0);

  invite('CA0000000000000000000000000000001b');
  const ringing = page.getByRole('listitem').filter({ hasText: CALLER });
  await ringing.getByRole('button', { name: 'Reject' }).click();
  const rejected = await socket.next('reject');
  assert.equal(rejected.payload.callsid, 'CA0000000000000000000000000000001b');
  await page.getByRole('status').filter({ hasText: `Rejected the call from ${CALLER}` }).waitFor();
  assertClean(problems);
});
