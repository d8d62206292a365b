// The API client: same-origin requests with the bearer token, JSON in and out, and
// problem+json errors turned into ApiError with the API's own words.

/** An API error: `status`, the problem's `code` and a message for people. */
export class ApiError extends Error {
  constructor(status, problem = {}) {
    super(describe(status, problem));
    this.name = 'ApiError';
    this.status = status;
    this.code = problem.code ?? null;
    this.problem = problem;
  }
}

/** What some codes mean to a person, before the API's detail. */
const EXPLAINED = {
  forwarding_loop: 'That rule would forward calls in a loop',
  rule_conflict: 'That number already has an enabled rule of this type',
  pool_exhausted: 'No pool number is free right now',
  no_numbers_available: 'No number is available for that search',
  rate_limited: 'Too many requests; wait a little and try again',
};

function describe(status, problem) {
  const detail = problem.detail || problem.title || `The request failed (HTTP ${status})`;
  const lead = EXPLAINED[problem.code];
  return lead ? `${lead}: ${detail}` : detail;
}

/**
 * A client. `token()` gives the bearer token; `onUnauthorized()` is called on any 401 (the
 * token expired or is not valid). `fetch` is injectable for tests.
 */
export function createApi({ token, onUnauthorized = () => {}, fetch = globalThis.fetch.bind(globalThis) }) {
  async function request(method, path, { body, query, signal } = {}) {
    const url = withQuery(path, query);
    const headers = { Accept: 'application/json' };
    const bearer = token();
    if (bearer) headers.Authorization = `Bearer ${bearer}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let response;
    try {
      response = await fetch(url, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal,
        credentials: 'omit',
      });
    } catch (error) {
      if (error?.name === 'AbortError') throw error;
      throw new ApiError(0, { detail: 'The server could not be reached.', code: 'network_error' });
    }
    if (response.status === 401) {
      onUnauthorized();
      throw new ApiError(401, await problemOf(response));
    }
    if (!response.ok) throw new ApiError(response.status, await problemOf(response));
    if (response.status === 204) return null;
    const text = await response.text();
    return text === '' ? null : JSON.parse(text);
  }
  return {
    get: (path, options) => request('GET', path, options),
    post: (path, body, options = {}) => request('POST', path, { ...options, body }),
    patch: (path, body, options = {}) => request('PATCH', path, { ...options, body }),
    put: (path, body, options = {}) => request('PUT', path, { ...options, body }),
    delete: (path, options) => request('DELETE', path, options),
  };
}

async function problemOf(response) {
  try {
    return await response.json();
  } catch {
    return {};
  }
}

/** `path?k=v&...`, leaving out undefined, null and empty values. */
export function withQuery(path, query) {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/** Every item of a list route, following `nextCursor` (at most `pages` pages). */
export async function listAll(api, path, query = {}, pages = 10) {
  const items = [];
  let cursor;
  for (let page = 0; page < pages; page += 1) {
    const answer = await api.get(path, { query: { ...query, limit: 200, cursor } });
    items.push(...answer.items);
    cursor = answer.nextCursor;
    if (!cursor) break;
  }
  return items;
}
