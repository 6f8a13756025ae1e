// The service files in deploy/: the systemd unit passes `systemd-analyze verify` and has the
// hardening the README promises; the nginx example passes `nginx -t` with a self-signed
// certificate made here. Each check is skipped, with the reason printed, where the tool is missing.
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, hasOpenssl, selfSignedCert, tempDir } from './support.ts';

const dir = tempDir('service');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const which = (tool: string): string | null => {
  const r = spawnSync('sh', ['-c', `command -v ${tool} || ls /usr/sbin/${tool} 2>/dev/null`], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim() ? r.stdout.trim().split('\n')[0]! : null;
};
const SYSTEMD_ANALYZE = which('systemd-analyze');
const NGINX = which('nginx');
if (!SYSTEMD_ANALYZE) console.log('skipped: systemd-analyze is not installed (Debian package systemd)');
if (!NGINX) console.log('skipped: nginx is not installed (Debian package nginx; .ci/run installs it)');
if (!hasOpenssl()) console.log('skipped: openssl is not installed');

const UNIT = readFileSync(join(ROOT, 'deploy/campusdesk.service'), 'utf8');
/** The unit with the install folder pointing at this checkout (verify checks that ExecStart exists). */
const unitHere = (text = UNIT): string => {
  const file = join(dir, 'campusdesk.service');
  writeFileSync(file, text.replaceAll('/opt/campusdesk', ROOT));
  return file;
};
const verify = (file: string) => spawnSync(SYSTEMD_ANALYZE!, ['verify', file], { encoding: 'utf8' });

describe('deploy/campusdesk.service', () => {
  it('has a dedicated user, a read-only system except the data folder, restart on failure and a SIGTERM stop', () => {
    for (const line of ['User=campusdesk', 'ProtectSystem=strict', 'ReadWritePaths=/var/lib/campusdesk', 'Restart=on-failure', 'KillSignal=SIGTERM', 'NoNewPrivileges=true', 'ExecReload=/bin/kill -HUP $MAINPID']) {
      expect(UNIT.split('\n')).toContain(line);
    }
    expect(UNIT).toMatch(/^ExecStart=\/opt\/campusdesk\/node_modules\/\.bin\/node \/opt\/campusdesk\/src-main\/cli\/serve\.ts/m);
  });

  it.skipIf(!SYSTEMD_ANALYZE)('passes systemd-analyze verify (and the check catches a broken unit)', () => {
    const ok = verify(unitHere());
    expect(ok.stderr.trim()).toBe('');
    expect(ok.status).toBe(0);
    const broken = verify(unitHere(UNIT.replace('/src-main/cli/serve.ts', '/src-main/cli/no-such-file.ts').replace('ExecStart=/opt/campusdesk/node_modules/.bin/node', 'ExecStart=/opt/campusdesk/no-such-node')));
    expect(broken.status).not.toBe(0);
  });
});

describe('deploy/nginx.conf', () => {
  it.skipIf(!NGINX || !hasOpenssl())('passes nginx -t with a self-signed certificate', () => {
    const { cert, key } = selfSignedCert(dir, 'nginx');
    const conf = readFileSync(join(ROOT, 'deploy/nginx.conf'), 'utf8')
      .replace('/etc/campusdesk/tls/fullchain.pem', cert)
      .replace('/etc/campusdesk/tls/privkey.pem', key)
      .replaceAll('/var/log/nginx/', `${dir}/`)
      .replace('/run/nginx-campusdesk.pid', join(dir, 'nginx.pid'));
    const file = join(dir, 'nginx.conf');
    writeFileSync(file, conf);
    const r = spawnSync(NGINX!, ['-t', '-q', '-p', dir, '-c', file], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    // The check is real: a missing certificate fails it.
    writeFileSync(file, conf.replace(cert, join(dir, 'missing.pem')));
    expect(spawnSync(NGINX!, ['-t', '-q', '-p', dir, '-c', file], { encoding: 'utf8' }).status).not.toBe(0);
  });
});
