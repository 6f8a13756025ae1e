// Admin: mail settings — outgoing SMTP, incoming mail (an IMAP mailbox or the hub's own SMTP
// listener), whether mail from unknown senders opens tickets, the app's address for links —
// with "Send a test email" and the state of outgoing mail (waiting, sent, failed and why).
// Passwords are write-only: the form shows whether one is set and keeps it unless a new one
// is typed.
import { useEffect, useState, type ReactNode } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import TextField from '@mui/material/TextField';
import MenuItem from '@mui/material/MenuItem';
import Button from '@mui/material/Button';
import Switch from '@mui/material/Switch';
import FormControlLabel from '@mui/material/FormControlLabel';
import RadioGroup from '@mui/material/RadioGroup';
import Radio from '@mui/material/Radio';
import Alert from '@mui/material/Alert';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import { call, errorText, toApiError, type ApiError, type InputOf, type OutputOf } from '../../api/client.ts';
import { useCategories } from '../../api/hooks.ts';
import { useNotify } from '../../app/notify.tsx';

type Settings = OutputOf<'settings.get'>;
type Patch = InputOf<'settings.update'>;

interface Form {
  outHost: string; outPort: string; outSecurity: 'starttls' | 'tls' | 'none'; outUser: string; outPassword: string; from: string;
  mode: 'off' | 'imap' | 'smtp'; address: string;
  imapHost: string; imapPort: string; imapSecurity: 'tls' | 'starttls' | 'none'; imapUser: string; imapPassword: string; mailbox: string; poll: string;
  smtpHost: string; smtpPort: string;
  openTickets: boolean; category: string; appUrl: string;
}

const toForm = (s: Settings): Form => ({
  outHost: s.outgoing.host ?? '', outPort: String(s.outgoing.port), outSecurity: s.outgoing.security, outUser: s.outgoing.user ?? '', outPassword: '', from: s.outgoing.from ?? '',
  mode: s.incoming.mode, address: s.incoming.address ?? '',
  imapHost: s.incoming.imap.host ?? '', imapPort: String(s.incoming.imap.port), imapSecurity: s.incoming.imap.security, imapUser: s.incoming.imap.user ?? '', imapPassword: '',
  mailbox: s.incoming.imap.mailbox, poll: String(s.incoming.imap.pollSeconds),
  smtpHost: s.incoming.smtp.host, smtpPort: String(s.incoming.smtp.port),
  openTickets: s.unknownSenders.openTickets, category: s.unknownSenders.category ?? '', appUrl: s.appUrl ?? '',
});

const orNull = (v: string): string | null => (v.trim() === '' ? null : v.trim());
const num = (v: string): number => (/^\d+$/.test(v.trim()) ? Number(v.trim()) : Number.NaN);

function toPatch(f: Form): Patch {
  return {
    outgoing: { host: orNull(f.outHost), port: num(f.outPort), security: f.outSecurity, user: orNull(f.outUser), from: orNull(f.from), ...(f.outPassword ? { password: f.outPassword } : {}) },
    incoming: {
      mode: f.mode, address: orNull(f.address),
      imap: { host: orNull(f.imapHost), port: num(f.imapPort), security: f.imapSecurity, user: orNull(f.imapUser), mailbox: f.mailbox.trim() || 'INBOX', pollSeconds: num(f.poll), ...(f.imapPassword ? { password: f.imapPassword } : {}) },
      smtp: { host: f.smtpHost.trim() || '127.0.0.1', port: num(f.smtpPort) },
    },
    unknownSenders: { openTickets: f.openTickets, category: orNull(f.category) },
    appUrl: orNull(f.appUrl),
  };
}

const Section = ({ title, children }: { title: string; children: ReactNode }) => (
  <Paper variant="outlined" component="section" aria-label={title} sx={{ p: { xs: 2, sm: 3 }, mb: 2 }}>
    <Typography variant="h6" component="h2" sx={{ mb: 2 }}>{title}</Typography>
    {children}
  </Paper>
);
const Grid = ({ children }: { children: ReactNode }) => (
  <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', sm: '2fr 1fr 1fr' }, alignItems: 'start' }}>{children}</Box>
);

