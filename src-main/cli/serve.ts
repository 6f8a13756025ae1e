// npm run serve -- [--config FILE] [--check-config] [--port N] [--host H] [--db PATH]
//   [--tls-cert FILE --tls-key FILE] [--trust-proxy ADDRS] [--log-level L] [--metrics-token T] [--demo] …
//
// The hub as a service: configuration (src-main/config.ts) validated before anything starts,
// JSON log lines on stdout (pretty on a terminal), the renderer built on a fresh clone, then
// the hub with its graceful life cycle (src-main/hub.ts). A command-line entry point: the only
// place here that prints to the console (usage and configuration mistakes).
import { existsSync } from 'node:fs';
import { ConfigError, describeConfig, loadConfig, parseServeFlags, SERVE_USAGE } from '../config.ts';
import { createLogger } from '../log.ts';
import { rendererFolder } from '../paths.ts';
import { startHub, stopOnSignals } from '../hub.ts';
import { ensureDemoData } from '../demo/seed.ts';
import { ensureRenderer } from './renderer-build.ts';
import { APP_VERSION } from '../version.ts';

function configOrExit() {
  try {
    const flags = parseServeFlags(process.argv.slice(2));
    if (flags.help) {
      console.log(SERVE_USAGE);
      process.exit(0);
    }
    return { flags, config: loadConfig(flags) };
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(`CampusDesk: the configuration has ${err.problems.length === 1 ? 'a mistake' : `${err.problems.length} mistakes`}:`);
    for (const p of err.problems) console.error(`  - ${p}`);
    process.exit(2);
  }
}

const { flags, config } = configOrExit();
if (flags['check-config']) {
  console.log(`CampusDesk: the configuration is valid.\n${JSON.stringify(describeConfig(config), null, 2)}`);
  process.exit(0);
}

const log = createLogger({ level: config.log.level, pretty: config.log.pretty ?? undefined });
if (!flags['no-build'] && process.env.CAMPUSDESK_NO_BUILD !== '1') ensureRenderer((m) => log.info(m));
if (!existsSync(rendererFolder())) log.warn('the renderer is not built (npm run build); serving the API only');
if (flags.demo) ensureDemoData(config.database, { log: (m) => log.info(m) });

let running;
try {
  running = await startHub(config.database, {
    port: config.port, host: config.host, log, tls: config.tls, trustProxy: config.trustProxy,
    metricsToken: config.metrics.token, backups: config.backups,
  });
} catch (err) {
  const e = err as NodeJS.ErrnoException;
  const why = e.code === 'EADDRINUSE' ? `port ${config.port} on ${config.host} is already in use`
    : e.code === 'EACCES' ? `no permission to listen on ${config.host}:${config.port}`
      : e.code === 'EADDRNOTAVAIL' ? `${config.host} is not an address of this machine` : e.message;
  log.fatal({ err }, `the hub could not start: ${why}`);
  process.exit(1);
}
// Signal handlers first: whoever reads the URL line may send SIGTERM at once.
stopOnSignals(running);
log.info({ version: APP_VERSION, url: running.url, config: describeConfig(config) }, `CampusDesk hub on ${running.url} (database ${config.database})`);
