// The console's entry point: sign-in or the signed-in shell (navigation, the page of the
// current route, the phone that keeps listening while the user moves between pages).

import { createApi } from './api.js';
import { clearError, h, replace, setAlertRegion, showError } from './dom.js';
import { createPhoneModel } from './phone/model.js';
import { createPhone } from './phone/phone.js';
import { ROUTES, currentRoute, href } from './router.js';
import * as session from './session.js';
import * as forwarding from './pages/forwarding.js';
import * as historyPage from './pages/history.js';
import * as messages from './pages/messages.js';
import * as numbers from './pages/numbers.js';
import * as phonePage from './pages/phone.js';
import * as sessions from './pages/sessions.js';
import * as signin from './pages/signin.js';

const PAGES = {
  phone: phonePage, numbers, forwarding, history: historyPage, messages, sessions,
};

const EXPIRED = 'Your session has expired or its token is not valid: sign in again.';

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const signOutButton = document.getElementById('sign-out');
const ringBanner = document.getElementById('ring-banner');
setAlertRegion(document.getElementById('alert'));

const api = createApi({ token: session.token, onUnauthorized: () => end(EXPIRED) });
let phone = null; // Promise of the phone model, or null when signed out
let leavePage = null;

replace(nav, ROUTES.map((route) => h('a', { href: href(route.name) }, route.label)));

function end(message) {
  session.signOut();
  phone?.then((model) => model?.stop());
  phone = null;
  showSignIn(message);
}

function showSignIn(message = '') {
  leavePage?.();
  leavePage = null;
  nav.hidden = true;
  signOutButton.hidden = true;
  ringBanner.hidden = true;
  document.title = 'Sign in · Switchboard';
  const page = h('div', { class: 'page' });
  main.replaceChildren(page);
  signin.render(page, {
    onSignIn: (token) => {
      session.signIn(token);
      if (!location.hash.startsWith('#/')) history.replaceState(null, '', '#/phone');
      start();
    },
  });
  showError(message);
}

function startPhone() {
  return createPhone(api)
    .then(({ phone: device }) => {
      const model = createPhoneModel(device);
      model.on('change', updateBanner);
      device.on('error', ({ message }) => showError(message));
      return model.start().then(() => model);
    })
    .catch((error) => {
      showError(error);
      return null;
    });
}

function start() {
  clearError();
  nav.hidden = false;
  signOutButton.hidden = false;
  phone = startPhone();
  show();
}

function show() {
  if (!session.token()) {
    showSignIn();
    return;
  }
  if (!phone) {
    start();
    return;
  }
  const route = currentRoute();
  leavePage?.();
  clearError();
  for (const link of nav.querySelectorAll('a')) {
    if (link.getAttribute('href') === href(route.name)) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  document.title = `${route.label} · Switchboard`;
  const page = h('div', { class: 'page' });
  main.replaceChildren(page);
  leavePage = PAGES[route.name].render(page, { api, phone }) ?? null;
  phone.then(updateBanner);
}

/** On pages other than Phone, a banner says a call is ringing and links to the phone. */
function updateBanner(model) {
  const [first] = model?.incoming.values() ?? [];
  const elsewhere = currentRoute().name !== 'phone';
  ringBanner.hidden = !(first && elsewhere && phone);
  if (first) {
    replace(ringBanner, `Incoming call from ${first.from}. `,
      h('a', { href: href('phone') }, 'Answer it on the Phone page'));
  }
}

signOutButton.addEventListener('click', () => end(''));
window.addEventListener('hashchange', () => {
  if (session.takeTokenFromFragment()) {
    phone?.then((model) => model?.stop());
    phone = null;
  }
  show();
});

session.takeTokenFromFragment();
show();
