// Test support: real mail servers on 127.0.0.1, started and stopped by the tests.
// - SmtpSink: an SMTP server (the smtp-server library) that accepts mail, keeps every message
//   (raw and parsed with mailparser) and, when given a maildir, delivers into it — the mailbox
//   Dovecot serves over IMAP. It can be told to refuse recipients (to test error answers).
// - Dovecot: Debian's dovecot-imapd, run with a config written into a temp folder (own base
//   and state dirs, a passwd-file user, maildir storage, plaintext IMAP on an ephemeral port).
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

export interface Received { raw: Buffer; mail: ParsedMail; to: string[] }

export class SmtpSink {
  server!: SMTPServer;
  port = 0;
  received: Received[] = [];
  /** When set, RCPT TO is refused with this 5xx answer. */
  refuse: string | null = null;
  /** Maildir `new/` folder to deliver into (and the uid/gid to own the files). */
  maildir: { dir: string; uid: number; gid: number } | null = null;
  private waiters: (() => void)[] = [];

  async start(port = 0): Promise<this> {
    this.server = new SMTPServer({
      authOptional: true, disabledCommands: ['AUTH', 'STARTTLS'], logger: false,
      onRcptTo: (addr, _s, cb) => (this.refuse ? cb(Object.assign(new Error(this.refuse), { responseCode: 550 })) : cb()),
      onData: (stream, session, cb) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', async () => {
          const raw = Buffer.concat(chunks);
          if (this.maildir) {
            const file = join(this.maildir.dir, 'new', `${Date.now()}.${randomBytes(6).toString('hex')}.campusdesk-test`);
            writeFileSync(file, raw);
            chownSync(file, this.maildir.uid, this.maildir.gid);
          }
          this.received.push({ raw, mail: await simpleParser(raw), to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()) });
          for (const w of this.waiters.splice(0)) w();
          cb();
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      this.server.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  /** Waits until at least n messages have arrived. */
  async waitFor(n: number): Promise<Received[]> {
    while (this.received.length < n) await new Promise<void>((r) => this.waiters.push(r));
    return this.received;
  }

  take(): Received[] {
    return this.received.splice(0);
  }
}

export const freePort = (): Promise<number> => new Promise((resolve, reject) => {
  const s = createServer();
  s.once('error', reject);
  s.listen(0, '127.0.0.1', () => { const p = (s.address() as AddressInfo).port; s.close(() => resolve(p)); });
});

export const DOVECOT = '/usr/sbin/dovecot';
export const dovecotAvailable = (): boolean => existsSync(DOVECOT) && userInfo().uid === 0;

export class Dovecot {
  dir = '';
  port = 0;
  user = 'helpdesk';
  password = 'imap-password-1';
  private child: ChildProcess | null = null;
  /** The mailbox's maildir (deliver into `<maildir>/new`). */
  maildir = '';
  uid = 65534;
  gid = 65534;

  async start(): Promise<this> {
    // Short path: Dovecot's sockets live under base_dir (unix socket paths are limited).
    this.dir = mkdtempSync(join(tmpdir(), 'dv-'));
    chmodSync(this.dir, 0o755); // Dovecot's auth process (user dovecot) reads the passwd file
    this.port = await freePort();
    const nobody = spawnSync('id', ['-u', 'nobody']).stdout.toString().trim();
    const nogroup = spawnSync('id', ['-g', 'nobody']).stdout.toString().trim();
    this.uid = Number(nobody) || 65534;
    this.gid = Number(nogroup) || 65534;
    const home = join(this.dir, 'mail', this.user);
    this.maildir = join(home, 'Maildir');
    for (const d of ['new', 'cur', 'tmp']) mkdirSync(join(this.maildir, d), { recursive: true });
    for (const d of [join(this.dir, 'mail'), home, this.maildir, ...['new', 'cur', 'tmp'].map((x) => join(this.maildir, x))]) chownSync(d, this.uid, this.gid);
    writeFileSync(join(this.dir, 'passwd'), `${this.user}:{PLAIN}${this.password}:${this.uid}:${this.gid}::${home}::\n`);
    mkdirSync(join(this.dir, 'run'));
    mkdirSync(join(this.dir, 'state'));
    writeFileSync(join(this.dir, 'dovecot.conf'), [
      `base_dir = ${this.dir}/run`,
      `state_dir = ${this.dir}/state`,
      `log_path = ${this.dir}/dovecot.log`,
      'protocols = imap',
      'listen = 127.0.0.1',
      'ssl = no',
      'disable_plaintext_auth = no',
      'auth_mechanisms = plain login',
      `mail_location = maildir:~/Maildir`,
      'mail_privileged_group =',
      `first_valid_uid = ${Math.min(this.uid, 500)}`,
      `passdb {\n  driver = passwd-file\n  args = ${this.dir}/passwd\n}`,
      `userdb {\n  driver = passwd-file\n  args = ${this.dir}/passwd\n}`,
      `service imap-login {\n  inet_listener imap {\n    address = 127.0.0.1\n    port = ${this.port}\n  }\n  inet_listener imaps {\n    port = 0\n  }\n}`,
      'service anvil {\n  chroot =\n}',
      'service imap-login {\n  chroot =\n}',
      '',
    ].join('\n'));
    this.child = spawn(DOVECOT, ['-F', '-c', join(this.dir, 'dovecot.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    this.child.stderr?.on('data', (d: Buffer) => { stderr += d.toString(); });
    // Ready when the port accepts connections.
    for (let i = 0; i < 100; i++) {
      if (this.child.exitCode !== null) throw new Error(`dovecot exited: ${stderr}\n${this.log()}`);
      const up = await new Promise<boolean>((resolve) => {
        const s = createServer();
        s.once('error', () => resolve(true));
        s.listen(this.port, '127.0.0.1', () => s.close(() => resolve(false)));
      });
      if (up) return this;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`dovecot did not start: ${stderr}\n${this.log()}`);
  }

  log(): string {
    try { return readFileSync(join(this.dir, 'dovecot.log'), 'utf8'); } catch { return ''; }
  }

  async stop(): Promise<void> {
    if (this.child && this.child.exitCode === null) {
      const exited = new Promise((r) => this.child!.once('exit', r));
      this.child.kill('SIGTERM');
      await exited;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
