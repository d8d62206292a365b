// Every page at 375 px wide (no sideways scrolling, every named control visible) and at
// desktop width, and every control reachable with the keyboard alone.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import {
  PHONE, assertClean, launchBrowser, newPage, ownNumber, signIn, startServer,
} from './support.mjs';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const number = await ownNumber(server);
  await fetch(`${server.url}/v1/numbers/${number.id}/forwarding-rules`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${server.env.USER_TOKEN}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ forwardTo: '+14155550123', type: 'busy' }),
  });
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** The controls each page must show, as [role, name]. */
const CONTROLS = {
  Phone: [['textbox', 'Number to call'], ['combobox', 'Caller ID'], ['button', '5'],
    ['button', '#'], ['button', 'Call'], ['button', 'Hang up'], ['button', 'Mute']],
  Numbers: [['textbox', 'Area code'], ['button', 'Search'], ['textbox', 'Friendly name'],
    ['button', 'Save'], ['checkbox', 'Active'], ['button', 'Release']],
  Forwarding: [['combobox', 'Number'], ['textbox', 'Forward to'], ['combobox', 'Type'],
    ['spinbutton', 'Ring timeout'], ['button', 'Add rule'], ['checkbox', 'Enabled'], ['button', 'Delete']],
  History: [['table', 'Calls'], ['button', 'Refresh']],
  Messages: [['textbox', 'To'], ['textbox', 'Message'], ['button', 'Send']],
  Sessions: [['textbox', 'Greeting URL'], ['button', 'Create session']],
};

test('every page fits 375 px with its controls visible', async () => {
  const { page, problems } = await newPage(browser, server, { viewport: PHONE });
  await signIn(page, server);
  for (const [route, controls] of Object.entries(CONTROLS)) {
    await page.getByRole('link', { name: route, exact: true }).click();
    await page.getByRole('heading', { name: route, level: 1 }).waitFor();
    for (const [role, name] of controls) {
      await page.getByRole(role, { name, exact: true }).first().waitFor();
    }
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${route} scrolls sideways by ${overflow} px`);
  }
  assertClean(problems);
});

/** The accessible names of the elements Tab reaches, in order, from the top of the page. */
async function tabOrder(page, presses) {
  const names = [];
  await page.locator('body').focus();
  for (let i = 0; i < presses; i += 1) {
    await page.keyboard.press('Tab');
    names.push(await page.evaluate(() => {
      const el = document.activeElement;
      const label = el.closest('label')?.querySelector('span')?.textContent
        ?? el.closest('label')?.textContent;
      return (el.getAttribute('aria-label') || label || el.textContent || '').trim();
    }));
  }
  return names;
}

test('the keyboard reaches every control, and a call can be placed without the mouse', async () => {
  const { page, problems } = await newPage(browser, server);
  await signIn(page, server);
  await page.getByRole('status').filter({ hasText: 'Ready' }).waitFor();
  const order = await tabOrder(page, 24);
  for (const name of ['Phone', 'Numbers', 'Sessions', 'Sign out', 'Number to call', 'Caller ID',
    '1', '0', '#', 'Call']) {
    assert.ok(order.includes(name), `${name} in ${JSON.stringify(order)}`);
  }

  await page.getByRole('textbox', { name: 'Number to call' }).focus();
  await page.keyboard.type('+14155550123');
  await page.keyboard.press('Enter');
  await page.getByRole('status').filter({ hasText: 'In call with' }).waitFor();
  await page.getByRole('button', { name: 'Hang up' }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('status').filter({ hasText: 'ended' }).waitFor();

  await page.getByRole('link', { name: 'Forwarding' }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Forwarding', level: 1 }).waitFor();
  await page.getByRole('checkbox', { name: 'Enabled' }).waitFor();
  const forwarding = await tabOrder(page, 16);
  for (const name of ['Number', 'Enabled', 'Delete', 'Forward to', 'Type', 'Ring timeout', 'Add rule']) {
    assert.ok(forwarding.includes(name), `${name} in ${JSON.stringify(forwarding)}`);
  }
  assertClean(problems);
});
