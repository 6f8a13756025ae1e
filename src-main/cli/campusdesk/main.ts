// The `campusdesk` command line: `campusdesk [--db PATH | --hub URL] [--json | --csv] COMMAND …`,
// or, with no command on a terminal, the menu. Exit codes: 0 success, 1 failure, 2 wrong
// usage. Errors go to stderr as one sentence with the API's error code. `--help`, the
// version and wrong usage load no database code (commands load it when they run).
import { parseArgs } from 'node:util';
import { AppError } from '../../core/errors.ts';
import { resolveDbPath } from '../../paths.ts';
import { APP_VERSION } from '../../version.ts';
import { connect, interactive, signIn, type Connection } from './connection.ts';
import { Output, errorText, type Format } from './output.ts';
import { Cancelled } from './prompting.ts';
import { UsageError, type Command, type OptionSpec, type Values } from './command.ts';
import { ticketCommands } from './tickets.ts';
import { reportCommands } from './report.ts';
import { userCommands } from './users.ts';
import { categoryCommands } from './categories.ts';
import { kioskCommands } from './kiosks.ts';
import { importExportCommands } from './import-export.ts';
import { backupCommands } from './backup.ts';

export const commands: Command[] = [
  ...ticketCommands, ...reportCommands, ...userCommands, ...categoryCommands, ...kioskCommands,
  ...importExportCommands, ...backupCommands,
];

const globalOptions: Record<string, OptionSpec> = {
  db: { type: 'string' },
  hub: { type: 'string' },
  json: { type: 'boolean' },
  csv: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
};

const GLOBAL_HELP = `Global options:
  --db PATH     the database file (else CAMPUSDESK_DB, else the app's default)
  --hub URL     work on a running hub instead (else CAMPUSDESK_HUB)
  --json        print the API's objects as JSON
  --csv         print CSV (RFC 4180, UTF-8, header row, formula-safe)
Sign-in: CAMPUSDESK_TOKEN, or CAMPUSDESK_USER + CAMPUSDESK_PASSWORD, or asked on a terminal.`;

function generalHelp(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    `campusdesk ${APP_VERSION}: the CampusDesk helpdesk on the command line.`,
    '',
    'Usage: campusdesk [global options] COMMAND [arguments]',
    '       campusdesk            (on a terminal: the menu)',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    GLOBAL_HELP,
    'Run "campusdesk COMMAND --help" for a command\'s arguments.',
  ].join('\n');
}

function commandHelp(c: Command): string {
  return [`Usage: campusdesk ${c.name}${c.args ? ' ' + c.args : ''}`, '', c.summary, ...(c.help ? ['', c.help] : []), '', GLOBAL_HELP].join('\n');
}

/** Splits argv into the command's words and everything else (flags may come first). */
function findCommand(argv: string[]): { command: Command | null; rest: string[]; words: string[] } {
  const positions: number[] = [];
  for (let i = 0; i < argv.length && positions.length < 2; i++) {
    const a = argv[i]!;
    if (a === '--') break;
    if (a.startsWith('-')) {
      const name = a.replace(/^--?/, '');
      if (!a.includes('=') && (globalOptions[name]?.type === 'string')) i++;
      continue;
    }
    positions.push(i);
  }
  const words = positions.map((i) => argv[i]!);
  const two = words.slice(0, 2).join(' ');
  let command = commands.find((c) => c.name === two) ?? null;
  let used = 2;
  if (!command) { command = commands.find((c) => c.name === words[0]) ?? null; used = 1; }
  if (!command) return { command: null, rest: argv, words };
  const drop = new Set(positions.slice(0, used));
  return { command, rest: argv.filter((_, i) => !drop.has(i)), words };
}

function parse(options: Record<string, OptionSpec>, args: string[], command: string | null): { values: Values; positionals: string[] } {
  try {
    const r = parseArgs({ args, options, allowPositionals: true, strict: true });
    return { values: r.values, positionals: r.positionals };
  } catch (err) {
    throw new UsageError((err as Error).message.replace(/\.? To specify a positional argument.*$/s, '.'), command);
  }
}

