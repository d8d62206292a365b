// What the browser tests share: the default run (`switchboard serve` with an empty
// environment: the in-memory store and the embedded stand-ins) on a free port, Debian's
// chromium driven by playwright-core, a page that records every request leaving the
// server's origin and every console or page error, the API for setting things up, and
// `switchboard simulate`.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

export const REPO = fileURLToPath(new URL('../../../', import.meta.url));
/** The server binary: $SWITCHBOARD_BIN (cargo xtask test sets it), else target/debug. */
export const BIN = process.env.SWITCHBOARD_BIN ?? `${REPO}target/debug/switchboard`;
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
export const DESKTOP = { width: 1280, height: 860 };
export const PHONE = { width: 375, height: 740 };
/** How long a step may take before the test fails (a hang, not a timing assertion). */
export const STEP_MS = 15_000;

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts the default run and resolves once it printed its quickstart: {url, env (the
 * printed exports), consoleLink, stop()}.
 */
export async function startServer() {
  const port = await freePort();
  const child = spawn(BIN, ['serve'], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, BIND_ADDR: `127.0.0.1:${port}` },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr.on('data', (chunk) => { err += chunk; });
  const printed = new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      out += chunk;
      if (/export SWITCHBOARD_SIM_URL=\S+/.test(out)) resolve();
    });
    child.on('exit', (code) => reject(new Error(`serve exited (${code}):\n${out}\n${err}`)));
  });
  await printed;
  const env = {};
  for (const [, name, value] of out.matchAll(/^export (\w+)=(\S+)/gm)) env[name] = value;
  const url = env.SWITCHBOARD_URL;
  const consoleLink = out.match(/^(\S+\/console\/#token=\S+)$/m)?.[1] ?? null;
  return {
    url,
    env,
    consoleLink,
    logs: () => err,
    // A graceful stop waits for open long polls (up to 20 s); after 2 s, kill it.
    stop: () => new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      const kill = setTimeout(() => child.kill('SIGKILL'), 2000);
      child.on('exit', () => {
        clearTimeout(kill);
        resolve();
      });
      child.kill('SIGTERM');
    }),
  };
}

export function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * A new browser context (a fresh profile: its own sessionStorage) with a page, watched:
 * `problems` lists every request off the server's origin and every console error or
 * uncaught page error. `intercepted` (a RegExp of hosts) names hosts whose requests the
 * test answers itself with `context.route`, so they never leave the machine either.
 */
export async function newPage(browser, server, { viewport = DESKTOP, intercepted = null } = {}) {
  const context = await browser.newContext({ viewport, serviceWorkers: 'block' });
  context.setDefaultTimeout(STEP_MS);
  const origin = new URL(server.url).origin;
  const problems = [];
  context.on('request', (request) => {
    const url = request.url();
    if (url.startsWith('data:') || new URL(url).origin === origin) return;
    if (!intercepted?.test(new URL(url).hostname)) {
      problems.push(`request off the origin: ${request.method()} ${url}`);
    }
  });
  const page = await context.newPage();
  watch(page, problems);
  return {
    page,
    context,
    problems,
    /** Another tab of the same profile (the same user, another sessionStorage). */
    async newTab() {
      const tab = await context.newPage();
      watch(tab, problems);
      return tab;
    },
  };
}

function watch(page, problems) {
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
}

/** Opens the console signed in with `token` through the `#token=` link. */
export async function signIn(page, server, token = server.env.USER_TOKEN, route = '') {
  await page.goto(`${server.url}/console/#token=${token}`);
  await page.getByRole('link', { name: 'Phone' }).waitFor();
  if (route) await page.getByRole('link', { name: route, exact: true }).click();
}

/** The API as a user: `api(server, token).post(path, body)` answers the parsed JSON. */
export function api(server, token = server.env.USER_TOKEN) {
  const call = async (method, path, body) => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    assert.ok(response.ok, `${method} ${path}: ${response.status} ${text}`);
    return text ? JSON.parse(text) : null;
  };
  return {
    get: (path) => call('GET', path),
    post: (path, body) => call('POST', path, body),
    delete: (path) => call('DELETE', path),
  };
}

/** Buys a number for the demo user through the API and returns it. */
export async function ownNumber(server, areaCode = '415') {
  return api(server).post('/v1/numbers', { areaCode });
}

/**
 * Runs `switchboard simulate ARGS...` against the server; resolves {code, output} when it
 * exits.
 */
export function simulate(server, args) {
  const child = spawn(BIN, ['simulate', ...args], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...server.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => { output += chunk; });
  child.stderr.on('data', (chunk) => { output += chunk; });
  const done = new Promise((resolve) => {
    child.on('exit', (code) => resolve({ code, output }));
  });
  return { done, kill: () => child.kill('SIGTERM') };
}

/**
 * Asserts that nothing left the origin and nothing logged an error, except the browser's
 * own report of an API answer with one of `statuses` that the test provoked.
 */
export function assertClean(problems, { statuses = [] } = {}) {
  const expected = statuses.map((status) =>
    `console error: Failed to load resource: the server responded with a status of ${status}`);
  const left = problems.filter((p) => !expected.some((e) => p.startsWith(e)));
  assert.deepEqual(left, [], left.join('\n'));
}
