// The Forwarding page: for a chosen number, add rules, see the API's refusals (a second
// enabled rule of a type, a loop) in the alert, disable and delete a rule.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import {
  api, assertClean, launchBrowser, newPage, ownNumber, signIn, startServer,
} from './support.mjs';

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

test('add, refuse, disable and delete forwarding rules of a number', async () => {
  const first = await ownNumber(server);
  const second = await ownNumber(server);
  const { page, problems } = await newPage(browser, server);
  await signIn(page, server, undefined, 'Forwarding');
  await page.getByRole('combobox', { name: 'Number' }).selectOption({ label: second.phoneNumber });
  await page.getByText('No rule').waitFor();

  const add = async (forwardTo, type, timeout) => {
    await page.getByRole('textbox', { name: 'Forward to' }).fill(forwardTo);
    await page.getByRole('combobox', { name: 'Type' }).selectOption(type);
    if (timeout) await page.getByRole('spinbutton', { name: 'Ring timeout' }).fill(String(timeout));
    await page.getByRole('button', { name: 'Add rule' }).click();
  };
  const rules = page.getByRole('list', { name: 'Rules' }).getByRole('listitem');

  await add('+14155550123', 'always');
  const always = rules.filter({ hasText: '+14155550123' });
  await always.waitFor();
  assert.equal(await always.getByRole('checkbox', { name: 'Enabled' }).isChecked(), true);

  await add('(415) 555-0124', 'no-answer', 15);
  const noAnswer = rules.filter({ hasText: '+14155550124' });
  await noAnswer.waitFor();
  assert.match(await noAnswer.innerText(), /after 15 s/);

  // A second enabled "always" rule: rule_conflict, in the alert.
  await add('+14155550125', 'always');
  await page.getByRole('alert').filter({ hasText: 'already has an enabled rule' }).waitFor();

  // The first number forwards always to the second, which forwards always back: a loop.
  await api(server).post(`/v1/numbers/${first.id}/forwarding-rules`, { forwardTo: second.phoneNumber, type: 'always' });
  await always.getByRole('checkbox', { name: 'Enabled' }).uncheck();
  await add(first.phoneNumber, 'always');
  await page.getByRole('alert').filter({ hasText: 'loop' }).waitFor();

  // The disabled rule stayed disabled at the API; deleting it removes it.
  const stored = await api(server).get(`/v1/numbers/${second.id}/forwarding-rules`);
  assert.equal(stored.items.find((r) => r.forwardTo === '+14155550123').enabled, false);
  await always.getByRole('button', { name: 'Delete' }).click();
  await always.waitFor({ state: 'detached' });
  assert.equal(await rules.count(), 1);
  assertClean(problems, { statuses: [409] });
});
