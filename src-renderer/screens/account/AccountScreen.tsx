// My account, for every signed-in user: display name and email, which notifications arrive in
// the app and by email (staff also: the categories whose new tickets they follow, desktop
// alerts), and changing the password (which signs out the person's other sessions).
import { useEffect, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import TextField from '@mui/material/TextField';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import Switch from '@mui/material/Switch';
import Table from '@mui/material/Table';
import TableHead from '@mui/material/TableHead';
import TableBody from '@mui/material/TableBody';
import TableRow from '@mui/material/TableRow';
import TableCell from '@mui/material/TableCell';
import Alert from '@mui/material/Alert';
import RadioGroup from '@mui/material/RadioGroup';
import Radio from '@mui/material/Radio';
import { call, errorText, toApiError, type InputOf, type OutputOf } from '../../api/client.ts';
import { useCategories } from '../../api/hooks.ts';
import { useSession, useUser, isStaffRole } from '../../app/session.tsx';
import { useNotify } from '../../app/notify.tsx';
import { useTitle } from '../../app/useTitle.ts';
import { LoadingState, ErrorState } from '../../components/States.tsx';
import { NOTIFICATION_TYPES, type NotificationType, type NotifyPrefs } from '../../../src-shared/notify.ts';

type Me = OutputOf<'auth.me'>;

const TYPE_LABEL: Record<NotificationType, { staff: string; reporter: string }> = {
  'ticket.created': { staff: 'A new ticket in a category I follow', reporter: 'Confirmation of a ticket I open (email)' },
  'ticket.assigned': { staff: 'A ticket is assigned to me', reporter: '' },
  'ticket.reply': { staff: 'The reporter replies on a ticket assigned to me', reporter: 'The helpdesk replies on my ticket' },
  'ticket.status': { staff: 'A ticket I reported changes status', reporter: 'My ticket changes status' },
  'ticket.note': { staff: 'An internal note on a ticket assigned to me', reporter: '' },
};

const Section = ({ title, children }: { title: string; children: React.ReactNode }) => (
  <Paper variant="outlined" component="section" aria-label={title} sx={{ p: { xs: 2, sm: 3 }, mb: 2 }}>
    <Typography variant="h6" component="h2" sx={{ mb: 2 }}>{title}</Typography>
    {children}
  </Paper>
);

export function AccountScreen() {
  useTitle('My account');
  const me = useQuery({ queryKey: ['auth.me', {}], queryFn: () => call('auth.me', {}) });
  if (me.isError) return <ErrorState error={toApiError(me.error)} onRetry={() => void me.refetch()} title="Could not load your account" />;
  if (!me.data) return <LoadingState label="Loading your account…" />;
  return (
    <Box sx={{ maxWidth: 820 }}>
      <Typography variant="h5" component="h1" sx={{ mb: 2 }}>My account</Typography>
      <Profile me={me.data} />
      <Notifications me={me.data} />
      <PasswordChange />
    </Box>
  );
}

function useSaveMe() {
  const client = useQueryClient();
  const { signedIn } = useSession();
  return useMutation({
    mutationFn: (input: InputOf<'users.updateMe'>) => call('users.updateMe', input),
    onSuccess: (user) => {
      client.setQueryData(['auth.me', {}], { user, notify: user.notify });
      // The app bar shows the new name at once (the session keeps the user).
      signedIn({ token: '', expiresAt: '', user });
    },
  });
}

function Profile({ me }: { me: Me }) {
  const notify = useNotify();
  const save = useSaveMe();
  const [displayName, setDisplayName] = useState(me.user.displayName);
  const [email, setEmail] = useState(me.user.email ?? '');
  const err = save.error ? toApiError(save.error) : null;
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ displayName, email: email.trim() === '' ? null : email }, { onSuccess: () => notify('Your details were saved') });
  };
  return (
    <Section title="Your details">
      <Box component="form" onSubmit={onSubmit} noValidate sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', sm: '1fr 1fr' }, alignItems: 'start' }}>
        <TextField label="Display name" value={displayName} onChange={(e) => setDisplayName(e.target.value)} required
          error={!!err?.fieldMessage('displayName')} helperText={err?.fieldMessage('displayName') ?? 'Shown on your tickets and replies'} />
        <TextField label="Email" type="email" value={email} onChange={(e) => setEmail(e.target.value)}
          error={!!err?.fieldMessage('email')} helperText={err?.fieldMessage('email') ?? 'Where email notifications go (leave empty for none)'} />
        <Typography variant="body2" color="text.secondary">Username: {me.user.username}</Typography>
        <Box sx={{ justifySelf: { sm: 'end' } }}>
          <Button type="submit" variant="contained" disabled={save.isPending}>Save details</Button>
        </Box>
        {err && err.details.length === 0 ? <Alert severity="error" sx={{ gridColumn: '1 / -1' }}>{errorText(err)}</Alert> : null}
      </Box>
    </Section>
  );
}

