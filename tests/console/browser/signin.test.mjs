// Signing in: the `#token=` link serve prints (moved to sessionStorage, gone from the
// address bar), pasting a token, signing out, and a 401 sending the user back to sign-in
// with a message.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { assertClean, launchBrowser, newPage, startServer } from './support.mjs';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const stored = (page) => page.evaluate(() => sessionStorage.getItem('switchboard.token'));

test('the link serve prints signs in, keeping the token in sessionStorage, not the address bar', async () => {
  assert.ok(server.consoleLink?.includes('/console/#token='), 'serve prints the console link');
  const { page, problems } = await newPage(browser, server);
  await page.goto(server.consoleLink);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Phone' }).waitFor();
  assert.equal(await stored(page), server.env.USER_TOKEN);
  assert.ok(!page.url().includes('token'), page.url());
  assert.equal(new URL(page.url()).hash, '#/phone');
  // A reload stays signed in (same tab, same sessionStorage).
  await page.reload();
  await page.getByRole('link', { name: 'Numbers' }).waitFor();
  assertClean(problems);
});

test('a pasted token signs in, and Sign out clears it', async () => {
  const { page, problems } = await newPage(browser, server);
  await page.goto(`${server.url}/console/`);
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await page.getByRole('textbox', { name: 'Bearer token' }).fill(server.env.USER_TOKEN);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('status').filter({ hasText: 'Ready' }).waitFor();
  assert.equal(await stored(page), server.env.USER_TOKEN);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  assert.equal(await stored(page), null);
  assert.equal(await page.getByRole('link', { name: 'Phone' }).count(), 0);
  assertClean(problems);
});

test('a token the API refuses returns to sign-in with a message in the alert', async () => {
  const { page, problems } = await newPage(browser, server);
  await page.goto(`${server.url}/console/`);
  await page.getByRole('textbox', { name: 'Bearer token' }).fill('not.a.token');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('alert').filter({ hasText: 'Your session has expired' }).waitFor();
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  assert.equal(await stored(page), null);
  // The browser itself reports the refused requests' 401s; nothing else went wrong.
  assertClean(problems, { statuses: [401] });
});

test('a 401 in the middle of a session (the token expired) signs out with the message', async () => {
  const { page, problems } = await newPage(browser, server);
  await page.goto(server.consoleLink);
  await page.getByRole('status').filter({ hasText: 'Ready' }).waitFor();
  // The token "expires": from now on the API answers 401, as it does for an expired one.
  await page.route('**/v1/**', (route) => route.fulfill({
    status: 401,
    contentType: 'application/problem+json',
    body: JSON.stringify({ status: 401, code: 'unauthorized', title: 'Unauthorized', detail: 'the token has expired' }),
  }));
  await page.getByRole('link', { name: 'Numbers' }).click();
  await page.getByRole('alert').filter({ hasText: 'Your session has expired' }).waitFor();
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  assert.equal(await stored(page), null);
  assertClean(problems, { statuses: [401] });
});