export function MailSettings() {
  const client = useQueryClient();
  const notify = useNotify();
  const { items: categories } = useCategories();
  const settings = useQuery({ queryKey: ['settings.get', {}], queryFn: () => call('settings.get', {}), refetchInterval: 30_000 });
  const [form, setForm] = useState<Form | null>(null);
  useEffect(() => { if (settings.data && !form) setForm(toForm(settings.data)); }, [settings.data, form]);
  const save = useMutation({
    mutationFn: (patch: Patch) => call('settings.update', patch),
    onSuccess: (s) => { client.setQueryData(['settings.get', {}], s); setForm(toForm(s)); notify('Mail settings saved'); },
  });
  const [testTo, setTestTo] = useState('');
  const test = useMutation({ mutationFn: () => call('settings.testEmail', { to: testTo }), onSuccess: () => notify(`Test email sent to ${testTo}`) });

  if (settings.isError) return <Alert severity="error">{errorText(settings.error)}</Alert>;
  if (!settings.data || !form) return <Typography color="text.secondary">Loading mail settings…</Typography>;
  const s = settings.data;
  const err: ApiError | null = save.error ? toApiError(save.error) : null;
  const fe = (path: string) => err?.fieldMessage(path);
  const set = <K extends keyof Form>(k: K) => (v: Form[K]) => setForm({ ...form, [k]: v });
  const field = (k: keyof Form, label: string, path: string, extra: { type?: string; help?: string; placeholder?: string } = {}) => (
    <TextField label={label} value={form[k]} onChange={(e) => set(k)(e.target.value)} type={extra.type}
      placeholder={extra.placeholder} error={!!fe(path)} helperText={fe(path) ?? extra.help ?? ' '} slotProps={{ inputLabel: { shrink: true } }} />
  );
  const testErr = test.error ? toApiError(test.error) : null;

  return (
    <Box sx={{ maxWidth: 980 }}>
      <Section title="Outgoing mail (SMTP)">
        <Grid>
          {field('outHost', 'Mail server', 'outgoing.host', { placeholder: 'smtp.campus.edu' })}
          {field('outPort', 'Port', 'outgoing.port')}
          <TextField select label="Security" value={form.outSecurity} onChange={(e) => set('outSecurity')(e.target.value as Form['outSecurity'])} helperText=" ">
            <MenuItem value="starttls">STARTTLS</MenuItem><MenuItem value="tls">TLS</MenuItem><MenuItem value="none">None</MenuItem>
          </TextField>
          {field('from', 'From address', 'outgoing.from', { placeholder: 'helpdesk@campus.edu' })}
          {field('outUser', 'User name', 'outgoing.user', { help: 'Empty: no sign-in' })}
          {field('outPassword', 'Password', 'outgoing.password', { type: 'password', placeholder: s.outgoing.passwordSet ? '•••••••• (set; type to replace)' : 'not set' })}
        </Grid>
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1.5} sx={{ mt: 1, alignItems: { sm: 'flex-start' } }}>
          <TextField label="Send a test email to" value={testTo} onChange={(e) => setTestTo(e.target.value)} placeholder="you@campus.edu" size="small"
            error={!!testErr} helperText={testErr ? errorText(testErr) : 'Uses the saved settings'} sx={{ flex: 1 }} />
          <Button variant="outlined" disabled={!testTo.trim() || test.isPending} onClick={() => test.mutate()}>Send a test email</Button>
        </Stack>
      </Section>

      <Section title="Incoming mail (replies by email)">
        <RadioGroup row value={form.mode} onChange={(e) => set('mode')(e.target.value as Form['mode'])} aria-label="How replies are received">
          <FormControlLabel value="off" control={<Radio />} label="Off" />
          <FormControlLabel value="imap" control={<Radio />} label="Poll an IMAP mailbox" />
          <FormControlLabel value="smtp" control={<Radio />} label="Receive with CampusDesk's own SMTP listener" />
        </RadioGroup>
        <Box sx={{ mt: 1 }}>{field('address', 'Reply address', 'incoming.address', { placeholder: form.from || 'helpdesk@campus.edu', help: 'Replies go to this mailbox with a +token per ticket; empty: the from address' })}</Box>
        {form.mode === 'imap' ? (
          <Grid>
            {field('imapHost', 'IMAP server', 'incoming.imap.host')}
            {field('imapPort', 'Port', 'incoming.imap.port')}
            <TextField select label="Security" value={form.imapSecurity} onChange={(e) => set('imapSecurity')(e.target.value as Form['imapSecurity'])} helperText=" ">
              <MenuItem value="tls">TLS</MenuItem><MenuItem value="starttls">STARTTLS</MenuItem><MenuItem value="none">None</MenuItem>
            </TextField>
            {field('imapUser', 'User name', 'incoming.imap.user')}
            {field('imapPassword', 'Password', 'incoming.imap.password', { type: 'password', placeholder: s.incoming.imap.passwordSet ? '•••••••• (set; type to replace)' : 'not set' })}
            {field('poll', 'Check every (seconds)', 'incoming.imap.pollSeconds')}
            {field('mailbox', 'Mailbox folder', 'incoming.imap.mailbox')}
          </Grid>
        ) : null}
        {form.mode === 'smtp' ? (
          <Grid>
            {field('smtpHost', 'Listen on address', 'incoming.smtp.host')}
            {field('smtpPort', 'Port', 'incoming.smtp.port')}
          </Grid>
        ) : null}
        <FormControlLabel sx={{ mt: 1 }} control={<Switch checked={form.openTickets} onChange={() => set('openTickets')(!form.openTickets)} />}
          label="Mail without a reply token (from anyone) opens a new ticket" />
        {form.openTickets ? (
          <Box sx={{ mt: 1.5, maxWidth: 360 }}>
            <TextField select fullWidth label="Category for those tickets" value={form.category} onChange={(e) => set('category')(e.target.value)}
              error={!!fe('unknownSenders.category')} helperText={fe('unknownSenders.category') ?? ' '}>
              {(categories ?? []).filter((c) => c.active).map((c) => <MenuItem key={c.slug} value={c.slug}>{c.name}</MenuItem>)}
            </TextField>
          </Box>
        ) : null}
        {s.status.incomingError ? <Alert severity="warning" sx={{ mt: 1 }}>{s.status.incomingError}</Alert> : null}
      </Section>

      <Section title="Links in emails">
        {field('appUrl', 'Address of CampusDesk', 'appUrl', { placeholder: 'https://helpdesk.campus.edu', help: 'For "open the ticket" and "choose which emails you get" links; empty: no links' })}
      </Section>

      {err && err.details.length === 0 ? <Alert severity="error" sx={{ mb: 2 }}>{errorText(err)}</Alert> : null}
      {err && err.details.length > 0 ? <Alert severity="error" sx={{ mb: 2 }}>Please correct the marked fields: {err.details.map((d) => d.path).join(', ')}.</Alert> : null}
      <Box sx={{ display: 'flex', justifyContent: 'flex-end', gap: 1, mb: 3 }}>
        <Button onClick={() => setForm(toForm(s))}>Undo changes</Button>
        <Button variant="contained" disabled={save.isPending} onClick={() => save.mutate(toPatch(form))}>Save mail settings</Button>
      </Box>

      <Section title="Outgoing mail status">
        <Stack direction="row" spacing={1} sx={{ mb: 1.5, flexWrap: 'wrap' }}>
          <Chip label={`${s.status.pending} waiting`} />
          <Chip label={`${s.status.sent} sent`} color="success" variant="outlined" />
          <Chip label={`${s.status.failed} failed`} color={s.status.failed ? 'error' : 'default'} variant={s.status.failed ? 'filled' : 'outlined'} />
        </Stack>
        {!s.outgoing.host || !s.outgoing.from ? <Alert severity="info">Outgoing mail is not set up: emails wait until a mail server and a from address are saved.</Alert> : null}
        {s.status.problems.length > 0 ? (
          <Box component="ul" aria-label="Emails with problems" sx={{ pl: 2, m: 0 }}>
            {s.status.problems.map((p) => (
              <li key={p.id}>
                <Typography variant="body2">
                  To {p.to}{p.ticketId ? ` about #${p.ticketId}` : ''}: {p.attempts} attempt{p.attempts === 1 ? '' : 's'}{p.attempts >= 8 ? ' (gave up)' : ', retrying'} — {p.lastError ?? 'unknown error'}
                </Typography>
              </li>
            ))}
          </Box>
        ) : <Typography variant="body2" color="text.secondary">No problems.</Typography>}
      </Section>
    </Box>
  );
}
