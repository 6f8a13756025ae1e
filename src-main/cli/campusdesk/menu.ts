// The menu `campusdesk` shows on a terminal without a command. Its first six entries are the
// six operations of the terminal program CampusDesk replaces (insert a ticket; view and
// modify tickets; change a status; tickets by period; average resolution time; active
// tickets per category), then search, show a ticket with its conversation, reply,
// administration and quit. Every answer is checked with the API's own schemas before it is
// sent, and the API's message is shown when a call fails; Esc or Ctrl+C in a prompt goes back
// to the menu, and Ctrl+C at the menu quits.
import { input, password, rawlist, confirm } from '@inquirer/prompts';
import type { z } from 'zod';
import { Subject, Description, Location, Body, Username, DisplayName, Password, IsoInput, Email, Slug } from '../../../src-shared/schemas.ts';
import { STATUSES, PRIORITIES, ROLES, isActive, type Status } from '../../../src-shared/domain.ts';
import { AppError } from '../../core/errors.ts';
import { connect, signIn, type Connection, type In, type Out } from './connection.ts';
import { errorText, renderTable, type Output } from './output.ts';
import { ask, Cancelled } from './prompting.ts';
import { printTicket, ticketColumns, type Ticket } from './tickets.ts';
import { printActive, printDurations, printPeriod } from './report.ts';
import { userColumns, userByName } from './users.ts';
import { categoryColumns } from './categories.ts';

type User = Out<'auth.me'>['user'];

interface MenuState {
  conn: Connection;
  out: Output;
  me: User;
}

/** A prompt validator from an API schema: true, or the API's message. */
const check = (schema: z.ZodType, optional = false) => (value: string): true | string => {
  if (optional && value.trim() === '') return true;
  const r = schema.safeParse(value);
  return r.success ? true : (r.error.issues[0]?.message ?? 'Not valid');
};
const idCheck = (v: string): true | string => (/^\s*\d+\s*$/.test(v) && Number(v) > 0 ? true : 'Enter a ticket number (a positive whole number)');
const staff = (me: User) => me.role === 'agent' || me.role === 'admin';

const text = (message: string, schema: z.ZodType, opts: { optional?: boolean; default?: string } = {}) =>
  ask(input, { message, validate: check(schema, opts.optional), ...(opts.default !== undefined ? { default: opts.default } : {}) }).then((s) => s.trim());
const ticketId = async () => Number((await ask(input, { message: 'Ticket number', validate: idCheck })).trim());

async function category(conn: Connection, message = 'Category', current?: string): Promise<string> {
  const { items } = await conn.call('categories.list', {});
  const active = items.filter((c) => c.active);
  return ask(rawlist<string>, { message, choices: active.map((c) => ({ value: c.slug, name: `${c.name} (${c.slug})` })), ...(current && active.some((c) => c.slug === current) ? { default: current } : {}) });
}
const statusChoice = (message: string, current?: Status) =>
  ask(rawlist<Status>, { message, choices: STATUSES.map((s) => ({ value: s, name: s })), default: current ?? 'open' });
const priorityChoice = (current = 'normal') =>
  ask(rawlist<(typeof PRIORITIES)[number]>, { message: 'Priority', choices: PRIORITIES.map((p) => ({ value: p, name: p })), default: current as (typeof PRIORITIES)[number] });

// ---------- 1. insert a ticket ----------

