// The headless hub: the core plus the HTTP(S) transport, with the graceful life cycle. Used by
// `npm run serve`, by `npm start` where Electron is missing, and by the tests.
//
// Stopping (SIGTERM, SIGINT): stop accepting, let in-flight calls finish (at most 10 s), stop
// background work (maintenance, the analytics worker), checkpoint the WAL and close the
// database, exit 0. SIGHUP re-reads the TLS certificate and key.
import { createApp, type App, type AppOptions } from './app.ts';
import { startHttpServer, type Hub, type TlsFiles } from './transport/http.ts';
import { isLoopback } from './transport/proxy.ts';
import { rendererFolder } from './paths.ts';
import { createLogger, envLevel, type Logger } from './log.ts';
import { defaultBackupFolder } from './core/backup.ts';

import { DEFAULT_HOST, DEFAULT_PORT } from './config.ts';

export { DEFAULT_HOST, DEFAULT_PORT };
/** How long in-flight calls may take to finish once a stop begins. */
export const STOP_GRACE_MS = 10_000;

export interface RunningHub {
  app: App;
  hub: Hub;
  url: string;
  log: Logger;
  /** Finishes in-flight requests, then closes the database cleanly. */
  stop(): Promise<void>;
}

export interface HubOptions extends Omit<AppOptions, 'backups'> {
  port?: number;
  host?: string;
  staticDir?: string | null;
  tls?: TlsFiles | null;
  trustProxy?: readonly string[];
  metricsToken?: string | null;
  /** The config's backups section: the daily backup's folder (null: backups/ beside the database). */
  backups?: { enabled: boolean; folder: string | null };
}

/** Hosts that are not reachable from other machines. */
export const isLoopbackHost = (host: string): boolean => host === 'localhost' || isLoopback(host);

export async function startHub(dbPath: string, opts: HubOptions = {}): Promise<RunningHub> {
  const log = opts.log ?? createLogger({ level: envLevel('warn') });
  const backups = opts.backups?.enabled && dbPath !== ':memory:' ? opts.backups.folder ?? defaultBackupFolder(dbPath) : undefined;
  const app = createApp(dbPath, { instance: 'hub', ...opts, log, backups });
  try {
    await app.core.analytics?.whenReady?.();
    const host = opts.host ?? DEFAULT_HOST;
    const hub = await startHttpServer(app.registry, {
      port: opts.port ?? DEFAULT_PORT,
      host,
      staticDir: opts.staticDir === undefined ? rendererFolder() : opts.staticDir,
      log,
      tls: opts.tls ?? null,
      trustProxy: opts.trustProxy ?? [],
      metricsToken: opts.metricsToken ?? null,
    });
    if (!isLoopbackHost(host) && !opts.tls && (opts.trustProxy ?? []).length === 0) {
      log.warn({ host }, `the hub listens on ${host} beyond this machine without TLS or a trusted proxy: passwords and tokens travel in clear text. `
        + 'Use --tls-cert/--tls-key, or put it behind a TLS reverse proxy and list it with --trust-proxy.');
    }
    app.instance?.setUrl(hub.url);
    let stopping: Promise<void> | null = null;
    return {
      app, hub, url: hub.url, log,
      stop: () => (stopping ??= hub.close(STOP_GRACE_MS).then(() => app.close())),
    };
  } catch (err) {
    await app.close();
    throw err;
  }
}

/** Stops the hub on SIGINT/SIGTERM (then exits 0); SIGHUP reloads the TLS certificate. */
export function stopOnSignals(running: RunningHub): void {
  const { log } = running;
  let stopping = false;
  const onSignal = (signal: string) => {
    // A second signal while stopping (a wrapper forwarding it, an impatient Ctrl+C) changes nothing.
    if (stopping) { log.info({ signal }, 'already stopping'); return; }
    stopping = true;
    log.info({ signal }, 'stopping: finishing requests, stopping background work, closing the database');
    running.stop().then(() => { log.info('stopped'); process.exit(0); }, (err: unknown) => { log.error({ err }, 'stopping failed'); process.exit(1); });
  };
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  process.on('SIGHUP', () => {
    try {
      if (running.hub.reloadTls()) log.info('SIGHUP: TLS certificate and key reloaded');
      else log.info('SIGHUP: nothing to reload (no TLS configured)');
    } catch (err) {
      log.error({ err }, 'SIGHUP: the TLS certificate or key did not load; keeping the previous ones');
    }
  });
}