export async function main(argv: string[]): Promise<number> {
  const { command, rest, words } = findCommand(argv);
  if (!command) {
    const { values, positionals } = parse(globalOptions, argv, null);
    if (values.version) { process.stdout.write(`${APP_VERSION}\n`); return 0; }
    if (values.help || positionals[0] === 'help') { process.stdout.write(generalHelp() + '\n'); return 0; }
    if (positionals.length) {
      const group = commands.filter((c) => c.name.startsWith(`${positionals[0]} `)).map((c) => c.name.split(' ')[1]);
      throw new UsageError(group.length
        ? `"${words.join(' ')}" is not a command; "${positionals[0]}" takes one of: ${group.join(', ')}.`
        : `"${positionals[0]}" is not a command.`);
    }
    if (!interactive()) throw new UsageError('No command given (the menu needs a terminal).');
    const out = new Output('table');
    const { runMenu } = await import('./menu.ts');
    return runMenu({ out, db: values.db as string | undefined, hub: values.hub as string | undefined });
  }
  const { values, positionals } = parse({ ...globalOptions, ...command.options }, rest, command.name);
  if (values.help) { process.stdout.write(commandHelp(command) + '\n'); return 0; }
  const [min, max] = command.positionals;
  if (positionals.length < min || positionals.length > max) {
    throw new UsageError(positionals.length < min ? `Missing arguments: ${command.args}.` : `Unexpected argument "${positionals[max]}".`, command.name);
  }
  if (values.json && values.csv) throw new UsageError('Give --json or --csv, not both.', command.name);
  const format: Format = values.json ? 'json' : values.csv ? 'csv' : 'table';
  const out = new Output(format);
  if (command.needs === 'file') {
    if (values.hub) throw new UsageError(`"${command.name}" works on the database file: give --db PATH (on the machine that holds it), not --hub.`, command.name);
    return (await command.run({ out, dbPath: resolveDbPath(values.db as string | undefined) }, values, positionals)) ?? 0;
  }
  const conn: Connection = await connect({ db: values.db as string | undefined, hub: values.hub as string | undefined });
  let ownSession = false;
  try {
    let me = null as unknown as Parameters<typeof command.run>[0]['me'];
    if (command.needs === 'user') {
      const s = await signIn(conn);
      me = s.user;
      ownSession = s.ownSession;
    }
    return (await command.run({ out, conn, me }, values, positionals)) ?? 0;
  } finally {
    if (ownSession) await conn.call('auth.logout', {}).catch(() => {});
    await conn.close();
  }
}

/** Runs the command line and exits with its code; no stack traces for expected failures. */
export async function run(argv: string[] = process.argv.slice(2)): Promise<never> {
  let code: number;
  try {
    code = await main(argv);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`campusdesk: ${err.message}\nRun "campusdesk ${err.command ? err.command + ' ' : ''}--help" for usage.\n`);
      code = 2;
    } else if (err instanceof Cancelled) {
      process.stderr.write('campusdesk: cancelled.\n');
      code = 1;
    } else if (err instanceof AppError) {
      process.stderr.write(errorText(err) + '\n');
      code = 1;
    } else {
      // The database code's errors, loaded only now (a command that threw one has loaded them).
      const [{ BackupError }, { NewerSchemaError }] = await Promise.all([import('../../core/backup.ts'), import('../../core/schema-version.ts')]);
      if (err instanceof BackupError) {
        process.stderr.write(`campusdesk: ${err.message}\n${err.problems.map((p) => `  ${p}\n`).join('')}`);
      } else {
        process.stderr.write(errorText(err) + '\n');
        if (!(err instanceof NewerSchemaError) && process.env.CAMPUSDESK_DEBUG) process.stderr.write(`${(err as Error)?.stack ?? ''}\n`);
      }
      code = 1;
    }
  }
  // Pipes are written asynchronously: exit only once everything printed has gone out.
  await Promise.all([process.stdout, process.stderr].map((s) => new Promise<void>((done) => { s.write('', () => done()); })));
  process.exit(code);
}

if (import.meta.main) await run();