function Notifications({ me }: { me: Me }) {
  const user = useUser();
  const staff = isStaffRole(user.role);
  const notify = useNotify();
  const save = useSaveMe();
  const { items: categories } = useCategories();
  const [prefs, setPrefs] = useState<NotifyPrefs>(me.notify);
  useEffect(() => setPrefs(me.notify), [me.notify]);
  const types = NOTIFICATION_TYPES.filter((t) => staff || TYPE_LABEL[t].reporter !== '');
  const flip = (channel: 'app' | 'email', t: NotificationType) => setPrefs((p) => ({ ...p, [channel]: { ...p[channel], [t]: !p[channel][t] } }));
  const followed = prefs.categories === 'all' ? null : prefs.categories;
  const err = save.error ? toApiError(save.error) : null;
  return (
    <Section title="Notifications">
      <Table size="small" aria-label="Which notifications you get">
        <TableHead>
          <TableRow>
            <TableCell>When</TableCell>
            <TableCell align="center" sx={{ width: 110 }}>In the app</TableCell>
            <TableCell align="center" sx={{ width: 110 }}>By email</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {types.map((t) => {
            const label = staff ? TYPE_LABEL[t].staff : TYPE_LABEL[t].reporter;
            const appApplies = staff || t !== 'ticket.created';
            return (
              <TableRow key={t}>
                <TableCell>{label}</TableCell>
                <TableCell align="center">
                  {appApplies ? <Checkbox checked={prefs.app[t]} onChange={() => flip('app', t)} slotProps={{ input: { 'aria-label': `${label}: in the app` } }} /> : '—'}
                </TableCell>
                <TableCell align="center">
                  <Checkbox checked={prefs.email[t]} onChange={() => flip('email', t)} slotProps={{ input: { 'aria-label': `${label}: by email` } }} />
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
      {!me.user.email ? <Alert severity="info" sx={{ mt: 2 }}>Add an email address above to get notifications by email.</Alert> : null}
      {staff ? (
        <Box sx={{ mt: 3 }}>
          <Typography variant="subtitle1" component="h3" sx={{ fontWeight: 600 }}>New tickets from these categories</Typography>
          <RadioGroup row value={followed === null ? 'all' : 'some'} aria-label="Categories you follow"
            onChange={(e) => setPrefs((p) => ({ ...p, categories: e.target.value === 'all' ? 'all' : (categories ?? []).filter((c) => c.active).map((c) => c.slug) }))}>
            <FormControlLabel value="all" control={<Radio />} label="All categories" />
            <FormControlLabel value="some" control={<Radio />} label="Only these:" />
          </RadioGroup>
          {followed !== null ? (
            <Box sx={{ display: 'flex', flexWrap: 'wrap', columnGap: 2, pl: 1 }}>
              {(categories ?? []).filter((c) => c.active || followed.includes(c.slug)).map((c) => (
                <FormControlLabel key={c.slug} label={c.name} control={
                  <Checkbox checked={followed.includes(c.slug)}
                    onChange={() => setPrefs((p) => ({ ...p, categories: followed.includes(c.slug) ? followed.filter((s) => s !== c.slug) : [...followed, c.slug] }))} />
                } />
              ))}
            </Box>
          ) : null}
          <FormControlLabel sx={{ mt: 2 }} control={<Switch checked={prefs.desktop} onChange={() => setPrefs((p) => ({ ...p, desktop: !p.desktop }))} />}
            label="Desktop alerts (in the desktop app): new urgent tickets, and replies on tickets assigned to me" />
        </Box>
      ) : null}
      {err ? <Alert severity="error" sx={{ mt: 2 }}>{errorText(err)}</Alert> : null}
      <Box sx={{ display: 'flex', justifyContent: 'flex-end', mt: 2 }}>
        <Button variant="contained" disabled={save.isPending}
          onClick={() => save.mutate({ notify: prefs }, { onSuccess: () => notify('Notification choices saved') })}>
          Save notification choices
        </Button>
      </Box>
    </Section>
  );
}

function PasswordChange() {
  const notify = useNotify();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const change = useMutation({ mutationFn: () => call('auth.changePassword', { currentPassword: current, newPassword: next }) });
  const err = change.error ? toApiError(change.error) : null;
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (next !== repeat) { setMismatch(true); return; }
    setMismatch(false);
    change.mutate(undefined, {
      onSuccess: () => { setCurrent(''); setNext(''); setRepeat(''); notify('Password changed; your other sessions were signed out'); },
    });
  };
  return (
    <Section title="Password">
      <Box component="form" onSubmit={onSubmit} noValidate sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', sm: '1fr 1fr 1fr' }, alignItems: 'start' }}>
        <TextField label="Current password" type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)}
          error={!!err?.fieldMessage('currentPassword')} helperText={err?.fieldMessage('currentPassword') ?? ' '} />
        <TextField label="New password" type="password" autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)}
          error={!!err?.fieldMessage('newPassword')} helperText={err?.fieldMessage('newPassword') ?? 'At least 8 characters'} />
        <TextField label="Repeat the new password" type="password" autoComplete="new-password" value={repeat} onChange={(e) => setRepeat(e.target.value)}
          error={mismatch} helperText={mismatch ? 'The two new passwords differ' : ' '} />
        {err && err.details.length === 0 ? <Alert severity="error" sx={{ gridColumn: '1 / -1' }}>{errorText(err)}</Alert> : null}
        <Box sx={{ gridColumn: '1 / -1', display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: 2, flexWrap: 'wrap' }}>
          <Typography variant="body2" color="text.secondary">Changing it signs you out everywhere else.</Typography>
          <Button type="submit" variant="contained" disabled={change.isPending || !current || !next}>Change password</Button>
        </Box>
      </Box>
    </Section>
  );
}