async function insertTicket({ conn, out, me }: MenuState): Promise<void> {
  let past = false;
  if (me.role === 'admin') {
    past = await ask(rawlist<boolean>, { message: 'Record', choices: [{ value: false, name: 'a new ticket, reported now' }, { value: true, name: 'a past ticket, with its status and dates' }] });
  }
  const subject = await text('Subject', Subject);
  const description = await text('Description', Description);
  const cat = await category(conn);
  const priority = staff(me) ? await priorityChoice() : undefined;
  const location = await text('Location (optional)', Location, { optional: true });
  if (!past) {
    const t = await conn.call('tickets.create', { subject, description, category: cat, ...(priority ? { priority } : {}), ...(location ? { location } : {}) });
    out.line(out.paint('green', `Ticket #${t.id} created.`));
    return;
  }
  const status = await statusChoice('Status');
  const now = new Date().toISOString();
  const openedAt = await text('Opening date (ISO 8601 with offset, e.g. 2026-03-01T09:30:00+01:00)', IsoInput);
  const updatedAt = await text('Last modification date (empty: the latest of the other dates)', IsoInput, { optional: true });
  const closedAt = isActive(status) ? '' : await text('Closing date', IsoInput, { default: now });
  const ticket: In<'tickets.import'>['tickets'][number] = {
    subject, description, category: cat, status, openedAt, reporterUsername: me.username,
    ...(priority ? { priority } : {}), ...(location ? { location } : {}), ...(updatedAt ? { updatedAt } : {}), ...(closedAt ? { closedAt } : {}),
  };
  const r = await conn.call('tickets.import', { tickets: [ticket] });
  out.line(out.paint('green', `Past ticket #${r.ids[0]} recorded (${status}).`));
}

// ---------- 2. view and modify ----------

async function editTicket(state: MenuState, id: number): Promise<void> {
  const { conn, out, me } = state;
  for (;;) {
    const t = await conn.call('tickets.get', { id });
    const { items } = await conn.call('messages.list', { ticketId: id });
    out.line();
    printTicket(out, t, items);
    out.line();
    type Act = 'subject' | 'description' | 'category' | 'priority' | 'location' | 'assignee' | 'status' | 'reply' | 'back';
    const acts: { value: Act; name: string }[] = [
      { value: 'subject', name: 'Edit the subject' }, { value: 'description', name: 'Edit the description' },
      ...(staff(me) ? [{ value: 'category' as const, name: 'Change the category' }, { value: 'priority' as const, name: 'Change the priority' }] : []),
      { value: 'location', name: 'Edit the location' },
      ...(staff(me) ? [{ value: 'assignee' as const, name: 'Assign' }] : []),
      { value: 'status', name: 'Change the status' }, { value: 'reply', name: 'Reply' }, { value: 'back', name: 'Back' },
    ];
    const act = await ask(rawlist<Act>, { message: `Ticket #${id}`, choices: acts });
    if (act === 'back') return;
    try {
      await applyEdit(state, t, act);
    } catch (err) {
      if (err instanceof Cancelled) continue;
      if (!(err instanceof AppError)) throw err;
      out.line(out.paint('red', errorText(err)));
    }
  }
}

async function applyEdit({ conn, out, me }: MenuState, t: Ticket, act: string): Promise<void> {
  const update = (change: Partial<In<'tickets.update'>>) => conn.call('tickets.update', { id: t.id, version: t.version, ...change });
  switch (act) {
    case 'subject': await update({ subject: await text('Subject', Subject, { default: t.subject }) }); break;
    case 'description': await update({ description: await text('Description', Description, { default: t.description }) }); break;
    case 'category': await update({ category: await category(conn, 'Category', t.category) }); break;
    case 'priority': await update({ priority: await priorityChoice(t.priority) }); break;
    case 'location': {
      const l = await text('Location (empty: none)', Location, { optional: true, default: t.location ?? '' });
      await update({ location: l || null });
      break;
    }
    case 'assignee': {
      const staffUsers = [...(await conn.call('users.list', { role: 'agent' })).items, ...(await conn.call('users.list', { role: 'admin' })).items].filter((u) => u.active);
      const choice = await ask(rawlist<number | null>, {
        message: 'Assign to',
        choices: [{ value: me.id, name: `me (${me.displayName})` }, ...staffUsers.filter((u) => u.id !== me.id).map((u) => ({ value: u.id, name: `${u.displayName} (${u.username})` })), { value: null, name: 'nobody' }],
      });
      await update({ assigneeId: choice });
      break;
    }
    case 'status': await conn.call('tickets.setStatus', { id: t.id, status: await statusChoice('New status', t.status), version: t.version }); break;
    case 'reply': await reply({ conn, out, me }, t.id); return;
  }
  out.line(out.paint('green', 'Saved.'));
}

