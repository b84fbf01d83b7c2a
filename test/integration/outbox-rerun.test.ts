import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../src/server/events/events.js';
import { mailHandler } from '../../src/server/mail/mail.events.js';
import { createMember, drainOutbox, setUpOrganisation, startTestApp, type TestApp } from '../helpers/app.js';
import type { TestClient } from '../helpers/client.js';
import { createSpace } from '../helpers/stream.js';

/*
 * Handlers that send something stay idempotent when an event runs again after a crash: the handler
 * did its work, then the node died before the outbox noted it as done. The test puts finished events
 * back in the queue as such a crash leaves them and lets the worker run them once more.
 */
describe('an outbox event run again', () => {
  let test: TestApp;
  let admin: TestClient;
  let editor: Awaited<ReturnType<typeof createMember>>;
  let member: Awaited<ReturnType<typeof createMember>>;

  beforeAll(async () => {
    test = await startTestApp({ env: { KANTINE_OUTBOX_POLL_MS: '100', KANTINE_SCHEDULER_SECONDS: '0' } });
    ({ admin } = await setUpOrganisation(test));
    editor = await createMember(test, admin, { name: 'Erika Editor', role: 'editor' });
    member = await createMember(test, admin, { name: 'Mia Mitglied' });
  });
  afterAll(() => test?.close());

  /** Every event of these types since `afterId`, back to pending with no handler done, as after a crash. */
  async function runAgain(afterId: number, types: DomainEvent['type'][]) {
    const { db } = test.app.kantine.database;
    const rows = await db
      .selectFrom('outbox')
      .select(['id', 'type', 'state'])
      .where('id', '>', afterId)
      .where('type', 'in', types)
      .execute();
    expect(rows.length).toBeGreaterThanOrEqual(types.length);
    expect(rows.every((row) => row.state === 'done')).toBe(true);
    await db
      .updateTable('outbox')
      .set({
        state: 'pending',
        done_handlers: '[]',
        attempts: 0,
        locked_by: null,
        locked_until: null,
        finished_at: null,
        available_at: new Date(0).toISOString(),
      })
      .where(
        'id',
        'in',
        rows.map((row) => row.id),
      )
      .execute();
    await drainOutbox(test);
    const after = await db
      .selectFrom('outbox')
      .select('state')
      .where(
        'id',
        'in',
        rows.map((row) => row.id),
      )
      .execute();
    expect(after.map((row) => row.state)).toEqual(rows.map(() => 'done'));
  }

  async function lastEventId() {
    const row = await test.app.kantine.database.db
      .selectFrom('outbox')
      .select((eb) => eb.fn.max('id').as('id'))
      .executeTakeFirst();
    return Number(row?.id ?? 0);
  }

  const notes = async (client: TestClient) =>
    (await client.get('/api/v1/notifications?limit=50')).body.items as Array<{
      type: string;
      contentId: number | null;
      space: { id: number } | null;
    }>;

  it('notifies each person once for a mention, a comment and a must-read', async () => {
    const before = await lastEventId();
    const space = await createSpace(admin, { name: 'Werkstatt', visibility: 'public' });
    await member.client.post(`/api/v1/spaces/${space.id}/members`, {});
    const item = await admin.post(`/api/v1/spaces/${space.id}/posts`, {
      body: `Hallo @${member.user.handle}, bitte lesen`,
      attachments: [],
    });
    expect(item.status).toBe(201);
    expect(
      (await member.client.post(`/api/v1/content/${item.body.id}/comments`, { body: 'Gelesen!' })).status,
    ).toBe(201);
    const draft = await editor.client.post('/api/v1/articles', {
      title: 'Pflichtlektüre',
      body: 'Bitte alle lesen.',
      mustRead: {},
    });
    expect((await editor.client.post(`/api/v1/articles/${draft.body.id}/publish`, {})).status).toBe(200);
    await drainOutbox(test);

    const count = async () => {
      const mine = await notes(member.client);
      const admins = await notes(admin);
      return {
        mention: mine.filter((n) => n.type === 'mention' && n.contentId === item.body.id).length,
        mustRead: mine.filter((n) => n.type === 'must_read' && n.contentId === draft.body.id).length,
        comment: admins.filter((n) => n.type === 'comment' && n.contentId === item.body.id).length,
        all: mine.length + admins.length,
      };
    };
    const first = await count();
    expect(first).toMatchObject({ mention: 1, mustRead: 1, comment: 1 });

    const unread = async () => (await member.client.get('/api/v1/notifications')).body.unreadCount;
    const unreadBefore = await unread();
    expect(unreadBefore).toBeGreaterThanOrEqual(2);

    await runAgain(before, ['content.created', 'comment.created', 'article.published']);
    expect(await count()).toEqual(first);
    expect(await unread()).toBe(unreadBefore);
  });

  it('notifies space admins of a join request once', async () => {
    const space = await createSpace(admin, { name: 'Geheimrat', visibility: 'private' });
    const before = await lastEventId();
    expect((await member.client.post(`/api/v1/spaces/${space.id}/members`, {})).status).toBeLessThan(300);
    await drainOutbox(test);
    const requests = async () =>
      (await notes(admin)).filter((n) => n.type === 'join_request' && n.space?.id === space.id).length;
    expect(await requests()).toBe(1);
    await runAgain(before, ['space.requested']);
    expect(await requests()).toBe(1);
  });

  it('sends a mail once per event and recipient', async () => {
    const before = await lastEventId();
    expect((await test.client().post('/api/v1/password-reset', { email: member.email })).status).toBe(202);
    await test.mailbox.waitFor(member.email, 'reset-password');
    await drainOutbox(test);
    const sentTo = () => test.mailbox.received.filter((mail) => mail.to.includes(member.email)).length;
    const sent = sentTo();
    const row = await test.app.kantine.database.db
      .selectFrom('outbox')
      .selectAll()
      .where('id', '>', before)
      .where('type', '=', 'mail.requested')
      .executeTakeFirstOrThrow();
    // The mail's payload is blanked once sent; a crash before that leaves it whole, as here.
    const event: DomainEvent = {
      type: 'mail.requested',
      to: member.email,
      subject: 'Noch einmal',
      text: 'x',
    };
    const meta = { id: row.id, occurredAt: row.created_at, attempt: 2 };
    await mailHandler(test.app.kantine, event, meta);
    await mailHandler(test.app.kantine, event, meta);
    expect(sentTo()).toBe(sent);

    // Another event is another mail.
    await mailHandler(test.app.kantine, event, { ...meta, id: row.id + 100_000 });
    await test.mailbox.waitFor(member.email, 'Noch einmal');
    expect(sentTo()).toBe(sent + 1);
  });
});
