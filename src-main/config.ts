// The hub's configuration: defaults < config file (`--config FILE` or CAMPUSDESK_CONFIG) <
// environment variables < command-line flags, validated with zod into one HubConfig. Every
// mistake is reported as one line naming where it came from (file and key, variable, flag);
// nothing here throws a stack trace at the operator.
//
// The file is JSON5 (https://json5.org: JSON plus comments, trailing commas, unquoted keys),
// parsed by SQLite's own json() function, which reads JSON5 (no hand-written parser, no extra
// package). Example with every key: deploy/campusdesk.example.json5.
import { accessSync, constants, readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { z } from 'zod';
import { LOG_LEVELS, type LogLevel } from './log.ts';
import { proxyEntryProblem } from './transport/proxy.ts';
import { resolveDbPath } from './paths.ts';

export const DEFAULT_PORT = 4780;
export const DEFAULT_HOST = '127.0.0.1';

export interface HubConfig {
  port: number;
  host: string;
  /** The database file. */
  database: string;
  tls: { cert: string; key: string } | null;
  trustProxy: string[];
  backups: { enabled: boolean; folder: string | null };
  log: { level: LogLevel; pretty: boolean | null };
  metrics: { token: string | null };
  /** Where each value came from, for the start-up log line ("default", a file, "env", "flag"). */
  sources: Record<string, string>;
}

/** A configuration mistake: one line per problem, each saying where it came from. */
export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

const port = z.number({ error: 'must be a number' }).int('must be a whole number').min(0, 'must be from 0 to 65535').max(65535, 'must be from 0 to 65535');
const nonEmpty = z.string({ error: 'must be a string' }).trim().min(1, 'must not be empty');
const proxyEntry = z.string({ error: 'must be a string' }).superRefine((v, ctx) => {
  const problem = proxyEntryProblem(v);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** The file's shape (all keys optional; unknown keys are mistakes: a typo must not pass silently). */
export const ConfigFileSchema = z.strictObject({
  port: port.optional(),
  host: nonEmpty.optional(),
  database: nonEmpty.optional(),
  tls: z.strictObject({ cert: nonEmpty, key: nonEmpty }).nullable().optional(),
  trustProxy: z.array(proxyEntry, { error: 'must be a list of addresses or CIDR ranges' }).optional(),
  backups: z.strictObject({
    enabled: z.boolean({ error: 'must be true or false' }).optional(),
    folder: nonEmpty.nullable().optional(),
  }).optional(),
  log: z.strictObject({
    level: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).optional(),
    pretty: z.boolean({ error: 'must be true or false' }).nullable().optional(),
  }).optional(),
  metrics: z.strictObject({ token: z.string({ error: 'must be a string' }).min(16, 'must be at least 16 characters').nullable().optional() }).optional(),
});
type ConfigFile = z.infer<typeof ConfigFileSchema>;

/** The command line of `npm run serve`. */
export const SERVE_OPTIONS = {
  config: { type: 'string' },
  'check-config': { type: 'boolean' },
  port: { type: 'string' },
  host: { type: 'string' },
  db: { type: 'string' },
  'tls-cert': { type: 'string' },
  'tls-key': { type: 'string' },
  'trust-proxy': { type: 'string', multiple: true },
  'log-level': { type: 'string' },
  'log-pretty': { type: 'boolean' },
  'metrics-token': { type: 'string' },
  'backup-folder': { type: 'string' },
  'no-backups': { type: 'boolean' },
  'no-build': { type: 'boolean' },
  demo: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const SERVE_USAGE = `Usage: npm run serve -- [--config FILE] [--check-config] [--port 4780] [--host 127.0.0.1] [--db PATH]
          [--tls-cert FILE --tls-key FILE] [--trust-proxy ADDR[,ADDR…]] [--log-level info] [--log-pretty]
          [--metrics-token TOKEN] [--backup-folder DIR] [--no-backups] [--no-build] [--demo]
Serves the CampusDesk API (/api/v1/…), the app (/), the kiosk page (/kiosk) and /metrics over
HTTP, or HTTPS with a certificate. Settings come from the config file (JSON5; see
deploy/campusdesk.example.json5), then CAMPUSDESK_* environment variables, then these flags.
--check-config validates the configuration, prints the result and exits (0: valid, 2: not).`;

export type ServeFlags = ReturnType<typeof parseServeFlags>;

/** Parses the flags; an unknown or malformed flag is a ConfigError. */
export function parseServeFlags(argv: readonly string[]) {
  try {
    return parseArgs({ args: [...argv], options: SERVE_OPTIONS, allowPositionals: false, strict: true }).values;
  } catch (err) {
    throw new ConfigError([`command line: ${err instanceof Error ? err.message : String(err)}`]);
  }
}

/** 1-based line and column of a character offset. */
function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return `line ${line}, column ${offset - before.lastIndexOf('\n')}`;
}

/** Reads and parses a JSON5 config file; problems as ConfigError lines. */
export function readConfigFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError([`${file}: cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`]);
  }
  if (text.trim() === '') return {};
  const sqlite = new Database(':memory:');
  try {
    const position = sqlite.prepare<[string], { p: number }>('SELECT json_error_position(?) AS p').get(text)?.p ?? 0;
    if (position > 0) throw new ConfigError([`${file}: not valid JSON5 at ${lineColumn(text, position - 1)} (check quotes, commas and brackets)`]);
    const json = sqlite.prepare<[string], { j: string }>('SELECT json(?) AS j').get(text)?.j ?? '{}';
    return JSON.parse(json) as unknown;
  } finally {
    sqlite.close();
  }
}

