// The mail side of a running core: the outbox sender and the incoming side (an IMAP mailbox
// polled with imapflow, or our own SMTP listener with smtp-server), started with the app and
// restarted when an admin changes the settings. Nothing here runs on a request's path.
import { ImapFlow } from 'imapflow';
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import type { Core } from '../core/context.ts';
import { MailSender } from './sender.ts';
import { readSettings, type MailSettings } from './settings.ts';
import { MAX_INBOUND_BYTES, receiveMail } from './receiver.ts';

export interface MailServiceOptions {
  /** Start the sender and the incoming side (default true). */
  enabled?: boolean;
}

const services = new WeakMap<Core['sqlite'], MailService>();
/** The running mail service of a core (the settings procedures restart and read it). */
export const mailServiceOf = (core: Core): MailService | null => services.get(core.sqlite) ?? null;

export class MailService {
  readonly core: Core;
  readonly sender: MailSender;
  /** The incoming side's last problem, for admins (settings.get). */
  incomingError: string | null = null;
  private listener: SMTPServer | null = null;
  private listenerPort: number | null = null;
  private pollTimer: NodeJS.Timeout | null = null;
  private polling: Promise<void> | null = null;
  private imap: ImapFlow | null = null;
  private stopped = false;
  private generation = 0;

  constructor(core: Core) {
    this.core = core;
    this.sender = new MailSender(core);
    services.set(core.sqlite, this);
  }

  async start(): Promise<void> {
    this.sender.start();
    await this.startIncoming();
  }

  /** After a settings change: wake the sender, restart the incoming side. */
  async reconfigure(): Promise<void> {
    if (this.stopped) return;
    this.sender.wake();
    await this.stopIncoming();
    await this.startIncoming();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.stopIncoming();
    await this.sender.stop();
    services.delete(this.core.sqlite);
  }

  /** The port our SMTP listener is on (null when not listening). */
  smtpPort(): number | null {
    return this.listenerPort;
  }

  /** Polls the IMAP mailbox now (tests, and the timer). */
  async pollNow(): Promise<void> {
    while (this.polling) await this.polling;
    this.polling = this.poll(readSettings(this.core)).finally(() => { this.polling = null; });
    return this.polling;
  }

  private async startIncoming(): Promise<void> {
    const s = readSettings(this.core);
    this.incomingError = null;
    const gen = ++this.generation;
    if (s.incoming.mode === 'smtp') await this.startListener(s);
    if (s.incoming.mode === 'imap' && s.incoming.imap.host) {
      const every = s.incoming.imap.pollSeconds * 1000;
      const tick = () => {
        if (this.stopped || gen !== this.generation) return;
        void this.pollNow().catch(() => undefined).finally(() => {
          if (!this.stopped && gen === this.generation) { this.pollTimer = setTimeout(tick, every); this.pollTimer.unref(); }
        });
      };
      this.pollTimer = setTimeout(tick, 0);
      this.pollTimer.unref();
    }
  }

  private async stopIncoming(): Promise<void> {
    this.generation++;
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.pollTimer = null;
    await this.polling?.catch(() => undefined);
    if (this.imap) { await this.imap.logout().catch(() => undefined); this.imap = null; }
    if (this.listener) {
      const l = this.listener;
      this.listener = null;
      this.listenerPort = null;
      await new Promise<void>((done) => l.close(() => done()));
    }
  }

  private async startListener(s: MailSettings): Promise<void> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      size: MAX_INBOUND_BYTES,
      banner: 'CampusDesk',
      maxClients: 50,
      socketTimeout: 60_000,
      logger: false,
      onData: (stream, _session, callback) => {
        const chunks: Buffer[] = [];
        let size = 0;
        stream.on('data', (c: Buffer) => { size += c.length; if (size <= MAX_INBOUND_BYTES) chunks.push(c); });
        stream.on('end', () => {
          if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded || size > MAX_INBOUND_BYTES) {
            callback(Object.assign(new Error('Message exceeds the size limit'), { responseCode: 552 }));
            return;
          }
          receiveMail(this.core, Buffer.concat(chunks)).then(() => callback(), (err: unknown) => {
            this.core.log.error({ err }, 'incoming mail failed');
            callback(Object.assign(new Error('Temporary failure, try again later'), { responseCode: 451 }));
          });
        });
      },
    });
    server.on('error', (err) => { this.incomingError = `SMTP listener: ${err.message}`; });
    await new Promise<void>((resolve) => {
      server.server.once('error', (err: Error) => { this.incomingError = `SMTP listener could not start on ${s.incoming.smtp.host}:${s.incoming.smtp.port}: ${err.message}`; resolve(); });
      server.listen(s.incoming.smtp.port, s.incoming.smtp.host, () => {
        this.listener = server;
        this.listenerPort = (server.server.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  /** One poll: every unseen message in the mailbox is received, then flagged \Seen. */
  private async poll(s: MailSettings): Promise<void> {
    const i = s.incoming.imap;
    if (s.incoming.mode !== 'imap' || !i.host) return;
    const client = new ImapFlow({
      host: i.host, port: i.port, secure: i.security === 'tls', doSTARTTLS: i.security === 'starttls' ? true : i.security === 'none' ? false : undefined,
      auth: { user: i.user ?? '', pass: i.password ?? '' }, logger: false, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 60_000,
    });
    client.on('error', () => undefined);
    this.imap = client;
    try {
      await client.connect();
      const lock = await client.getMailboxLock(i.mailbox);
      try {
        const uids = await client.search({ seen: false }, { uid: true });
        for (const uid of uids || []) {
          if (this.stopped) break;
          // Size first: an oversized email is recorded (its first 64 KiB) and rejected, never read whole.
          const head = await client.fetchOne(String(uid), { size: true }, { uid: true });
          const tooBig = !!head && (head.size ?? 0) > MAX_INBOUND_BYTES;
          const msg = await client.fetchOne(String(uid), { source: tooBig ? { start: 0, maxLength: 64 * 1024 } : true }, { uid: true });
          if (msg && msg.source) await receiveMail(this.core, msg.source, { oversize: tooBig });
          await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
        }
      } finally {
        lock.release();
      }
      await client.logout();
      this.incomingError = null;
    } catch (err) {
      this.incomingError = `IMAP ${i.host}:${i.port}: ${err instanceof Error ? err.message : String(err)}`;
      client.close();
    } finally {
      if (this.imap === client) this.imap = null;
    }
  }
}

export async function startMailService(core: Core): Promise<MailService> {
  const service = new MailService(core);
  await service.start();
  return service;
}
