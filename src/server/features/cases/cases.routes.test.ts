import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Client,
  createCustomerVia,
  createTestApp,
  createWorkspaceClient,
  errorPaths,
  type TestApp,
} from '../../../../test/app.js';
import { MAX_ATTACHMENT_BYTES, MAX_CASE_ATTACHMENT_BYTES } from '../../../shared/contracts/cases.js';
import { systemActor } from '../../lib/actor.js';
import { fixedClock } from '../../lib/clock.js';

const clock = fixedClock(new Date());
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const now = () => clock.now().toISOString();
const ago = (ms: number) => new Date(clock.now().getTime() - ms).toISOString();

let t: TestApp;
let admin: Client & { as: (role: 'analyst' | 'agent') => Promise<Client> };
let other: Client;

beforeAll(async () => {
  t = await createTestApp({ clock });
  admin = await createWorkspaceClient(t);
  other = await createWorkspaceClient(t);
});
afterAll(() => t.close());

const newCustomer = createCustomerVia;
let bodySeq = 0;
/** A case body no other test repeats, so duplicate detection only ever joins what a test means to. */
const uniqueBody = () => `The room was not cleaned (${++bodySeq}, ${Date.now()})`;

interface CaseJson {
  id: string;
  reference: string;
  status: string;
  duplicateOf: string | null;
  [k: string]: unknown;
}

