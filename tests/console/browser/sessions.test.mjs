// The Sessions page: create a voicemail session on a pool number, see it listed, expire
// it; and the pool being exhausted shown in the alert.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { api, assertClean, launchBrowser, newPage, signIn, startServer } from './support.mjs';

let server;
let browser;
let poolNumber;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  // The default run's pool, cut down to one number.
  const admin = api(server, server.env.ADMIN_TOKEN);
  const [kept, ...others] = (await admin.get('/v1/pool/numbers?limit=200')).items;
  for (const { phoneNumber } of others) {
    await admin.delete(`/v1/pool/numbers/${encodeURIComponent(phoneNumber)}`);
  }
  poolNumber = kept.phoneNumber;
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('create a session, see it, expire it, and meet an exhausted pool', async () => {
  const { page, problems } = await newPage(browser, server);
  await signIn(page, server, undefined, 'Sessions');
  await page.getByText('No session yet').waitFor();
  await page.getByRole('textbox', { name: 'Greeting URL' }).fill('https://example.com/greeting.mp3');
  await page.getByRole('button', { name: 'Create session' }).click();
  const session = page.getByRole('list', { name: 'Sessions' }).getByRole('listitem')
    .filter({ hasText: poolNumber });
  await session.waitFor();
  assert.match(await session.innerText(), /active/);
  assert.match(await session.innerText(), /greeting\.mp3/);

  // The pool's one number is leased: a second session finds none free.
  await page.getByRole('textbox', { name: 'Greeting URL' }).fill('https://example.com/other.mp3');
  await page.getByRole('button', { name: 'Create session' }).click();
  await page.getByRole('alert').filter({ hasText: 'No pool number is free' }).waitFor();

  await session.getByRole('button', { name: 'Expire' }).click();
  await session.filter({ hasText: 'expired' }).waitFor();
  const [stored] = (await api(server).get('/v1/voicemail-sessions')).items;
  assert.equal(stored.status, 'expired');
  assertClean(problems, { statuses: [409] });
});
