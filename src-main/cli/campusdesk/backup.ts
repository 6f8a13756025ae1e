// `campusdesk backup FILE`, `restore FILE`, `check`, `backups list`: work on the database
// file itself (src-main/core/backup.ts, core/db-check.ts), so they need access to the file
// (`--db`), not a sign-in, and never go over a hub. The database code is loaded when a
// command runs, not for `--help` or wrong usage.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CheckResult } from '../../core/db-check.ts';
import { shortTime, type Column } from './output.ts';
import { str, type FileCommand } from './command.ts';

const sqliteDriver = async () => (await import('better-sqlite3')).default;
const backups = () => import('../../core/backup.ts');

const mustExist = async (dbPath: string) => {
  if (!existsSync(dbPath)) throw new (await backups()).BackupError(`There is no database at ${dbPath} (give it with --db PATH or CAMPUSDESK_DB).`);
};

export const backupCommands: FileCommand[] = [
  {
    name: 'backup', args: 'FILE', positionals: [1, 1], needs: 'file',
    summary: 'Copy the database (and its attachment folder) to FILE while it is in use, then check the copy.',
    async run({ dbPath, out }, _v, [file]) {
      await mustExist(dbPath);
      const [{ backupDatabaseSync, recordBackupSuccess }, Database] = await Promise.all([backups(), sqliteDriver()]);
      const result = backupDatabaseSync(dbPath, resolve(file!));
      const at = new Date().toISOString();
      const db = new Database(dbPath, { fileMustExist: true });
      try { db.pragma('busy_timeout = 5000'); recordBackupSuccess(db, at); } finally { db.close(); }
      if (out.format === 'json') out.json({ ...result, at });
      else out.line(`Backup of ${dbPath} written to ${result.path} (${result.bytes.toLocaleString('en')} bytes${result.files ? `, ${result.files} attachment file(s)` : ''}); its check passed.`);
    },
  },
  {
    name: 'restore', args: 'FILE', positionals: [1, 1], needs: 'file',
    summary: 'Replace the database by a backup (refused while a hub or the app has it open); the replaced one is kept.',
    async run({ dbPath, out }, _v, [file]) {
      const r = (await backups()).restoreDatabase(dbPath, resolve(file!));
      if (out.format === 'json') out.json({ restored: dbPath, from: resolve(file!), keptAs: r.keptAs });
      else out.line(`Restored ${dbPath} from ${resolve(file!)}${r.keptAs ? `; the replaced database is kept as ${r.keptAs}` : ''}.`);
    },
  },
  {
    name: 'check', args: '', positionals: [0, 0], needs: 'file',
    summary: 'integrity_check, foreign_key_check and the summary tables against a recount; exit 1 on any problem.',
    async run({ dbPath, out }) {
      await mustExist(dbPath);
      const [{ runChecks }, { schemaState }, Database] = await Promise.all([import('../../core/db-check.ts'), import('../../core/schema-version.ts'), sqliteDriver()]);
      const db = new Database(dbPath, { readonly: true, fileMustExist: true });
      let results: CheckResult[];
      let schema;
      try {
        db.pragma('busy_timeout = 5000');
        results = runChecks({ sqlite: db, dbPath });
        schema = schemaState(db);
      } finally { db.close(); }
      if (schema.unknown) results.push({ name: 'schema version', ok: false, problems: [`${schema.unknown} migration(s) from a newer CampusDesk`] });
      else results.push({ name: 'schema version', ok: true, problems: schema.pending ? [`${schema.pending} migration(s) to apply at the next start`] : [] });
      const failed = results.filter((r) => !r.ok);
      if (out.format === 'json') out.json({ ok: failed.length === 0, checks: results });
      else {
        out.rows<CheckResult>([
          { header: 'CHECK', key: 'name', get: (r) => r.name },
          { header: 'RESULT', key: 'ok', raw: (r) => r.ok, get: (r) => (r.ok ? 'ok' : 'PROBLEM'), style: (r) => (r.ok ? 'green' : 'red') },
          { header: 'DETAILS', key: 'problems', get: (r) => r.problems.join('; '), max: 90 },
        ], results);
        for (const r of failed) for (const p of r.problems) out.note(`campusdesk: check ${r.name}: ${p}`);
      }
      return failed.length ? 1 : 0;
    },
  },
  {
    name: 'backups list', args: '[--folder DIR]', positionals: [0, 0], needs: 'file',
    summary: 'The automatic backups (folder: --folder, else CAMPUSDESK_BACKUP_FOLDER, else backups/ beside the database) and what retention keeps.',
    options: { folder: { type: 'string' } },
    async run({ dbPath, out }, v) {
      const { defaultBackupFolder, lastBackupSuccess, listBackups } = await backups();
      const folder = resolve(str(v.folder) ?? (process.env.CAMPUSDESK_BACKUP_FOLDER || defaultBackupFolder(dbPath)));
      const items = listBackups(folder, dbPath);
      let last: string | null = null;
      if (existsSync(dbPath)) {
        const db = new (await sqliteDriver())(dbPath, { readonly: true, fileMustExist: true });
        try { last = lastBackupSuccess(db); } finally { db.close(); }
      }
      type B = (typeof items)[number];
      const cols: Column<B>[] = [
        { header: 'MADE', key: 'at', raw: (b) => b.at, get: (b) => shortTime(b.at) },
        { header: 'FILE', key: 'path', raw: (b) => b.path, get: (b) => b.name },
        { header: 'BYTES', key: 'bytes', get: (b) => b.bytes, right: true },
        { header: 'KEPT AS', key: 'kept', get: (b) => b.kept.join('+') || 'to be removed' },
      ];
      out.rows(cols, items, { folder, lastSuccessAt: last, items });
      if (out.format === 'table') out.note(`${items.length} backup(s) in ${folder}; last successful backup: ${last ?? 'never'}.`);
    },
  },
];