async function browse(state: MenuState, search = false): Promise<void> {
  const { conn, out } = state;
  const filter: In<'tickets.list'> = {};
  if (search) {
    filter.q = await text('Search for (words in the subject, description or messages)', Subject);
  } else {
    const which = await ask(rawlist<string>, { message: 'Which tickets', choices: [{ value: 'all', name: 'all' }, { value: 'active', name: 'active (open, in progress, waiting)' }, ...STATUSES.map((s) => ({ value: s, name: s }))] });
    if (which === 'active') filter.status = ['open', 'in_progress', 'waiting'];
    else if (which !== 'all') filter.status = [which as Status];
  }
  let cursor: string | undefined;
  const pages: (string | undefined)[] = [];
  for (;;) {
    const res = await conn.call('tickets.list', { ...filter, limit: 15, ...(cursor ? { cursor } : {}) });
    out.line();
    if (res.items.length) process.stdout.write(renderTable(ticketColumns, res.items, (s, t) => out.paint(s, t)));
    else out.line('No tickets match.');
    out.line(out.paint('dim', `${res.total} ticket(s) in all, page ${pages.length + 1}`));
    type Nav = 'open' | 'next' | 'prev' | 'back';
    const nav = await ask(rawlist<Nav>, {
      message: 'Next',
      choices: [
        ...(res.items.length ? [{ value: 'open' as const, name: 'Open a ticket (view, edit)' }] : []),
        ...(res.nextCursor ? [{ value: 'next' as const, name: 'Next page' }] : []),
        ...(pages.length ? [{ value: 'prev' as const, name: 'Previous page' }] : []),
        { value: 'back', name: 'Back to the menu' },
      ],
    });
    if (nav === 'back') return;
    if (nav === 'next') { pages.push(cursor); cursor = res.nextCursor ?? undefined; }
    if (nav === 'prev') cursor = pages.pop();
    if (nav === 'open') {
      try { await editTicket(state, await ticketId()); } catch (err) {
        if (err instanceof Cancelled) continue;
        if (!(err instanceof AppError)) throw err;
        out.line(out.paint('red', errorText(err)));
      }
    }
  }
}

// ---------- 3, 8, 9 ----------

async function changeStatus({ conn, out }: MenuState): Promise<void> {
  const id = await ticketId();
  const t = await conn.call('tickets.get', { id });
  out.line(`#${t.id} ${t.subject}: ${t.status}`);
  const status = await statusChoice('New status', t.status);
  const after = await conn.call('tickets.setStatus', { id, status, version: t.version });
  out.line(out.paint('green', `Ticket #${after.id} is now ${after.status}.`));
}

async function show({ conn, out }: MenuState): Promise<void> {
  const id = await ticketId();
  const t = await conn.call('tickets.get', { id });
  printTicket(out, t, (await conn.call('messages.list', { ticketId: id })).items);
}

async function reply({ conn, out, me }: MenuState, id?: number): Promise<void> {
  const ticket = id ?? await ticketId();
  const body = await text('Message', Body);
  const internal = staff(me) ? await ask(confirm, { message: 'Internal note (staff only)?', default: false }) : false;
  const m = await conn.call('messages.add', { ticketId: ticket, body, ...(internal ? { internal } : {}) });
  out.line(out.paint('green', `${m.internal ? 'Note' : 'Reply'} added to ticket #${ticket}.`));
}

// ---------- 4–6 ----------

async function byPeriod({ conn, out }: MenuState): Promise<void> {
  const unit = await ask(rawlist<'h' | 'd'>, { message: 'Tickets of the last', choices: [{ value: 'h', name: 'X hours' }, { value: 'd', name: 'X days' }] });
  const n = (await ask(input, { message: unit === 'h' ? 'How many hours' : 'How many days', validate: (v: string) => (/^\s*[1-9]\d*\s*$/.test(v) ? true : 'Enter a whole number from 1') })).trim();
  printPeriod(out, await conn.call('analytics.ticketsByPeriod', { last: `${n}${unit}` }));
}