function zodProblems(where: string, error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') return `${where}: unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${[path, k].filter(Boolean).join('.')}"`).join(', ')}`;
    if (path === '' && issue.code === 'invalid_type') return `${where}: must be an object ({ … })`;
    return `${where}: ${path}: ${issue.message}`;
  });
}

const bool = (v: string): boolean | null => (/^(1|true|yes|on)$/i.test(v) ? true : /^(0|false|no|off)$/i.test(v) ? false : null);

const FLAG_OF: Record<string, string> = { trustProxy: 'trust-proxy', logLevel: 'log-level' };

/** Everything the hub needs, from file, environment and flags; throws ConfigError listing every problem. */
export function loadConfig(flags: ServeFlags, env: NodeJS.ProcessEnv = process.env): HubConfig {
  const problems: string[] = [];
  const sources: Record<string, string> = {};
  let file: ConfigFile = {};
  const configPath = flags.config ?? env.CAMPUSDESK_CONFIG;
  const fileDir = configPath ? dirname(resolve(configPath)) : process.cwd();
  if (configPath) {
    try {
      const parsed = ConfigFileSchema.safeParse(readConfigFile(configPath));
      if (parsed.success) file = parsed.data;
      else problems.push(...zodProblems(configPath, parsed.error));
    } catch (err) {
      if (err instanceof ConfigError) problems.push(...err.problems);
      else throw err;
    }
  }
  const fromFile = (p: string): string => (isAbsolute(p) ? p : resolve(fileDir, p));
  const where = configPath ?? 'config';

  // Each setting: the first of flag, environment, file, default.
  const pick = <T>(key: string, flag: T | undefined, envName: string, parseEnv: (v: string) => T | undefined, fileValue: T | undefined, fallback: T): T => {
    if (flag !== undefined) { sources[key] = `--${FLAG_OF[key] ?? key}`; return flag; }
    const raw = env[envName];
    if (raw !== undefined && raw !== '') {
      const v = parseEnv(raw);
      if (v !== undefined) { sources[key] = envName; return v; }
    }
    if (fileValue !== undefined) { sources[key] = where; return fileValue; }
    sources[key] = 'default';
    return fallback;
  };
  const numberFrom = (label: string) => (v: string): number | undefined => {
    const r = port.safeParse(/^\d+$/.test(v.trim()) ? Number(v) : NaN);
    if (!r.success) { problems.push(`${label}: "${v}" must be a port number from 0 to 65535`); return undefined; }
    return r.data;
  };

  const portFlag = flags.port === undefined ? undefined : numberFrom('--port')(flags.port);
  const portValue = pick('port', portFlag, 'CAMPUSDESK_PORT', numberFrom('CAMPUSDESK_PORT'), file.port, DEFAULT_PORT);
  const host = pick('host', flags.host, 'CAMPUSDESK_HOST', (v) => v.trim(), file.host, DEFAULT_HOST);
  const database = flags.db ?? env.CAMPUSDESK_DB ?? (file.database ? fromFile(file.database) : resolveDbPath(undefined, env));
  sources.database = flags.db ? '--db' : env.CAMPUSDESK_DB ? 'CAMPUSDESK_DB' : file.database ? where : 'default';

  const cert = flags['tls-cert'] ?? env.CAMPUSDESK_TLS_CERT ?? (file.tls ? fromFile(file.tls.cert) : undefined);
  const key = flags['tls-key'] ?? env.CAMPUSDESK_TLS_KEY ?? (file.tls ? fromFile(file.tls.key) : undefined);
  let tls: HubConfig['tls'] = null;
  if (cert && !key) problems.push('TLS: a certificate was given without its key (--tls-key, CAMPUSDESK_TLS_KEY or tls.key)');
  else if (key && !cert) problems.push('TLS: a key was given without its certificate (--tls-cert, CAMPUSDESK_TLS_CERT or tls.cert)');
  else if (cert && key) {
    for (const [what, path] of [['certificate', cert], ['key', key]] as const) {
      try { accessSync(path, constants.R_OK); } catch { problems.push(`TLS: the ${what} file ${path} cannot be read`); }
    }
    tls = { cert: resolve(cert), key: resolve(key) };
  }

  const splitList = (v: string): string[] => v.split(',').map((s) => s.trim()).filter(Boolean);
  const proxyFlag = flags['trust-proxy']?.flatMap(splitList);
  const trustProxy = pick('trustProxy', proxyFlag, 'CAMPUSDESK_TRUST_PROXY', splitList, file.trustProxy, [] as string[]);
  if (sources.trustProxy !== where) {
    for (const entry of trustProxy) {
      const problem = proxyEntryProblem(entry);
      if (problem) problems.push(`${sources.trustProxy}: ${problem}`);
    }
  }

  const levelOf = (label: string) => (v: string): LogLevel | undefined => {
    const l = v.trim().toLowerCase();
    if ((LOG_LEVELS as readonly string[]).includes(l)) return l as LogLevel;
    problems.push(`${label}: "${v}" must be one of ${LOG_LEVELS.join(', ')}`);
    return undefined;
  };
  const levelFlag = flags['log-level'] === undefined ? undefined : levelOf('--log-level')(flags['log-level']);
  const level = pick('logLevel', levelFlag, 'CAMPUSDESK_LOG_LEVEL', levelOf('CAMPUSDESK_LOG_LEVEL'), file.log?.level, 'info');
  const pretty = flags['log-pretty'] ? true : (env.CAMPUSDESK_LOG_PRETTY ? bool(env.CAMPUSDESK_LOG_PRETTY) : null) ?? file.log?.pretty ?? null;

  const token = flags['metrics-token'] ?? env.CAMPUSDESK_METRICS_TOKEN ?? file.metrics?.token ?? null;
  if (token !== null && token.length < 16 && (flags['metrics-token'] !== undefined || env.CAMPUSDESK_METRICS_TOKEN)) {
    problems.push(`${flags['metrics-token'] !== undefined ? '--metrics-token' : 'CAMPUSDESK_METRICS_TOKEN'}: must be at least 16 characters`);
  }

  const folderRaw = flags['backup-folder'] ?? env.CAMPUSDESK_BACKUP_FOLDER ?? (file.backups?.folder ? fromFile(file.backups.folder) : null);
  const enabledEnv = env.CAMPUSDESK_BACKUPS ? bool(env.CAMPUSDESK_BACKUPS) : null;
  if (env.CAMPUSDESK_BACKUPS && enabledEnv === null) problems.push(`CAMPUSDESK_BACKUPS: "${env.CAMPUSDESK_BACKUPS}" must be on or off`);
  const enabled = flags['no-backups'] ? false : enabledEnv ?? file.backups?.enabled ?? true;

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    port: portValue, host, database: resolve(database), tls, trustProxy,
    backups: { enabled, folder: folderRaw ? resolve(folderRaw) : null },
    log: { level, pretty },
    metrics: { token },
    sources,
  };
}

/** The configuration as a start-up log object: no secrets (the metrics token only as set / not set). */
export function describeConfig(c: HubConfig): Record<string, unknown> {
  return {
    port: c.port, host: c.host, database: c.database, tls: c.tls !== null, trustProxy: c.trustProxy,
    backups: c.backups, logLevel: c.log.level, metricsToken: c.metrics.token ? 'set' : 'not set', sources: c.sources,
  };
}