const post = (c: Client, body: Record<string, unknown>) => c.request('POST', '/api/v1/cases', body);
const newCase = async (
  c: Client,
  customerId: string,
  body: Record<string, unknown> = {},
): Promise<CaseJson> => {
  const res = await post(c, {
    type: 'complaint',
    channel: 'web_form',
    subject: 'Dirty room',
    body: uniqueBody(),
    customerId,
    ...body,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
};
const detail = async (c: Client, id: string) => {
  const res = await c.request('GET', `/api/v1/cases/${id}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const setStatus = (c: Client, id: string, status: string, reason?: string) =>
  c.request('POST', `/api/v1/cases/${id}/status`, { status, ...(reason ? { reason } : {}) });
const addMessage = (c: Client, id: string, body: Record<string, unknown>) =>
  c.request('POST', `/api/v1/cases/${id}/messages`, body);
const ids = (page: { items: { id: string }[] }) => page.items.map((i) => i.id).sort();
const sorted = (...cases: { id: string }[]) => cases.map((c) => c.id).sort();
const auditActions = async (c: Client, id: string): Promise<string[]> =>
  (await c.request('GET', `/api/v1/audit?entityType=case&entityId=${id}`))
    .json()
    .items.map((a: { action: string }) => a.action);

describe('cases routes', () => {
  it('opens a case with a reference, defaults and a history, audits it, and soft-deletes it', async () => {
    const ws = await createWorkspaceClient(t);
    const customer = await newCustomer(ws);
    const product = (await ws.request('POST', '/api/v1/products', { sku: 'SPA-1', name: 'Spa day' })).json();
    const order = (
      await ws.request('POST', '/api/v1/orders', {
        customerId: customer.id,
        channel: 'web',
        occurredAt: ago(HOUR),
        currency: 'EUR',
        totalMinor: 12_000,
      })
    ).json();
    const touchpoint = (
      await ws.request('POST', '/api/v1/touchpoints', {
        customerId: customer.id,
        channel: 'front_desk',
        type: 'check_in',
        occurredAt: ago(HOUR),
      })
    ).json();
    const body = '  The shower was cold.\n\nTwice!  ';
    const res = await post(ws, {
      type: 'complaint',
      channel: 'email',
      subject: '  Cold shower ',
      body,
      customerId: customer.id,
      orderId: order.id,
      productId: product.id,
      touchpointId: touchpoint.id,
      location: ' Seaside Hotel ',
      assigneeUserId: ws.userId,
      team: 'Front desk',
      tags: ['rooms', ' rooms', 'water'],
    });
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json();
    expect(c).toMatchObject({
      reference: 'C-000001',
      type: 'complaint',
      channel: 'email',
      subject: 'Cold shower',
      body,
      customerId: customer.id,
      orderId: order.id,
      productId: product.id,
      touchpointId: touchpoint.id,
      location: 'Seaside Hotel',
      severity: 'normal',
      status: 'new',
      assigneeUserId: ws.userId,
      team: 'Front desk',
      tags: ['rooms', 'water'],
      openedAt: now(),
      firstRespondedAt: null,
      resolvedAt: null,
      closedAt: null,
      attachmentBytes: 0,
      duplicateOf: null,
      createdBy: { type: 'user', id: ws.userId },
      deletedAt: null,
    });
    const second = await newCase(ws, customer.id, { type: 'question', openedAt: ago(2 * HOUR) });
    expect(second).toMatchObject({ reference: 'C-000002', openedAt: ago(2 * HOUR), assigneeUserId: null });
    // references count per workspace
    expect((await newCase(other, (await newCustomer(other)).id)).reference).toMatch(/^C-\d{6}$/);

    const d = await detail(ws, c.id);
    expect(d.messages).toEqual([]);
    expect(d.history).toMatchObject([
      { kind: 'status', fromStatus: null, status: 'new', at: now(), actor: { id: ws.userId } },
      { kind: 'assignment', assigneeUserId: ws.userId, team: 'Front desk', at: now() },
    ]);
    expect((await detail(ws, second.id)).history).toMatchObject([
      { kind: 'status', status: 'new', at: ago(2 * HOUR) },
    ]);

    clock.advance(1000);
    const patched = await ws.request('PATCH', `/api/v1/cases/${c.id}`, {
      subject: 'Cold shower, twice',
      severity: 'high',
      tags: ['water'],
      assigneeUserId: null,
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({
      subject: 'Cold shower, twice',
      severity: 'high',
      tags: ['water'],
      assigneeUserId: null,
      team: 'Front desk',
      updatedAt: now(),
    });
    // a change without a new assignee or team is not an assignment
    await ws.request('PATCH', `/api/v1/cases/${c.id}`, { severity: 'urgent' });
    expect((await detail(ws, c.id)).history.map((e: { kind: string }) => e.kind)).toEqual([
      'status',
      'assignment',
      'assignment',
    ]);

    clock.advance(1000);
    const deleted = await ws.request('DELETE', `/api/v1/cases/${c.id}`);
    expect(deleted.statusCode).toBe(200);
    expect(deleted.json().deletedAt).toBe(now());
    expect((await detail(ws, c.id)).deletedAt).toBe(now());
    expect(ids((await ws.request('GET', '/api/v1/cases')).json())).toEqual([second.id]);
    for (const [method, url, b] of [
      ['PATCH', `/api/v1/cases/${c.id}`, { severity: 'low' }],
      ['POST', `/api/v1/cases/${c.id}/status`, { status: 'acknowledged' }],
      ['POST', `/api/v1/cases/${c.id}/messages`, { kind: 'internal_note', body: 'x' }],
      ['DELETE', `/api/v1/cases/${c.id}`, undefined],
    ] as const) {
      const r = await ws.request(method, url, b);
      expect(r.statusCode, `${method} ${url}`).toBe(404);
      expect(r.json().code).toBe('CASE_NOT_FOUND');
    }
    expect(await auditActions(ws, c.id)).toEqual([
      'case.delete',
      'case.update',
      'case.update',
      'case.create',
    ]);
  });

  it('validates fields and answers 400 problem+json naming each', async () => {
    const customer = await newCustomer(admin);
    const bad = await post(admin, {
      type: 'rant',
      channel: 'pigeon',
      subject: ' ',
      body: ' \n ',
      customerId: 'bob',
      severity: 'meh',
      tags: [''],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(errorPaths(bad.json())).toEqual([
      'body.body',
      'body.channel',
      'body.customerId',
      'body.severity',
      'body.subject',
      'body.tags.0',
      'body.type',
    ]);
    const valid = {
      type: 'complaint',
      channel: 'web_form',
      subject: 'S',
      body: uniqueBody(),
      customerId: customer.id,
    };
    const long = await post(admin, { ...valid, body: 'x'.repeat(20_001), subject: 'y'.repeat(201) });
    expect(errorPaths(long.json())).toEqual(['body.body', 'body.subject']);
    expect(errorPaths((await post(admin, { ...valid, openedAt: 'yesterday' })).json())).toEqual([
      'body.openedAt',
    ]);
    const future = await post(admin, {
      ...valid,
      openedAt: new Date(clock.now().getTime() + HOUR).toISOString(),
    });
    expect(future.json().errors).toEqual([{ path: 'body.openedAt', message: 'must not be in the future' }]);
    // the workspace, ids and workflow fields cannot be set
    const mass = await post(admin, {
      ...valid,
      workspaceId: other.workspaceId,
      id: customer.id,
      status: 'closed',
    });
    expect(mass.statusCode).toBe(400);
    expect(errorPaths(mass.json())).toEqual(['body.id', 'body.status', 'body.workspaceId']);

    // records named in the body must be this workspace's
    const theirCustomer = await newCustomer(other);
    const theirs = await post(admin, { ...valid, customerId: theirCustomer.id });
    expect(theirs.statusCode).toBe(404);
    expect(theirs.json()).toMatchObject({
      code: 'CUSTOMER_NOT_FOUND',
      errors: [{ path: 'body.customerId', message: 'no such customer in this workspace' }],
    });
    const theirOrder = (
      await other.request('POST', '/api/v1/orders', {
        customerId: theirCustomer.id,
        channel: 'web',
        occurredAt: ago(HOUR),
        currency: 'EUR',
        totalMinor: 100,
      })
    ).json();
    const theirProduct = (await other.request('POST', '/api/v1/products', { sku: 'X-1', name: 'X' })).json();
    const theirTouchpoint = (
      await other.request('POST', '/api/v1/touchpoints', {
        customerId: theirCustomer.id,
        channel: 'web',
        type: 'page_view',
        occurredAt: ago(HOUR),
      })
    ).json();
    for (const [field, id, code] of [
      ['orderId', theirOrder.id, 'ORDER_NOT_FOUND'],
      ['productId', theirProduct.id, 'PRODUCT_NOT_FOUND'],
      ['touchpointId', theirTouchpoint.id, 'TOUCHPOINT_NOT_FOUND'],
    ] as const) {
      const res = await post(admin, { ...valid, body: uniqueBody(), [field]: id });
      expect(res.statusCode, field).toBe(404);
      expect(res.json().code).toBe(code);
      expect(errorPaths(res.json())).toEqual([`body.${field}`]);
    }
    const stranger = await post(admin, { ...valid, assigneeUserId: other.userId });
    expect(stranger.json().errors).toEqual([
      { path: 'body.assigneeUserId', message: 'is not a user of this workspace' },
    ]);
    expect((await admin.request('GET', `/api/v1/customers/${customer.id}/cases`)).json().items).toEqual([]);

    // PATCH refuses what it cannot change, naming each field, and changes nothing
    const c = await newCase(admin, customer.id);
    const patch = await admin.request('PATCH', `/api/v1/cases/${c.id}`, {
      subject: 'Hijacked',
      workspaceId: other.workspaceId,
      id: theirCustomer.id,
      customerId: theirCustomer.id,
      reference: 'C-999999',
      status: 'closed',
    });
    expect(patch.statusCode).toBe(400);
    expect(errorPaths(patch.json())).toEqual([
      'body.customerId',
      'body.id',
      'body.reference',
      'body.status',
      'body.workspaceId',
    ]);
    expect(patch.json().errors[0].message).toBe('is not a field that can be set here');
    const reassign = await admin.request('PATCH', `/api/v1/cases/${c.id}`, { assigneeUserId: other.userId });
    expect(errorPaths(reassign.json())).toEqual(['body.assigneeUserId']);
    expect(await detail(admin, c.id)).toMatchObject({
      subject: 'Dirty room',
      status: 'new',
      assigneeUserId: null,
    });

    const q = await admin.request('GET', '/api/v1/cases?status=new,someday&assignee=bob&sort=subject');
    expect(errorPaths(q.json())).toEqual([
      'querystring.assignee',
      'querystring.sort',
      'querystring.status.1',
    ]);
    const msg = await addMessage(admin, c.id, { kind: 'shout', body: '' });
    expect(errorPaths(msg.json())).toEqual(['body.body', 'body.kind']);
  });

  it('answers a repeat within 10 minutes with the existing case, and opens a new one after', async () => {
    const customer = await newCustomer(admin);
    const sibling = await newCustomer(admin);
    const text = `  The Wi-Fi\tdropped  every hour ${Date.now()} `;
    const first = await newCase(admin, customer.id, { body: text });

    clock.advance(9 * MINUTE + 59_000);
    const repeat = await post(admin, {
      type: 'complaint',
      channel: 'email',
      subject: 'Another subject',
      body: text.trim().toUpperCase().replace(/\s+/g, '   '),
      customerId: customer.id,
    });
    expect(repeat.statusCode, repeat.body).toBe(200);
    expect(repeat.json()).toMatchObject({ id: first.id, duplicateOf: first.id, subject: 'Dirty room' });
    // another type or another customer is another case
    const asQuestion = await newCase(admin, customer.id, { type: 'question', body: text });
    const forSibling = await newCase(admin, sibling.id, { body: text });
    const differentBody = await newCase(admin, customer.id, { body: `${text} again` });
    expect(new Set([first.id, asQuestion.id, forSibling.id, differentBody.id]).size).toBe(4);

    // 10 minutes after the first, the same words open a new case
    clock.advance(2000);
    const later = await newCase(admin, customer.id, { body: text });
    expect(later.id).not.toBe(first.id);
    expect(later.duplicateOf).toBeNull();

    // a deleted case is not repeated
    clock.advance(MINUTE);
    await admin.request('DELETE', `/api/v1/cases/${later.id}`);
    const afterDelete = await newCase(admin, customer.id, { body: text });
    expect(afterDelete.id).not.toBe(later.id);

    // two identical submissions at once make one case
    const body = uniqueBody();
    const both = await Promise.all(
      [1, 2].map(() =>
        post(admin, { type: 'praise', channel: 'chat', subject: 'Thanks', body, customerId: sibling.id }),
      ),
    );
    expect(both.map((r) => r.statusCode).sort()).toEqual([200, 201]);
    expect(new Set(both.map((r) => r.json().id)).size).toBe(1);

    const listed = (await admin.request('GET', `/api/v1/customers/${customer.id}/cases`)).json();
    expect(ids(listed)).toEqual(sorted(first, asQuestion, differentBody, afterDelete));
    expect(await auditActions(admin, first.id)).toEqual(['case.create']);
  });

  it('answers a retry with the same idempotency key with the first case, at any time', async () => {
    const customer = await newCustomer(admin);
    const key = `form-${Date.now()}`;
    const body = uniqueBody();
    const submission = { type: 'suggestion', channel: 'api', subject: 'Idea', body, customerId: customer.id };
    const first = await post(admin, { ...submission, idempotencyKey: key });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ idempotencyKey: key, duplicateOf: null });

    clock.advance(HOUR);
    const retry = await post(admin, { ...submission, idempotencyKey: key });
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toMatchObject({ id: first.json().id, duplicateOf: first.json().id });
    const reused = await post(admin, { ...submission, body: 'Something else', idempotencyKey: key });
    expect(reused.statusCode).toBe(409);
    expect(reused.json()).toMatchObject({
      code: 'IDEMPOTENCY_KEY_REUSED',
      errors: [{ path: 'body.idempotencyKey', message: 'was used for another submission' }],
    });
    const forAnother = await post(admin, {
      ...submission,
      customerId: (await newCustomer(admin)).id,
      idempotencyKey: key,
    });
    expect(forAnother.statusCode).toBe(409);
    expect(forAnother.json().code).toBe('IDEMPOTENCY_KEY_REUSED');
    // without the key, an hour later, the same words are a new case
    expect((await post(admin, submission)).statusCode).toBe(201);
    // keys are per workspace
    const theirs = await post(other, {
      ...submission,
      customerId: (await newCustomer(other)).id,
      idempotencyKey: key,
    });
    expect(theirs.statusCode).toBe(201);

    const concurrent = `race-${Date.now()}`;
    const racing = await Promise.all(
      [1, 2].map(() => post(admin, { ...submission, body: uniqueBody(), idempotencyKey: concurrent })),
    );
    // the two bodies differ: one wins the key, the other is refused as a reused key
    expect(racing.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    expect(ids((await admin.request('GET', `/api/v1/customers/${customer.id}/cases`)).json()).length).toBe(3);
  });

  it('moves through the allowed statuses, refuses the others naming body.status, and reopens', async () => {
    const customer = await newCustomer(admin);
    const c = await newCase(admin, customer.id);
    const expectRefused = async (status: string, from: string) => {
      const res = await setStatus(admin, c.id, status);
      expect(res.statusCode, `${from} → ${status}`).toBe(409);
      expect(res.headers['content-type']).toContain('application/problem+json');
      const problem = res.json();
      expect(problem).toMatchObject({ code: 'INVALID_TRANSITION', from, to: status });
      expect(errorPaths(problem)).toEqual(['body.status']);
      expect(problem.errors[0].message).toContain(`cannot go from ${from} to ${status}`);
    };
    const move = async (status: string, reason?: string) => {
      clock.advance(MINUTE);
      const res = await setStatus(admin, c.id, status, reason);
      expect(res.statusCode, `→ ${status}: ${res.body}`).toBe(200);
      return res.json();
    };

    await expectRefused('closed', 'new');
    expect(errorPaths((await setStatus(admin, c.id, 'done')).json())).toEqual(['body.status']);
    expect((await move('acknowledged')).status).toBe('acknowledged');
    await expectRefused('new', 'acknowledged');
    await move('in_progress');
    await move('waiting_on_customer');
    await expectRefused('closed', 'waiting_on_customer');
    await move('in_progress');
    const resolvedAt = new Date(clock.now().getTime() + MINUTE).toISOString();
    expect(await move('resolved', 'Refunded the night')).toMatchObject({
      status: 'resolved',
      resolvedAt,
      closedAt: null,
    });
    await expectRefused('waiting_on_customer', 'resolved');
    const closed = await move('closed');
    expect(closed).toMatchObject({ status: 'closed', resolvedAt, closedAt: now() });
    await expectRefused('resolved', 'closed');
    await expectRefused('new', 'closed');
    // asking for the current status changes nothing
    clock.advance(MINUTE);
    const same = await setStatus(admin, c.id, 'closed');
    expect(same.json()).toMatchObject({
      status: 'closed',
      closedAt: closed.closedAt,
      updatedAt: closed.updatedAt,
    });
    // reopening from closed and from resolved goes back to work and clears the stamps
    expect(await move('in_progress', 'Customer wrote again')).toMatchObject({
      status: 'in_progress',
      resolvedAt: null,
      closedAt: null,
    });
    await move('resolved');
    expect(await move('in_progress')).toMatchObject({ resolvedAt: null });

    const history = (await detail(admin, c.id)).history;
    expect(
      history.map((e: { fromStatus: string | null; status: string }) => `${e.fromStatus}→${e.status}`),
    ).toEqual([
      'null→new',
      'new→acknowledged',
      'acknowledged→in_progress',
      'in_progress→waiting_on_customer',
      'waiting_on_customer→in_progress',
      'in_progress→resolved',
      'resolved→closed',
      'closed→in_progress',
      'in_progress→resolved',
      'resolved→in_progress',
    ]);
    expect(history[5]).toMatchObject({ reason: 'Refunded the night', at: resolvedAt });
    expect(history[7].reason).toBe('Customer wrote again');
    const audit = await auditActions(admin, c.id);
    expect(audit.filter((a) => a === 'case.status')).toHaveLength(9);
  });

  it('stamps firstRespondedAt with the first reply only; notes stay internal', async () => {
    const customer = await newCustomer(admin, {
      givenName: 'Maya',
      familyName: 'Quinn',
      fullName: undefined,
    });
    const c = await newCase(admin, customer.id);
    clock.advance(MINUTE);
    const note = await addMessage(admin, c.id, { kind: 'internal_note', body: 'VIP, handle with care' });
    expect(note.statusCode, note.body).toBe(201);
    expect(note.json()).toMatchObject({
      kind: 'internal_note',
      direction: null,
      author: { type: 'user', id: admin.userId },
      attachments: [],
    });
    clock.advance(MINUTE);
    const inbound = await addMessage(admin, c.id, { kind: 'customer_message', body: 'Any news?' });
    expect(inbound.json()).toMatchObject({
      direction: 'inbound',
      author: { type: 'customer', id: customer.id, name: 'Maya Quinn' },
      createdBy: { type: 'user', id: admin.userId },
    });
    expect((await detail(admin, c.id)).firstRespondedAt).toBeNull();

    clock.advance(MINUTE);
    const firstReplyAt = now();
    const reply = await addMessage(admin, c.id, {
      kind: 'reply',
      body: '  We are sorry.\nA refund is on its way.',
    });
    expect(reply.json()).toMatchObject({
      kind: 'reply',
      direction: 'outbound',
      body: '  We are sorry.\nA refund is on its way.',
      createdAt: firstReplyAt,
    });
    clock.advance(MINUTE);
    await addMessage(admin, c.id, { kind: 'reply', body: 'Done.' });
    const d = await detail(admin, c.id);
    expect(d.firstRespondedAt).toBe(firstReplyAt);
    expect(d.updatedAt).toBe(now());
    expect(d.messages.map((m: { kind: string }) => m.kind)).toEqual([
      'internal_note',
      'customer_message',
      'reply',
      'reply',
    ]);
    // replies either way are history; the note is not
    expect(d.history.map((e: { kind: string; messageId: string | null }) => [e.kind, e.messageId])).toEqual([
      ['status', null],
      ['customer_reply', inbound.json().id],
      ['agent_reply', reply.json().id],
      ['agent_reply', d.messages[3].id],
    ]);
    expect(await auditActions(admin, c.id)).toEqual([
      'case.message',
      'case.message',
      'case.message',
      'case.message',
      'case.create',
    ]);
  });

  it('passes every reply through the relationship policy check, logged as a case reply', async () => {
    const customer = await newCustomer(admin);
    const c = await newCase(admin, customer.id);
    const reply = await addMessage(admin, c.id, { kind: 'reply', body: 'We are on it.' });
    expect(reply.statusCode, reply.body).toBe(201);
    await addMessage(admin, c.id, { kind: 'internal_note', body: 'not a contact' });
    const panel = (await admin.request('GET', `/api/v1/customers/${customer.id}/relationship`)).json();
    expect(
      panel.decisions.map((d: { source: string; action: { purpose: string } }) => [
        d.source,
        d.action.purpose,
      ]),
    ).toEqual([['case_reply', 'service']]);
  });

  it('limits attachments to 10 MiB a file and 25 MiB a case, with a clear error', async () => {
    const customer = await newCustomer(admin);
    const c = await newCase(admin, customer.id);
    const file = (sizeBytes: number, fileName = 'photo.jpg') => ({
      fileName,
      contentType: 'image/jpeg',
      sizeBytes,
    });
    const withFiles = (...attachments: ReturnType<typeof file>[]) =>
      addMessage(admin, c.id, { kind: 'customer_message', body: 'See attached', attachments });

    const tooBig = await withFiles(file(1), file(MAX_ATTACHMENT_BYTES + 1, 'video.mp4'));
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.headers['content-type']).toContain('application/problem+json');
    expect(tooBig.json()).toMatchObject({
      code: 'ATTACHMENT_TOO_LARGE',
      limitBytes: MAX_ATTACHMENT_BYTES,
      errors: [
        { path: 'body.attachments.1.sizeBytes', message: 'must be at most 10 MiB (10,485,760 bytes)' },
      ],
    });

    const ok = await withFiles(file(MAX_ATTACHMENT_BYTES), file(MAX_ATTACHMENT_BYTES, 'receipt.pdf'));
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().attachments).toMatchObject([
      { fileName: 'photo.jpg', contentType: 'image/jpeg', sizeBytes: MAX_ATTACHMENT_BYTES },
      { fileName: 'receipt.pdf', sizeBytes: MAX_ATTACHMENT_BYTES },
    ]);
    expect(ok.json().attachments[0].id).toMatch(/^[0-9a-f-]{36}$/);

    const rest = MAX_CASE_ATTACHMENT_BYTES - 2 * MAX_ATTACHMENT_BYTES;
    const over = await withFiles(file(rest + 1));
    expect(over.statusCode).toBe(413);
    expect(over.json()).toMatchObject({
      code: 'ATTACHMENT_TOO_LARGE',
      limitBytes: MAX_CASE_ATTACHMENT_BYTES,
      caseBytes: 2 * MAX_ATTACHMENT_BYTES,
    });
    expect(errorPaths(over.json())).toEqual(['body.attachments']);
    expect((await withFiles(file(rest))).statusCode).toBe(201);
    expect((await withFiles(file(1))).statusCode).toBe(413);
    // a message without attachments still fits
    expect((await addMessage(admin, c.id, { kind: 'reply', body: 'Thanks' })).statusCode).toBe(201);

    const d = await detail(admin, c.id);
    expect(d.attachmentBytes).toBe(MAX_CASE_ATTACHMENT_BYTES);
    expect(d.messages).toHaveLength(3);

    const badMeta = await withFiles({ fileName: '', contentType: 'jpeg', sizeBytes: -1 });
    expect(errorPaths(badMeta.json())).toEqual([
      'body.attachments.0.contentType',
      'body.attachments.0.fileName',
      'body.attachments.0.sizeBytes',
    ]);
  });

  it('filters by status, type, severity, assignee, team, customer, tag and words, and pages', async () => {
    const ws = await createWorkspaceClient(t);
    const agent = await ws.as('agent');
    const a = await newCustomer(ws);
    const b = await newCustomer(ws);
    const c1 = await newCase(ws, a.id, {
      subject: 'Cold soup',
      body: 'The soup arrived cold',
      assigneeUserId: ws.userId,
      team: 'Kitchen',
      tags: ['food'],
      openedAt: ago(5 * HOUR),
    });
    const c2 = await newCase(ws, a.id, {
      type: 'suggestion',
      subject: 'Vegan menu',
      body: 'Please add vegan dishes',
      severity: 'low',
      assigneeUserId: agent.userId,
      team: 'Kitchen',
      openedAt: ago(4 * HOUR),
    });
    const c3 = await newCase(ws, b.id, {
      type: 'question',
      subject: 'Parking',
      body: 'Is there parking at the spa?',
      severity: 'high',
      tags: ['spa', 'parking'],
      openedAt: ago(3 * HOUR),
    });
    const c4 = await newCase(ws, b.id, {
      subject: 'Noise',
      body: 'Loud music next door, no soup either',
      severity: 'urgent',
      assigneeUserId: ws.userId,
      team: 'Front desk',
      openedAt: ago(2 * HOUR),
    });
    const c5 = await newCase(ws, b.id, {
      type: 'praise',
      subject: 'Lovely',
      body: 'Great stay',
      openedAt: ago(HOUR),
    });
    const gone = await newCase(ws, a.id, { subject: 'Soup again', body: 'soup' });
    await ws.request('DELETE', `/api/v1/cases/${gone.id}`);
    await setStatus(ws, c1.id, 'in_progress');
    await setStatus(ws, c4.id, 'resolved');

    const list = async (qs: string, c: Client = ws) => {
      const res = await c.request('GET', `/api/v1/cases?${qs}`);
      expect(res.statusCode, `${qs}: ${res.body}`).toBe(200);
      return ids(res.json());
    };
    expect(await list('')).toEqual(sorted(c1, c2, c3, c4, c5));
    expect(await list('status=new')).toEqual(sorted(c2, c3, c5));
    expect(await list('status=in_progress&status=resolved')).toEqual(sorted(c1, c4));
    expect(await list('status=in_progress,resolved')).toEqual(sorted(c1, c4));
    expect(await list('type=complaint')).toEqual(sorted(c1, c4));
    expect(await list('type=question,praise')).toEqual(sorted(c3, c5));
    expect(await list('severity=urgent')).toEqual(sorted(c4));
    expect(await list('severity=normal,low')).toEqual(sorted(c1, c2, c5));
    expect(await list('assignee=me')).toEqual(sorted(c1, c4));
    expect(await list('assignee=me', agent)).toEqual(sorted(c2));
    expect(await list(`assignee=${agent.userId}`)).toEqual(sorted(c2));
    expect(await list('assignee=none')).toEqual(sorted(c3, c5));
    expect(await list('team=Kitchen')).toEqual(sorted(c1, c2));
    expect(await list(`customerId=${a.id}`)).toEqual(sorted(c1, c2));
    expect(await list('tag=spa')).toEqual(sorted(c3));
    expect(await list('q=soup')).toEqual(sorted(c1, c4));
    expect(await list('q=SOUP%20cold')).toEqual(sorted(c1));
    expect(await list('q=vegan')).toEqual(sorted(c2));
    expect(await list('q=100%25')).toEqual([]);
    expect(await list(`status=new&customerId=${b.id}&type=question`)).toEqual(sorted(c3));
    const forB = await ws.request('GET', `/api/v1/customers/${b.id}/cases?severity=high,urgent`);
    expect(ids(forB.json())).toEqual(sorted(c3, c4));

    // sorted by openedAt, newest first by default
    const byOpened = (await ws.request('GET', '/api/v1/cases')).json().items.map((x: { id: string }) => x.id);
    expect(byOpened).toEqual([c5, c4, c3, c2, c1].map((x) => x.id));
    // updatedAt: the status changes touched c1 and c4 last
    clock.advance(1000);
    await ws.request('PATCH', `/api/v1/cases/${c2.id}`, { tags: ['menu'] });
    const byUpdated = (await ws.request('GET', '/api/v1/cases?sort=updatedAt&limit=1')).json();
    expect(byUpdated.items.map((x: { id: string }) => x.id)).toEqual([c2.id]);

    for (const sort of ['openedAt', 'updatedAt']) {
      for (const order of ['asc', 'desc']) {
        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const res = await ws.request(
            'GET',
            `/api/v1/cases?sort=${sort}&order=${order}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
          );
          expect(res.statusCode, res.body).toBe(200);
          const page = res.json();
          seen.push(...page.items.map((x: { id: string }) => x.id));
          cursor = page.nextCursor;
        } while (cursor);
        expect(seen, `${sort} ${order}`).toHaveLength(5);
        expect([...seen].sort()).toEqual(sorted(c1, c2, c3, c4, c5));
        if (sort === 'openedAt') {
          const oldestFirst = [c1, c2, c3, c4, c5].map((x) => x.id);
          expect(seen).toEqual(order === 'asc' ? oldestFirst : oldestFirst.reverse());
        }
      }
    }
    const forged = Buffer.from(JSON.stringify(['not a date', c1.id])).toString('base64url');
    const res = await ws.request('GET', `/api/v1/cases?cursor=${forged}`);
    expect(res.statusCode).toBe(400);
    expect(errorPaths(res.json())).toEqual(['querystring.cursor']);
  });

  it("answers 404 for another workspace's case or customer, revealing nothing", async () => {
    const theirCustomer = await newCustomer(other);
    const theirs = await newCase(other, theirCustomer.id, { subject: 'Secret: food poisoning claim' });
    for (const [method, url, body] of [
      ['GET', `/api/v1/cases/${theirs.id}`, undefined],
      ['PATCH', `/api/v1/cases/${theirs.id}`, { subject: 'Hijacked' }],
      ['POST', `/api/v1/cases/${theirs.id}/status`, { status: 'acknowledged' }],
      ['POST', `/api/v1/cases/${theirs.id}/messages`, { kind: 'reply', body: 'planted' }],
      ['DELETE', `/api/v1/cases/${theirs.id}`, undefined],
    ] as const) {
      const res = await admin.request(method, url, body);
      expect(res.statusCode, `${method} ${url}`).toBe(404);
      expect(res.json().code).toBe('CASE_NOT_FOUND');
      expect(res.body).not.toContain('Secret');
      expect(res.body).not.toContain(theirCustomer.id);
    }
    const forCustomer = await admin.request('GET', `/api/v1/customers/${theirCustomer.id}/cases`);
    expect(forCustomer.statusCode).toBe(404);
    expect(forCustomer.json().code).toBe('CUSTOMER_NOT_FOUND');
    expect((await admin.request('GET', `/api/v1/cases?customerId=${theirCustomer.id}`)).json().items).toEqual(
      [],
    );
    expect((await admin.request('GET', '/api/v1/cases?q=secret')).json().items).toEqual([]);
    await expect(
      t.services.cases.slaHistory(systemActor(admin.workspaceId), theirs.id),
    ).rejects.toMatchObject({
      code: 'CASE_NOT_FOUND',
    });
    const still = await detail(other, theirs.id);
    expect(still).toMatchObject({ subject: 'Secret: food poisoning claim', status: 'new', deletedAt: null });
    expect(still.messages).toEqual([]);
  });

  it('lets analysts only read, and agents work cases but not delete them', async () => {
    const customer = await newCustomer(admin);
    const c = await newCase(admin, customer.id);
    const analyst = await admin.as('analyst');
    expect((await analyst.request('GET', '/api/v1/cases')).statusCode).toBe(200);
    expect((await analyst.request('GET', `/api/v1/cases/${c.id}`)).statusCode).toBe(200);
    expect((await analyst.request('GET', `/api/v1/customers/${customer.id}/cases`)).statusCode).toBe(200);
    for (const [method, url, body] of [
      [
        'POST',
        '/api/v1/cases',
        { type: 'praise', channel: 'api', subject: 'x', body: 'y', customerId: customer.id },
      ],
      ['PATCH', `/api/v1/cases/${c.id}`, { severity: 'low' }],
      ['POST', `/api/v1/cases/${c.id}/status`, { status: 'acknowledged' }],
      ['POST', `/api/v1/cases/${c.id}/messages`, { kind: 'internal_note', body: 'no' }],
      ['DELETE', `/api/v1/cases/${c.id}`, undefined],
    ] as const) {
      const res = await analyst.request(method, url, body);
      expect(res.statusCode, `${method} ${url}`).toBe(403);
      expect(res.json().code).toBe('FORBIDDEN');
    }
    const agent = await admin.as('agent');
    const own = await newCase(agent, customer.id, { assigneeUserId: agent.userId });
    expect(own.createdBy).toMatchObject({ type: 'user', id: agent.userId });
    expect((await setStatus(agent, c.id, 'acknowledged')).json().status).toBe('acknowledged');
    expect((await addMessage(agent, c.id, { kind: 'reply', body: 'On it' })).statusCode).toBe(201);
    expect((await agent.request('DELETE', `/api/v1/cases/${c.id}`)).statusCode).toBe(403);
    expect(await detail(admin, c.id)).toMatchObject({
      deletedAt: null,
      status: 'acknowledged',
      severity: 'normal',
    });
  });

  it("moves a customer's cases to the survivor of a merge, and back on undo", async () => {
    const survivor = await newCustomer(admin);
    const merged = await newCustomer(admin);
    const c = await newCase(admin, merged.id);
    await addMessage(admin, c.id, { kind: 'customer_message', body: 'Hello?' });

    const preview = await admin.request('POST', '/api/v1/identity/merges', {
      survivorId: survivor.id,
      mergedId: merged.id,
      dryRun: true,
    });
    expect(preview.json().moves).toMatchObject({ case: 1 });
    const merge = await admin.request('POST', '/api/v1/identity/merges', {
      survivorId: survivor.id,
      mergedId: merged.id,
    });
    expect(merge.statusCode, merge.body).toBe(201);
    expect(merge.json().movedCounts).toMatchObject({ case: 1 });
    expect((await detail(admin, c.id)).customerId).toBe(survivor.id);
    expect(ids((await admin.request('GET', `/api/v1/customers/${survivor.id}/cases`)).json())).toEqual([
      c.id,
    ]);
    expect((await admin.request('GET', `/api/v1/cases?customerId=${merged.id}`)).json().items).toEqual([]);

    const undo = await admin.request('POST', `/api/v1/identity/merges/${merge.json().id}/undo`, {
      neverMergeAgain: false,
    });
    expect(undo.statusCode, undo.body).toBe(200);
    expect((await detail(admin, c.id)).customerId).toBe(merged.id);
  });

  it('gives the SLA engine the history as { at, kind, status? }, oldest first', async () => {
    const customer = await newCustomer(admin);
    const opened = clock.now();
    const c = await newCase(admin, customer.id, { assigneeUserId: admin.userId, team: 'Care' });
    const step = async (fn: () => Promise<{ statusCode: number; body: string }>) => {
      clock.advance(MINUTE);
      const res = await fn();
      expect(res.statusCode, res.body).toBeLessThan(300);
      return clock.now();
    };
    const acknowledged = await step(() => setStatus(admin, c.id, 'acknowledged'));
    await step(() => addMessage(admin, c.id, { kind: 'internal_note', body: 'Call the kitchen' }));
    await step(() => admin.request('PATCH', `/api/v1/cases/${c.id}`, { team: 'Kitchen' }));
    const replied = await step(() => addMessage(admin, c.id, { kind: 'reply', body: 'Looking into it' }));
    const waiting = await step(() => setStatus(admin, c.id, 'waiting_on_customer'));
    const answered = await step(() =>
      addMessage(admin, c.id, { kind: 'customer_message', body: 'It was cold' }),
    );
    const working = await step(() => setStatus(admin, c.id, 'in_progress'));
    const resolved = await step(() => setStatus(admin, c.id, 'resolved'));

    const history = await t.services.cases.slaHistory(systemActor(admin.workspaceId), c.id);
    expect(history).toStrictEqual([
      { at: opened, kind: 'status', status: 'new' },
      { at: acknowledged, kind: 'status', status: 'acknowledged' },
      { at: replied, kind: 'agent_reply' },
      { at: waiting, kind: 'status', status: 'waiting_on_customer' },
      { at: answered, kind: 'customer_reply' },
      { at: working, kind: 'status', status: 'in_progress' },
      { at: resolved, kind: 'status', status: 'resolved' },
    ]);
  });
});

