// The bearer token lives in sessionStorage: per tab, gone when the tab closes, and never in
// a URL the server sees. A link `/console/#token=<JWT>` (what `serve` prints) hands one over
// in the fragment, which browsers never send; it is moved here and taken out of the address
// bar at once.

const KEY = 'switchboard.token';

export function token() {
  return sessionStorage.getItem(KEY);
}

export function signIn(value) {
  sessionStorage.setItem(KEY, value.trim());
}

export function signOut() {
  sessionStorage.removeItem(KEY);
}

/** Moves a `#token=...` fragment into sessionStorage and removes it from the address bar. */
export function takeTokenFromFragment() {
  const fragment = new URLSearchParams(location.hash.slice(1));
  const value = fragment.get('token');
  if (!value) return false;
  signIn(value);
  history.replaceState(null, '', `${location.pathname}${location.search}#/phone`);
  return true;
}
