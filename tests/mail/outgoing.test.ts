// Email out against a real SMTP server on 127.0.0.1 (tests/mail/servers.ts): each event sends
// exactly the expected emails to exactly the expected people (parsed back with mailparser),
// with the ticket number in the subject, the reply token in Reply-To and a header, and
// Auto-Submitted; several changes within a minute make one digest; nothing from an internal
// note reaches a reporter or kiosk contact; the test email quotes a refusing server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, TestClock, type TestHub } from '../support/hub.ts';
import { SmtpSink, type Received } from './servers.ts';
import { DIGEST_WINDOW_MS } from '../../src-main/core/notifications-outbox.ts';

const FROM = 'helpdesk@campus.test';

describe('email out', () => {
  let hub: TestHub;
  let sink: SmtpSink;
  let admin: string;
  let agent: { token: string; id: number };
  let agent2: { token: string; id: number };
  let rita: { token: string; id: number };
  let kioskToken: string;
  const clock = new TestClock();

  /** Lets the digest window pass and sends everything due; returns what arrived. */
  async function flush(): Promise<Received[]> {
    clock.advance(DIGEST_WINDOW_MS + 1);
    await hub.app.mail!.sender.runOnce();
    return sink.take();
  }
  const summary = (r: Received[]) => r.map((m) => `${m.to.join(',')} ${m.mail.subject}`).sort();

  beforeAll(async () => {
    sink = await new SmtpSink().start();
    hub = await startTestHub({ clock });
    admin = await hub.setupAdmin();
    await hub.ok('users.updateMe', { email: 'admin@campus.test', notify: { email: { 'ticket.created': false } } }, admin);
    agent = await hub.user(admin, 'agnes', 'agent');
    agent2 = await hub.user(admin, 'bert', 'agent');
    rita = await hub.user(admin, 'rita', 'reporter');
    await hub.ok('users.updateMe', { email: 'agnes@campus.test', notify: { email: { 'ticket.created': true }, categories: ['technical_it'] } }, agent.token);
    await hub.ok('users.updateMe', { email: 'bert@campus.test' }, agent2.token);
    await hub.ok('users.updateMe', { email: 'rita@campus.test' }, rita.token);
    kioskToken = (await hub.ok('kiosks.create', { name: 'Library kiosk' }, admin)).token;
    await hub.ok('settings.update', {
      outgoing: { host: '127.0.0.1', port: sink.port, security: 'none', from: FROM },
      incoming: { address: FROM },
      appUrl: 'https://helpdesk.campus.test',
    }, admin);
  });
  afterAll(async () => { await hub.dispose(); await sink.stop(); });

  it('on a new ticket: the confirmation to the reporter and a notice to staff following the category, nobody else', async () => {
    const t = await hub.ok('tickets.create', { subject: 'Projector dead', description: 'Room 12, no picture', category: 'technical_it' }, rita.token);
    const got = await flush();
    expect(summary(got)).toEqual([
      `agnes@campus.test [#${t.id}] New ticket #${t.id} in Technical IT (normal): Projector dead`,
      `rita@campus.test [#${t.id}] Ticket #${t.id} opened: Projector dead`,
    ]);
    const m = got.find((x) => x.to[0] === 'rita@campus.test')!.mail;
    expect(m.from?.value[0]?.address).toBe(FROM);
    expect(m.headers.get('auto-submitted')).toBe('auto-generated');
    const token = m.headers.get('x-campusdesk-reply-token') as string;
    expect(token).toMatch(new RegExp(`^${t.id}\\.[0-9a-f]{32}$`));
    expect(m.replyTo?.value[0]?.address).toBe(`helpdesk+${token}@campus.test`);
    expect(got.find((x) => x.to[0] === 'rita@campus.test')!.raw.toString()).toContain('List-Unsubscribe: <https://helpdesk.campus.test/#/account>');
    expect(m.text).toContain(`ticket #${t.id}`);
    expect(m.html).toContain('Projector dead');
    // A category agnes does not follow: nobody on staff is emailed (bert and the admin have it off).
    await hub.ok('tickets.create', { subject: 'Cold room', description: 'Heating', category: 'facility_management' }, rita.token);
    expect(summary(await flush()).map((s) => s.split(' ')[0])).toEqual(['rita@campus.test']);
  });

  it('assignment, public replies both ways, notes and resolution each email the right person; notes never the reporter', async () => {
    const t = await hub.ok('tickets.create', { subject: 'Badge reader', description: 'Door 4 rejects badges', category: 'facility_management' }, rita.token);
    await flush();
    await hub.ok('tickets.update', { id: t.id, version: t.version, assigneeId: agent.id }, agent2.token);
    expect(summary(await flush())).toEqual([`agnes@campus.test [#${t.id}] Bert assigned ticket #${t.id} to you: Badge reader`]);
    await hub.ok('messages.add', { ticketId: t.id, body: 'TOPSECRET the reader is stolen', internal: true }, agent2.token);
    const note = await flush();
    expect(summary(note)).toEqual([`agnes@campus.test [#${t.id}] Bert added an internal note on ticket #${t.id}: Badge reader`]);
    expect(note[0]!.mail.text).toContain('TOPSECRET');
    await hub.ok('messages.add', { ticketId: t.id, body: 'We are on it.' }, agent.token);
    const reply = await flush();
    expect(summary(reply)).toEqual([`rita@campus.test [#${t.id}] Agnes replied on ticket #${t.id}: Badge reader`]);
    expect(reply[0]!.mail.text).toContain('We are on it.');
    expect(reply[0]!.raw.toString()).not.toContain('TOPSECRET');
    await hub.ok('messages.add', { ticketId: t.id, body: 'Thanks, still broken' }, rita.token);
    expect(summary(await flush())).toEqual([`agnes@campus.test [#${t.id}] Rita replied on ticket #${t.id}: Badge reader`]);
    const v = (await hub.ok('tickets.get', { id: t.id }, agent.token)).version;
    await hub.ok('tickets.setStatus', { id: t.id, status: 'in_progress', version: v }, agent.token);
    expect(await flush()).toEqual([]); // status by email only when resolved or closed
    await hub.ok('tickets.setStatus', { id: t.id, status: 'resolved' }, agent.token);
    const done = await flush();
    expect(summary(done)).toEqual([`rita@campus.test [#${t.id}] Ticket #${t.id} is resolved: Badge reader`]);
    expect(done[0]!.mail.text).toMatch(/Reopen/);
  });

  it('sends one digest when a ticket changes many times within a minute for the same person', async () => {
    const t = await hub.ok('tickets.create', { subject: 'Noisy fan', description: 'Server room', category: 'technical_it' }, rita.token);
    await flush();
    for (const body of ['First look', 'Ordered a part', 'Part arrives Monday']) {
      await hub.ok('messages.add', { ticketId: t.id, body }, agent.token);
      clock.advance(10_000);
    }
    const got = await flush();
    expect(got).toHaveLength(1);
    expect(got[0]!.to).toEqual(['rita@campus.test']);
    expect(got[0]!.mail.subject).toBe(`[#${t.id}] 3 updates: Noisy fan`);
    for (const body of ['First look', 'Ordered a part', 'Part arrives Monday']) expect(got[0]!.mail.text).toContain(body);
  });

  it('tells a kiosk contact about creation (with the reference), public replies and resolution, never a note', async () => {
    const k = await hub.ok('kiosk.submit', { category: 'services_complaints', subject: 'Vending machine', description: 'Ate my coins', contactEmail: 'walkup@mail.test', contactName: 'Wally' }, kioskToken);
    const created = await flush();
    expect(summary(created)).toEqual([`walkup@mail.test [#${k.ticketId}] Ticket #${k.ticketId} opened: Vending machine`]);
    expect(created[0]!.mail.text).toContain(k.reference);
    await hub.ok('messages.add', { ticketId: k.ticketId, body: 'TOPSECRET refund from petty cash', internal: true }, agent.token);
    await hub.ok('messages.add', { ticketId: k.ticketId, body: 'Come by the desk for a refund' }, agent.token);
    const reply = await flush();
    expect(summary(reply)).toEqual([`walkup@mail.test [#${k.ticketId}] Agnes replied on ticket #${k.ticketId}: Vending machine`]);
    expect(reply[0]!.raw.toString()).not.toContain('TOPSECRET');
    await hub.ok('tickets.setStatus', { id: k.ticketId, status: 'closed' }, agent.token);
    const closed = await flush();
    expect(summary(closed)).toEqual([`walkup@mail.test [#${k.ticketId}] Ticket #${k.ticketId} is closed: Vending machine`]);
    expect(closed[0]!.mail.text).toContain('reply to this email');
  });

  it('honours choices: email turned off for a type sends nothing', async () => {
    await hub.ok('users.updateMe', { notify: { email: { 'ticket.reply': false } } }, rita.token);
    const t = await hub.ok('tickets.create', { subject: 'Quiet please', description: 'x', category: 'facility_management' }, rita.token);
    await flush();
    await hub.ok('messages.add', { ticketId: t.id, body: 'Noted' }, agent.token);
    expect(await flush()).toEqual([]);
    await hub.ok('users.updateMe', { notify: { email: { 'ticket.reply': true } } }, rita.token);
  });

  it('settings.testEmail sends a test email, or answers VALIDATION quoting the refusing server', async () => {
    expect(await hub.ok('settings.testEmail', { to: 'someone@campus.test' }, admin)).toEqual({});
    const got = await sink.waitFor(1);
    expect(sink.take().map((m) => m.mail.subject)).toEqual(['CampusDesk test email']);
    expect(got).toBeTruthy();
    sink.refuse = '5.1.1 Mailbox unknown here';
    const r = await hub.call('settings.testEmail', { to: 'nobody@campus.test' }, admin);
    sink.refuse = null;
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('VALIDATION');
    expect(r.body.error.message).toContain('Mailbox unknown here');
    expect(r.body.error.details[0].path).toBe('to');
    expect((await hub.call('settings.testEmail', { to: 'x@campus.test' }, agent.token)).status).toBe(403);
    expect((await hub.call('settings.testEmail', { to: 'not-an-address' }, admin)).status).toBe(400);
  });
});
