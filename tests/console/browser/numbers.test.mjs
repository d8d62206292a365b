// The Numbers page: search by area code, buy, rename, switch off, and release after a
// confirmation (cancelled once, then confirmed); and an API error shown in the alert.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { api, assertClean, launchBrowser, newPage, signIn, startServer } from './support.mjs';

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

const owned = async () => (await api(server).get('/v1/numbers')).items;

test('search, buy, rename, deactivate and release a number', async () => {
  const { page, problems } = await newPage(browser, server);
  await signIn(page, server, undefined, 'Numbers');
  await page.getByText('You have no number yet').waitFor();

  await page.getByRole('textbox', { name: 'Area code' }).fill('415');
  await page.getByRole('button', { name: 'Search' }).click();
  const results = page.getByRole('list', { name: 'Available numbers' }).getByRole('listitem');
  await results.first().getByRole('button', { name: 'Buy' }).waitFor();
  const wanted = (await results.first().innerText()).match(/\+\d{11}/)[0];
  await results.first().getByRole('button', { name: 'Buy' }).click();

  const mine = page.getByRole('list', { name: 'Your numbers' }).getByRole('listitem').filter({ hasText: wanted });
  await mine.waitFor();
  const [bought] = await owned();
  assert.equal(bought.phoneNumber, wanted);

  await mine.getByRole('textbox', { name: 'Friendly name' }).fill('Front desk');
  await mine.getByRole('button', { name: 'Save' }).click();
  await waitFor(async () => (await owned())[0].friendlyName === 'Front desk');

  const active = mine.getByRole('checkbox', { name: 'Active' });
  assert.equal(await active.isChecked(), true);
  await active.uncheck();
  await waitFor(async () => (await owned())[0].active === false);

  // Release asks first: Cancel keeps the number.
  await mine.getByRole('button', { name: 'Release' }).click();
  const dialog = page.getByRole('dialog');
  assert.match(await dialog.innerText(), new RegExp(`Release \\${wanted}\\?`));
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.waitFor({ state: 'detached' });
  assert.equal((await owned())[0].releasedAt, null);

  await mine.getByRole('button', { name: 'Release' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Release number' }).click();
  await page.getByText('You have no number yet').waitFor();
  assert.notEqual((await owned())[0].releasedAt, null);

  // After a reload the page shows what the API has.
  await page.reload();
  await page.getByText('You have no number yet').waitFor();
  assertClean(problems);
});

test('a search the API refuses shows its error in the alert', async () => {
  const { page, problems } = await newPage(browser, server);
  await signIn(page, server, undefined, 'Numbers');
  await page.getByRole('textbox', { name: 'Area code' }).fill('4x');
  await page.getByRole('button', { name: 'Search' }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.innerText(), /areaCode/);
  assertClean(problems, { statuses: [400] });
});

/** Polls `check` (an API read) until it holds; a hang fails the test by its timeout. */
async function waitFor(check) {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 50));
}
