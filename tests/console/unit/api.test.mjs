// The API client: the bearer token, JSON bodies, problem+json errors in the API's words,
// 401 handing the user back to sign-in, and which phone a deployment uses.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { ApiError, createApi, listAll, withQuery } from '../../../crates/console/assets/api.js';
import { createPhone } from '../../../crates/console/assets/phone/phone.js';
import { FakeDevice, fakeApi, fakeFetch } from './fakes.mjs';

test('requests carry the bearer token and JSON, and answers are parsed', async () => {
  const { api, requests } = fakeApi(() => ({ status: 201, body: { id: 'r1' } }));
  const answer = await api.post('/v1/numbers/n1/forwarding-rules', { forwardTo: '+14155550123' });
  assert.deepEqual(answer, { id: 'r1' });
  assert.equal(requests[0].headers.Authorization, 'Bearer t0k3n');
  assert.equal(requests[0].headers['Content-Type'], 'application/json');
  assert.deepEqual(requests[0].body, { forwardTo: '+14155550123' });
});

test('a problem becomes an ApiError with its code and the API\'s detail, explained', async () => {
  const { api } = fakeApi(() => ({
    status: 409, problem: true,
    body: { status: 409, code: 'forwarding_loop', detail: '+1415 forwards back to this number' },
  }));
  const error = await api.post('/v1/numbers/n1/forwarding-rules', {}).catch((e) => e);
  assert.ok(error instanceof ApiError);
  assert.equal(error.status, 409);
  assert.equal(error.code, 'forwarding_loop');
  assert.equal(error.message, 'That rule would forward calls in a loop: +1415 forwards back to this number');
});

test('a 401 calls onUnauthorized, and an unreachable server is an ApiError too', async () => {
  const { api, auth } = fakeApi(() => ({ status: 401, problem: true, body: { status: 401, code: 'unauthorized' } }));
  await assert.rejects(api.get('/v1/numbers'), (e) => e.status === 401);
  assert.equal(auth.unauthorized, 1);
  const offline = createApi({ token: () => 't', fetch: async () => { throw new TypeError('fetch failed'); } });
  await assert.rejects(offline.get('/v1/numbers'), (e) => e.status === 0 && /could not be reached/.test(e.message));
});

test('queries leave out empty values; listAll follows nextCursor', async () => {
  assert.equal(withQuery('/v1/calls', { limit: 20, cursor: undefined, status: '' }), '/v1/calls?limit=20');
  const pages = { undefined: { items: [1, 2], nextCursor: 'c2' }, c2: { items: [3], nextCursor: null } };
  const { api, requests } = fakeApi((request) => ({ body: pages[request.query.cursor] }));
  assert.deepEqual(await listAll(api, '/v1/numbers', { active: true }), [1, 2, 3]);
  assert.deepEqual(requests.map((r) => r.query), [
    { active: 'true', limit: '200' }, { active: 'true', limit: '200', cursor: 'c2' },
  ]);
});

test('GET /v1/phone picks the phone: local never loads the SDK; voice-sdk does', async () => {
  let loads = 0;
  const loadSdk = async () => { loads += 1; return FakeDevice; };
  const local = fakeApi(() => ({ body: { channel: 'local', identity: 'user_1' } }));
  const picked = await createPhone(local.api, { loadSdk });
  assert.equal(picked.channel, 'local');
  assert.equal(loads, 0);
  const real = fakeFetch((request) => (request.path === '/v1/phone'
    ? { body: { channel: 'voice-sdk', identity: 'user_1' } }
    : { body: { token: 'tk', identity: 'user_1', expiresAt: '2030-01-01T00:00:00Z', numbers: [] } }));
  const sdk = await createPhone(createApi({ token: () => 't', fetch: real.fetch }), { loadSdk });
  assert.equal(sdk.channel, 'voice-sdk');
  assert.equal(loads, 1);
  await sdk.phone.start();
  assert.deepEqual(FakeDevice.last.tokens, ['tk']);
});
