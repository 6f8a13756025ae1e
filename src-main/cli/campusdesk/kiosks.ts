// `campusdesk kiosks list|add NAME [--location L]|revoke ID` (the token is shown once).
import type { In, Out } from './connection.ts';
import { shortTime, type Column } from './output.ts';
import { intArg, str, type ApiCommand } from './command.ts';

type Kiosk = Out<'kiosks.list'>['items'][number];

const kioskColumns: Column<Kiosk>[] = [
  { header: 'ID', key: 'id', get: (k) => k.id, right: true },
  { header: 'NAME', key: 'name', get: (k) => k.name },
  { header: 'LOCATION', key: 'location', get: (k) => k.location },
  { header: 'ACTIVE', key: 'active', raw: (k) => k.active, get: (k) => (k.active ? 'yes' : 'revoked'), style: (k) => (k.active ? null : 'gray') },
  { header: 'SUBMISSIONS', key: 'submissions', get: (k) => k.submissions, right: true },
  { header: 'LAST', key: 'lastSubmissionAt', raw: (k) => k.lastSubmissionAt, get: (k) => shortTime(k.lastSubmissionAt) },
  { header: 'CREATED', key: 'createdAt', raw: (k) => k.createdAt, get: (k) => shortTime(k.createdAt) },
];

export const kioskCommands: ApiCommand[] = [
  {
    name: 'kiosks list', args: '', positionals: [0, 0], needs: 'user', summary: 'Registered kiosks.',
    async run({ conn, out }) {
      const res = await conn.call('kiosks.list', {});
      out.rows(kioskColumns, res.items, res);
    },
  },
  {
    name: 'kiosks add', args: 'NAME [--location L]', positionals: [1, 1], needs: 'user', summary: 'Register a kiosk and print its token (shown once).',
    options: { location: { type: 'string' } },
    async run({ conn, out }, v, [name]) {
      const input: Record<string, unknown> = { name };
      if (str(v.location) !== undefined) input.location = str(v.location);
      const k = await conn.call('kiosks.create', input as In<'kiosks.create'>);
      if (out.format === 'json') return out.json(k);
      if (out.format === 'csv') return out.rows([{ header: 'id', get: (x: typeof k) => x.id }, { header: 'name', get: (x) => x.name }, { header: 'token', get: (x) => x.token }], [k]);
      out.line(`Kiosk #${k.id} "${k.name}" registered. Its token (shown only now):`);
      out.line(k.token);
    },
  },
  {
    name: 'kiosks revoke', args: 'ID', positionals: [1, 1], needs: 'user', summary: 'Revoke a kiosk\'s token.',
    async run({ conn, out }, _v, [id]) {
      const kioskId = intArg(id, 'ID');
      await conn.call('kiosks.revoke', { id: kioskId });
      if (out.format === 'json') out.json({});
      else out.line(`Kiosk #${kioskId} revoked.`);
    },
  },
];
