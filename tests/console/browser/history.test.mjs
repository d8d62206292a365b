// The History page: the calls table (From, To, Status, Duration, Started; the direction
// shown), paged with the API's cursor, each voicemail playable; and the voicemail list.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import {
  assertClean, launchBrowser, newPage, ownNumber, signIn, simulate, startServer,
} from './support.mjs';

let server;
let browser;
let number;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  number = (await ownNumber(server)).phoneNumber;
  // 21 calls nobody answers (no console is listening yet): each leaves a voicemail.
  for (let i = 0; i < 21; i += 1) {
    const caller = `+1415555${String(1000 + i)}`;
    const { code, output } = await simulate(server, ['call', '--to', number, '--from', caller, '--no-answer']).done;
    assert.equal(code, 0, output);
  }
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('calls are listed newest first in pages, with their recordings playable', async () => {
  const { page, problems } = await newPage(browser, server);
  await signIn(page, server, undefined, 'History');
  const table = page.getByRole('table', { name: 'Calls' });
  const headers = await table.getByRole('columnheader').allInnerTexts();
  for (const name of ['From', 'To', 'Status', 'Duration', 'Started']) assert.ok(headers.includes(name), headers);
  const rows = table.getByRole('row').filter({ hasText: number });
  await rows.filter({ hasText: '+14155551020' }).waitFor();
  assert.equal(await rows.count(), 20);
  const newest = await rows.first().innerText();
  assert.match(newest, /inbound/);
  assert.match(newest, /\+14155551020/);
  assert.match(newest, /completed/);
  // Each call's voicemail has a player whose source is the signed media URL.
  const audio = rows.first().locator('audio');
  await audio.waitFor({ state: 'attached' });
  assert.match(await audio.getAttribute('src'), /^\/v1\/recordings\/RE\w+\/media\?.*signature=/);

  await page.getByRole('button', { name: 'Older' }).click();
  await rows.filter({ hasText: '+14155551000' }).waitFor();
  assert.equal(await rows.count(), 1);
  assert.equal(await page.getByRole('button', { name: 'Older' }).isDisabled(), true);
  await page.getByRole('button', { name: 'Newer' }).click();
  await rows.filter({ hasText: '+14155551020' }).waitFor();
  assert.equal(await rows.count(), 20);

  const voicemails = page.getByRole('list', { name: 'Voicemails' }).getByRole('listitem');
  await voicemails.filter({ hasText: '+14155551020' }).waitFor();
  assert.equal(await voicemails.locator('audio').count(), 20);
  assertClean(problems);
});