describe('case intake (sender known by identities)', () => {
  const intake = (c: Client, body: Record<string, unknown>) =>
    c.request('POST', '/api/v1/cases/intake', {
      type: 'question',
      channel: 'chat',
      subject: 'Opening hours',
      body: uniqueBody(),
      ...body,
    });

  it('opens the case on the customer an e-mail names, and answers a repeat with it', async () => {
    const ws = await createWorkspaceClient(t);
    const known = await newCustomer(ws, { emails: [{ value: 'kim@example.com' }] });
    const body = uniqueBody();
    const res = await intake(ws, { body, sender: { email: 'KIM@example.com', name: 'Not Kim' } });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      customerId: known.id,
      channel: 'chat',
      customerCreated: false,
      duplicateOf: null,
    });
    const again = await intake(ws, { body, sender: { email: 'kim@example.com' } });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({
      id: res.json().id,
      duplicateOf: res.json().id,
      customerCreated: false,
    });
    expect((await ws.request('GET', `/api/v1/customers/${known.id}`)).json().fullName).toBe(known.fullName);
  });

  it('makes a social handle nobody has a provisional customer, found again however it is written', async () => {
    const ws = await createWorkspaceClient(t);
    const first = await intake(ws, {
      channel: 'social',
      sender: { social: { network: 'Instagram', handle: '@Anna.Lee' }, name: 'Anna' },
    });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json().customerCreated).toBe(true);
    const customerId = first.json().customerId;
    const customer = (await ws.request('GET', `/api/v1/customers/${customerId}`)).json();
    expect([customer.provisional, customer.fullName, customer.emails]).toEqual([true, 'Anna', []]);
    const identities = (await ws.request('GET', `/api/v1/customers/${customerId}/360`)).json().identities;
    expect(
      identities.map((i: { kind: string; source: string; value: string }) => [i.kind, i.source, i.value]),
    ).toEqual([['external_id', 'instagram', 'anna.lee']]);
    const second = await intake(ws, {
      channel: 'social',
      sender: { social: { network: 'instagram', handle: 'ANNA.LEE' } },
    });
    expect(second.json()).toMatchObject({ customerId, customerCreated: false });
  });

  it('needs a way to reach the sender, names bad fields under body.sender, and is for writers only', async () => {
    const ws = await createWorkspaceClient(t);
    for (const [sender, path] of [
      [{ name: 'Nobody' }, 'body.sender.email'],
      [{ email: 'nope' }, 'body.sender.email'],
      [{ phone: 'not a phone' }, 'body.sender.phone'],
      [{ social: { network: 'my network!', handle: 'x' } }, 'body.sender.social.network'],
    ] as const) {
      const res = await intake(ws, { sender });
      expect(res.statusCode, JSON.stringify(sender)).toBe(400);
      expect(errorPaths(res.json()), JSON.stringify(sender)).toEqual([path]);
    }
    const missing = await intake(ws, { customerId: ws.workspaceId, sender: { email: 'a@example.com' } });
    expect(errorPaths(missing.json())).toEqual(['body.customerId']);
    const analyst = await ws.as('analyst');
    expect((await intake(analyst, { sender: { email: 'analyst.try@example.com' } })).statusCode).toBe(403);
    expect((await ws.request('GET', '/api/v1/customers?q=analyst.try')).json().items).toEqual([]);
  });
});
