// The Messages page: send a text, see it listed and moving along; an inbound text listed
// after Refresh; a refused one's error in the alert.

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
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('send a text, receive one, and see an error', async () => {
  const { page, problems } = await newPage(browser, server);
  await signIn(page, server, undefined, 'Messages');
  await page.getByText('No messages yet').waitFor();

  await page.getByRole('textbox', { name: 'To' }).fill('+14155550123');
  await page.getByRole('textbox', { name: 'Message' }).fill('Hello from the console');
  await page.getByRole('button', { name: 'Send' }).click();
  const list = page.getByRole('list', { name: 'Messages' }).getByRole('listitem');
  const sent = list.filter({ hasText: 'Hello from the console' });
  await sent.waitFor();
  assert.match(await sent.innerText(), /To \+14155550123/);
  assert.equal(await page.getByRole('textbox', { name: 'Message' }).inputValue(), '');

  const { code, output } = await simulate(server,
    ['sms', '--to', number, '--from', '+14155550111', '--body', 'Hi back']).done;
  assert.equal(code, 0, output);
  // The stand-in moves the sent text along by itself; Refresh shows where it is.
  await page.getByRole('button', { name: 'Refresh' }).click();
  const received = list.filter({ hasText: 'Hi back' });
  await received.waitFor();
  assert.match(await received.innerText(), /From \+14155550111/);
  assert.equal(await list.count(), 2);

  await page.getByRole('textbox', { name: 'To' }).fill('not a number');
  await page.getByRole('textbox', { name: 'Message' }).fill('x');
  await page.getByRole('button', { name: 'Send' }).click();
  await page.getByRole('alert').filter({ hasText: 'to' }).waitFor();
  assertClean(problems, { statuses: [400] });
});
