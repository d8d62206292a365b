// The Phone page against the default run's local phone channel: an outgoing call from the
// dial pad (listed in History as outbound-browser), an inbound call from `switchboard
// simulate call` accepted, one rejected to voicemail, and two tabs ringing where accepting
// on one stops the other. The screenshot in the README is taken here.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import {
  REPO, assertClean, launchBrowser, newPage, ownNumber, signIn, simulate, startServer,
} from './support.mjs';

const CALLER = '+14155550111';
let server;
let browser;
let number;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  number = (await ownNumber(server)).phoneNumber;
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const status = (page, text) => page.getByRole('status').filter({ hasText: text });

async function openPhone(page) {
  await signIn(page, server);
  await status(page, 'Ready').waitFor();
}

test('the dial pad places a call that History lists as outbound-browser', async () => {
  const { page, problems } = await newPage(browser, server);
  await openPhone(page);
  for (const key of '4155550123') await page.getByRole('button', { name: key, exact: true }).click();
  const box = page.getByRole('textbox', { name: 'Number to call' });
  assert.equal(await box.inputValue(), '4155550123');
  await page.getByRole('combobox', { name: 'Caller ID' }).selectOption(number);
  await page.getByRole('button', { name: 'Call', exact: true }).click();
  await status(page, 'In call with 4155550123').waitFor();

  const mute = page.getByRole('button', { name: 'Mute' });
  await mute.click();
  assert.equal(await mute.getAttribute('aria-pressed'), 'true');
  await mute.click();
  assert.equal(await mute.getAttribute('aria-pressed'), 'false');

  await page.getByRole('button', { name: 'Hang up' }).click();
  await status(page, 'Call with 4155550123 ended').waitFor();

  await page.getByRole('link', { name: 'History' }).click();
  const row = page.getByRole('row').filter({ hasText: 'outbound-browser' });
  await row.waitFor();
  const text = await row.innerText();
  assert.match(text, /\+14155550123/);
  assert.ok(text.includes(number), text);
  assertClean(problems);
});

test('an inbound call rings the Phone page with the caller\'s number, and Accept answers it', async () => {
  const { page, problems } = await newPage(browser, server);
  await openPhone(page);
  // On another page, a banner says the phone rings and leads to it.
  await page.getByRole('link', { name: 'Numbers' }).click();
  const call = simulate(server, ['call', '--to', number, '--from', CALLER]);
  await page.getByText(`Incoming call from ${CALLER}.`).waitFor();
  await page.getByRole('link', { name: 'Answer it on the Phone page' }).click();
  await status(page, `Incoming call from ${CALLER}`).waitFor();
  const ringing = page.getByRole('listitem').filter({ hasText: CALLER });
  await ringing.getByRole('button', { name: 'Accept' }).click();
  await status(page, `In call with ${CALLER}`).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Accept' }).count(), 0);
  await page.getByRole('button', { name: 'Hang up' }).click();
  const { code, output } = await call.done;
  assert.equal(code, 0, output);
  assert.match(output, /completed/);
  await status(page, `Call with ${CALLER} ended`).waitFor();
  assertClean(problems);
});

test('Reject sends the caller to voicemail, which History plays', async () => {
  const { page, problems } = await newPage(browser, server);
  await openPhone(page);
  const call = simulate(server, ['call', '--to', number, '--from', CALLER]);
  const ringing = page.getByRole('listitem').filter({ hasText: CALLER });
  await ringing.getByRole('button', { name: 'Reject' }).click();
  await status(page, `Rejected the call from ${CALLER}`).waitFor();
  const { code, output } = await call.done;
  assert.equal(code, 0, output);
  assert.match(output, /recorded/);

  await page.getByRole('link', { name: 'History' }).click();
  const voicemail = page.getByRole('listitem').filter({ hasText: CALLER })
    .filter({ has: page.locator('audio') }).first();
  await voicemail.waitFor();
  // The signed media URL plays in <audio> with no Authorization header.
  const duration = await voicemail.locator('audio').evaluate((audio) => new Promise((resolve, reject) => {
    audio.addEventListener('loadedmetadata', () => resolve(audio.duration), { once: true });
    audio.addEventListener('error', () => reject(new Error(`audio error ${audio.error?.code}`)), { once: true });
    audio.preload = 'metadata';
    audio.load();
  }));
  assert.ok(duration > 0, `duration ${duration}`);
  assertClean(problems);
});

test('every tab rings, and accepting on one stops the ringing on the other', async () => {
  const { page: first, problems, newTab } = await newPage(browser, server);
  const second = await newTab();
  await openPhone(first);
  await openPhone(second);
  const call = simulate(server, ['call', '--to', number, '--from', CALLER]);
  await status(first, `Incoming call from ${CALLER}`).waitFor();
  await status(second, `Incoming call from ${CALLER}`).waitFor();
  await first.screenshot({ path: `${REPO}docs/console.png` });

  await first.getByRole('button', { name: 'Accept' }).click();
  await status(first, `In call with ${CALLER}`).waitFor();
  await status(second, 'answered on another device').waitFor();
  assert.equal(await second.getByRole('button', { name: 'Accept' }).count(), 0);
  await first.getByRole('button', { name: 'Hang up' }).click();
  const { code, output } = await call.done;
  assert.equal(code, 0, output);
  assertClean(problems);
});
