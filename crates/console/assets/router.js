// Hash routes (`#/numbers`): the server serves one page, and the fragment never reaches it.

export const ROUTES = [
  { name: 'phone', label: 'Phone' },
  { name: 'numbers', label: 'Numbers' },
  { name: 'forwarding', label: 'Forwarding' },
  { name: 'history', label: 'History' },
  { name: 'messages', label: 'Messages' },
  { name: 'sessions', label: 'Sessions' },
];

/** The route the address bar names, or the first one. */
export function currentRoute(hash = location.hash) {
  const name = hash.replace(/^#\/?/, '').split(/[/?]/)[0];
  return ROUTES.find((route) => route.name === name) ?? ROUTES[0];
}

export function href(name) {
  return `#/${name}`;
}