async function resolution({ conn, out }: MenuState): Promise<void> {
  const groupBy = await ask(rawlist<'none' | 'category' | 'priority' | 'assignee'>, { message: 'Split by', choices: (['none', 'category', 'priority', 'assignee'] as const).map((g) => ({ value: g, name: g })) });
  printDurations(out, 'Average resolution time (closedAt − openedAt)', await conn.call('analytics.resolutionTime', { groupBy }));
}

// ---------- 10. administration ----------

async function administration({ conn, out, me }: MenuState): Promise<void> {
  if (me.role !== 'admin') { out.line(out.paint('yellow', 'Administration is for admins.')); return; }
  type A = 'users' | 'adduser' | 'role' | 'deactivate' | 'passwd' | 'cats' | 'addcat' | 'renamecat' | 'deactcat' | 'kiosks' | 'addkiosk' | 'revokekiosk' | 'back';
  for (;;) {
    const a = await ask(rawlist<A>, {
      message: 'Administration',
      choices: [
        { value: 'users', name: 'List users' }, { value: 'adduser', name: 'Add a user' }, { value: 'role', name: 'Change a user\'s role' },
        { value: 'deactivate', name: 'Deactivate a user' }, { value: 'passwd', name: 'Set a user\'s password' },
        { value: 'cats', name: 'List categories' }, { value: 'addcat', name: 'Add a category' }, { value: 'renamecat', name: 'Rename a category' }, { value: 'deactcat', name: 'Deactivate a category' },
        { value: 'kiosks', name: 'List kiosks' }, { value: 'addkiosk', name: 'Register a kiosk' }, { value: 'revokekiosk', name: 'Revoke a kiosk' },
        { value: 'back', name: 'Back to the menu' },
      ],
    });
    if (a === 'back') return;
    try {
      switch (a) {
        case 'users': process.stdout.write(renderTable(userColumns, (await conn.call('users.list', {})).items)); break;
        case 'adduser': {
          const username = await text('Username', Username);
          const displayName = await text('Display name', DisplayName);
          const email = await text('Email (optional)', Email, { optional: true });
          const role = await ask(rawlist<(typeof ROLES)[number]>, { message: 'Role', choices: ROLES.map((r) => ({ value: r, name: r })) });
          const pw = await ask(password, { message: 'Password', mask: '*', validate: check(Password) });
          const u = await conn.call('users.create', { username, displayName, role, password: pw, ...(email ? { email } : {}) });
          out.line(out.paint('green', `User ${u.username} created.`));
          break;
        }
        case 'role': {
          const u = await userByName(conn, await text('Username', Username));
          const role = await ask(rawlist<(typeof ROLES)[number]>, { message: 'New role', choices: ROLES.map((r) => ({ value: r, name: r })), default: u.role });
          await conn.call('users.update', { id: u.id, role });
          out.line(out.paint('green', `${u.username} is now ${role}.`));
          break;
        }
        case 'deactivate': {
          const u = await userByName(conn, await text('Username', Username));
          await conn.call('users.update', { id: u.id, active: false });
          out.line(out.paint('green', `${u.username} deactivated.`));
          break;
        }
        case 'passwd': {
          const u = await userByName(conn, await text('Username', Username));
          const pw = await ask(password, { message: 'New password', mask: '*', validate: check(Password) });
          await conn.call('users.update', { id: u.id, password: pw });
          out.line(out.paint('green', `Password of ${u.username} set.`));
          break;
        }
        case 'cats': process.stdout.write(renderTable(categoryColumns, (await conn.call('categories.list', {})).items)); break;
        case 'addcat': {
          const slug = await text('Slug (a-z, 0-9, _ and -)', Slug);
          const name = await text('Name', DisplayName);
          await conn.call('categories.create', { slug, name });
          out.line(out.paint('green', `Category ${slug} created.`));
          break;
        }
        case 'renamecat': {
          const slug = await category(conn, 'Category to rename');
          const name = await text('New name', DisplayName);
          await conn.call('categories.update', { slug, name });
          out.line(out.paint('green', 'Renamed.'));
          break;
        }
        case 'deactcat': {
          const slug = await category(conn, 'Category to deactivate');
          await conn.call('categories.update', { slug, active: false });
          out.line(out.paint('green', `Category ${slug} deactivated.`));
          break;
        }
        case 'kiosks': {
          for (const k of (await conn.call('kiosks.list', {})).items) out.line(`#${k.id}  ${k.name}  ${k.location ?? ''}  ${k.active ? 'active' : 'revoked'}`);
          break;
        }
        case 'addkiosk': {
          const name = await text('Kiosk name', DisplayName);
          const location = await text('Location (optional)', Location, { optional: true });
          const k = await conn.call('kiosks.create', { name, ...(location ? { location } : {}) });
          out.line(`Kiosk #${k.id} registered; its token (shown only now): ${k.token}`);
          break;
        }
        case 'revokekiosk': {
          const id = Number((await ask(input, { message: 'Kiosk number', validate: idCheck })).trim());
          await conn.call('kiosks.revoke', { id });
          out.line(out.paint('green', `Kiosk #${id} revoked.`));
          break;
        }
      }
    } catch (err) {
      if (err instanceof Cancelled) continue;
      if (!(err instanceof AppError)) throw err;
      out.line(out.paint('red', errorText(err)));
    }
  }
}

