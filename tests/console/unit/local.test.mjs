// The local phone channel over a fake fetch: the long poll, incoming calls, accepting on
// this tab or another, placing, rejecting and hanging up, and failures.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { createLocalPhone, retryDelay } from '../../../crates/console/assets/phone/local.js';
import { fakeApi, hang, settle } from './fakes.mjs';

const RINGING = {
  seq: 1, type: 'incoming', callSid: 'CA01', direction: 'inbound',
  from: '+14155550100', to: '+16285550100', state: 'ringing', reason: null,
};
const state = (seq, callSid, value, extra = {}) => ({
  seq, type: 'state', callSid, direction: 'inbound', from: '+14155550100',
  to: '+16285550100', state: value, reason: null, ...extra,
});

/**
 * A phone whose event polls answer the batches of `batches` (arrays of events, a
 * {status, body} answer, or a promise of either) in turn, then hang; and whose
 * POSTs answer `posts(request)`.
 */
function phoneWith(batches, posts = () => ({ status: 204 })) {
  const queue = [...batches];
  const fake = fakeApi(async (request) => {
    if (request.method === 'GET' && request.path === '/v1/phone/events') {
      if (request.query.after === undefined) return { body: { events: [], next: 0 } };
      // A batch may be a promise: the poll answers when it resolves.
      const batch = await queue.shift();
      if (!batch) return hang(request.signal);
      if (batch.status) return batch;
      return { body: { events: batch, next: batch.at(-1)?.seq ?? Number(request.query.after) } };
    }
    return posts(request);
  });
  const phone = createLocalPhone({ api: fake.api, sleep: async () => {} });
  const seen = [];
  phone.on('incoming', (e) => seen.push(['incoming', e]));
  phone.on('state', (e) => seen.push(['state', e.id, e.state, e.reason]));
  phone.on('error', (e) => seen.push(['error', e.message]));
  return { phone, seen, ...fake };
}

test('start asks where the events are now, then long-polls after it with the bearer token', async () => {
  const { phone, requests } = phoneWith([[RINGING]]);
  await phone.start();
  await settle();
  phone.stop();
  assert.deepEqual(requests[0].query, {});
  assert.equal(requests[0].headers.Authorization, 'Bearer t0k3n');
  assert.deepEqual(requests[1].query, { after: '0', wait: '20' });
  assert.deepEqual(requests[2].query, { after: '1', wait: '20' });
  assert.ok(requests[2].signal.aborted, 'stop aborts the poll under way');
});

test('an incoming call rings, and accepting it here posts accept and shows it in progress once', async () => {
  let answerAccept;
  const { phone, seen, requests } = phoneWith([[RINGING]], () =>
    new Promise((resolve) => { answerAccept = resolve; }));
  await phone.start();
  await settle();
  assert.deepEqual(seen, [['incoming', { id: 'CA01', from: '+14155550100', to: '+16285550100' }]]);
  const accepting = phone.accept('CA01');
  await settle();
  answerAccept({ status: 204 });
  await accepting;
  const accept = requests.find((r) => r.method === 'POST');
  assert.equal(accept.path, '/v1/phone/calls/CA01/accept');
  assert.deepEqual(seen.slice(1), [['state', 'CA01', 'in-progress', null]]);
  phone.stop();
});

test('when another tab accepts, this one stops ringing: answered elsewhere', async () => {
  const { phone, seen } = phoneWith([[RINGING], [state(2, 'CA01', 'in-progress')],
    [state(3, 'CA01', 'completed')]]);
  await phone.start();
  await settle();
  phone.stop();
  assert.deepEqual(seen.slice(1), [['state', 'CA01', 'answered-elsewhere', null]],
    'and the call\'s end, not this tab\'s, says nothing more');
});

test('a ring that ends unanswered is reported with its state', async () => {
  const { phone, seen } = phoneWith([[RINGING, state(2, 'CA01', 'no-answer')]]);
  await phone.start();
  await settle();
  phone.stop();
  assert.deepEqual(seen.slice(1), [['state', 'CA01', 'no-answer', null]]);
});

test('rejecting here, when the busy event comes before the answer, still says rejected', async () => {
  let answerReject;
  const busy = new Promise((resolve) => { answerReject = resolve; });
  const rejected = state(2, 'CA01', 'busy', { reason: 'rejected' });
  const { phone, seen } = phoneWith([[RINGING], busy], () => new Promise((resolve) => {
    answerReject([rejected]);
    setTimeout(() => resolve({ status: 204 }), 0);
  }));
  await phone.start();
  await settle();
  await phone.reject('CA01');
  await settle();
  phone.stop();
  assert.deepEqual(seen.slice(1), [['state', 'CA01', 'rejected', null]]);
});

