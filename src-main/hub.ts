// The headless hub: the core plus the HTTP transport, with graceful shutdown. Used by
// `npm run serve`, by `npm start` where Electron is missing, and by the tests.
import { createApp, type App, type AppOptions } from './app.ts';
import { startHttpServer, type Hub } from './transport/http.ts';
import { rendererFolder } from './paths.ts';

export const DEFAULT_PORT = 4780;
export const DEFAULT_HOST = '127.0.0.1';

export interface RunningHub {
  app: App;
  hub: Hub;
  url: string;
  /** Finishes in-flight requests, then closes the database cleanly. */
  stop(): Promise<void>;
}

export async function startHub(dbPath: string, opts: AppOptions & { port?: number; host?: string; staticDir?: string | null } = {}): Promise<RunningHub> {
  const app = createApp(dbPath, { instance: 'hub', ...opts });
  try {
    const hub = await startHttpServer(app.registry, {
      port: opts.port ?? DEFAULT_PORT,
      host: opts.host ?? DEFAULT_HOST,
      staticDir: opts.staticDir === undefined ? rendererFolder() : opts.staticDir,
    });
    app.instance?.setUrl(hub.url);
    let stopping: Promise<void> | null = null;
    return {
      app, hub, url: hub.url,
      stop: () => (stopping ??= hub.close().then(() => app.close())),
    };
  } catch (err) {
    await app.close();
    throw err;
  }
}

/** Stops the hub on SIGINT/SIGTERM: in-flight requests finish, the database closes. */
export function stopOnSignals(running: RunningHub, log: (m: string) => void = console.log): void {
  const onSignal = (signal: string) => {
    log(`CampusDesk hub: ${signal} received, finishing requests and closing the database…`);
    running.stop().then(() => { log('CampusDesk hub: stopped.'); process.exit(0); }, (err) => { console.error(err); process.exit(1); });
  };
  process.once('SIGINT', () => onSignal('SIGINT'));
  process.once('SIGTERM', () => onSignal('SIGTERM'));
}