// ---------- the menu ----------

export const MENU = [
  'Insert a new ticket',
  'View and modify tickets',
  'Change a ticket\'s status',
  'Tickets by period (last X hours or days)',
  'Average ticket resolution time',
  'Active tickets per category',
  'Search tickets',
  'Show a ticket with its conversation',
  'Reply to a ticket',
  'Administration',
  'Quit',
] as const;

const ACTIONS: ((s: MenuState) => Promise<void>)[] = [
  insertTicket, (s) => browse(s), changeStatus, byPeriod, resolution, async (s) => printActive(s.out, await s.conn.call('analytics.activeByCategory', {})),
  (s) => browse(s, true), show, (s) => reply(s), administration,
];

/** First admin of an empty database, asked on the terminal (like the app's first visit). */
async function firstAdmin(conn: Connection, out: Output): Promise<void> {
  out.line('This database has no users yet: create the first admin.');
  const username = await text('Admin username', Username);
  const displayName = await text('Display name', DisplayName);
  const pw = await ask(password, { message: 'Password (8 characters or more)', mask: '*', validate: check(Password) });
  await conn.call('auth.setup', { username, displayName, password: pw });
  await conn.call('auth.logout', {}).catch(() => {});
  process.env.CAMPUSDESK_USER = username;
  process.env.CAMPUSDESK_PASSWORD = pw;
  out.line(out.paint('green', `Admin ${username} created.`));
}

export async function runMenu(opts: { out: Output; db?: string | undefined; hub?: string | undefined }): Promise<number> {
  const { out } = opts;
  const conn = await connect(opts);
  let ownSession = false;
  try {
    let me: User;
    try {
      if (!process.env.CAMPUSDESK_TOKEN && (await conn.call('auth.status', {})).needsSetup) await firstAdmin(conn, out);
      const s = await signIn(conn);
      me = s.user;
      ownSession = s.ownSession;
    } catch (err) {
      if (err instanceof Cancelled) return 1;
      throw err;
    }
    const state: MenuState = { conn, out, me };
    out.line(out.paint('bold', `CampusDesk — signed in as ${me.displayName} (${me.role}) on ${conn.where}`));
    for (;;) {
      out.line();
      let choice: number;
      try {
        choice = await ask(rawlist<number>, { message: 'Choose an operation', choices: MENU.map((name, i) => ({ value: i, name })) });
      } catch (err) {
        if (err instanceof Cancelled) return 0;
        throw err;
      }
      if (choice === MENU.length - 1) return 0;
      try {
        await ACTIONS[choice]!(state);
      } catch (err) {
        if (err instanceof Cancelled) { out.line(out.paint('dim', '(back to the menu)')); continue; }
        if (!(err instanceof AppError)) throw err;
        out.line(out.paint('red', errorText(err)));
      }
    }
  } finally {
    if (ownSession) await conn.call('auth.logout', {}).catch(() => {});
    await conn.close();
  }
}