test('another tab rejecting stops the ringing here: rejected elsewhere', async () => {
  const { phone, seen } = phoneWith([[RINGING], [state(2, 'CA01', 'busy', { reason: 'rejected' })]]);
  await phone.start();
  await settle();
  await settle();
  phone.stop();
  assert.deepEqual(seen.slice(1), [['state', 'CA01', 'rejected-elsewhere', null]]);
});

test('rejecting posts reject', async () => {
  const { phone, seen, requests } = phoneWith([[RINGING]]);
  await phone.start();
  await settle();
  await phone.reject('CA01');
  phone.stop();
  assert.equal(requests.at(-1).path, '/v1/phone/calls/CA01/reject');
  assert.deepEqual(seen.at(-1), ['state', 'CA01', 'rejected', null]);
});

test('placing a call posts to and caller id, and follows its states, even ones that come first', async () => {
  let release;
  const gate = new Promise((resolve) => { release = resolve; });
  const outbound = (seq, value, reason = null) => state(seq, 'CA09', value,
    { direction: 'outbound', from: '+16285550100', to: '+14155550123', reason });
  const batches = [[outbound(1, 'in-progress')]];
  const { phone, seen, requests } = phoneWith(batches, async (request) => {
    if (request.path === '/v1/phone/calls') {
      await gate;
      return { status: 202, body: { callSid: 'CA09', state: 'ringing' } };
    }
    return { status: 204 };
  });
  await phone.start();
  const placing = phone.call('+14155550123', '+16285550100');
  await settle();
  release();
  assert.equal(await placing, 'CA09');
  const post = requests.find((r) => r.path === '/v1/phone/calls');
  assert.deepEqual(post.body, { to: '+14155550123', callerId: '+16285550100' });
  assert.deepEqual(seen, [['state', 'CA09', 'ringing', null], ['state', 'CA09', 'in-progress', null]]);
  await phone.hangup('CA09');
  assert.equal(requests.at(-1).path, '/v1/phone/calls/CA09/hangup');
  assert.deepEqual(seen.at(-1), ['state', 'CA09', 'completed', null]);
  phone.stop();
});

test('a refused outgoing call ends with the app\'s reason', async () => {
  const { phone, seen } = phoneWith([[], [state(2, 'CA10', 'failed',
    { direction: 'outbound', reason: 'That number is not valid' })]], (request) =>
    request.path === '/v1/phone/calls'
      ? { status: 202, body: { callSid: 'CA10', state: 'ringing' } }
      : { status: 204 });
  await phone.start();
  await phone.call('12');
  await settle();
  await settle();
  phone.stop();
  assert.deepEqual(seen.at(-1), ['state', 'CA10', 'failed', 'That number is not valid']);
});

test('too late to accept: the API\'s 409 is thrown and the call is not taken as accepted here', async () => {
  // The other tab's accept arrives once this tab's accept has failed.
  let otherTab;
  const accepted = new Promise((resolve) => { otherTab = resolve; });
  const { phone, seen } = phoneWith([[RINGING], accepted], () => ({
    status: 409, problem: true,
    body: { status: 409, code: 'call_not_ringing', detail: 'The call is no longer ringing' },
  }));
  await phone.start();
  await settle();
  await assert.rejects(phone.accept('CA01'), (error) => error.code === 'call_not_ringing'
    && error.message === 'The call is no longer ringing');
  otherTab([state(2, 'CA01', 'in-progress')]);
  await settle();
  phone.stop();
  assert.deepEqual(seen.at(-1), ['state', 'CA01', 'answered-elsewhere', null]);
});

test('a failed poll is reported once and retried with a growing delay', async () => {
  const fail = { status: 503, problem: true, body: { status: 503, code: 'store_unavailable', detail: 'down' } };
  const { phone, seen, requests } = phoneWith([fail, fail, [RINGING]]);
  await phone.start();
  for (let i = 0; i < 6; i += 1) await settle();
  phone.stop();
  assert.deepEqual(seen.map((s) => s[0]), ['error', 'incoming']);
  assert.equal(seen[0][1], 'Phone: down');
  assert.equal(requests.filter((r) => r.path === '/v1/phone/events').length, 5);
  assert.deepEqual([0, 1, 2, 3, 4].map(retryDelay), [1000, 2000, 4000, 8000, 10000]);
});

test('a 401 while polling signs out and stops the poll', async () => {
  const { phone, seen, requests, auth } = phoneWith([{ status: 401, problem: true,
    body: { status: 401, code: 'unauthorized', detail: 'expired' } }, [RINGING]]);
  await phone.start();
  for (let i = 0; i < 4; i += 1) await settle();
  assert.equal(requests.length, 2);
  assert.equal(auth.unauthorized, 1);
  assert.deepEqual(seen, []);
  phone.stop();
});
