// Users: create, edit name and email, change role, deactivate (and reactivate), reset password.
import { useMemo, useState, type FormEvent } from 'react';
import { z } from 'zod';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableHead from '@mui/material/TableHead';
import TableBody from '@mui/material/TableBody';
import TableRow from '@mui/material/TableRow';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TextField from '@mui/material/TextField';
import MenuItem from '@mui/material/MenuItem';
import Chip from '@mui/material/Chip';
import Typography from '@mui/material/Typography';
import Dialog from '@mui/material/Dialog';
import DialogTitle from '@mui/material/DialogTitle';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogActions from '@mui/material/DialogActions';
import Alert from '@mui/material/Alert';
import Stack from '@mui/material/Stack';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import useMediaQuery from '@mui/material/useMediaQuery';
import { useTheme } from '@mui/material/styles';
import PersonAddIcon from '@mui/icons-material/PersonAddAlt1';
import { DisplayName, Email, Password, Username } from '../../../src-shared/schemas.ts';
import { ROLES } from '../../../src-shared/domain.ts';
import { call, errorText, toApiError, type Role, type User } from '../../api/client.ts';
import { useQueryClient } from '@tanstack/react-query';
import { invalidateProcedures, useCall } from '../../api/hooks.ts';
import { useUser } from '../../app/session.tsx';
import { useNotify } from '../../app/notify.tsx';
import { useForm } from '../../components/forms.ts';
import { ListStates } from '../../components/States.tsx';
import { SearchField } from '../../components/SearchField.tsx';
import { ROLE_LABEL, formatDate } from '../../format.ts';

const OptionalEmail = z.string().refine((s) => s.trim() === '' || Email.safeParse(s).success, {
  message: 'Email must look like name@example.edu (at most 254 characters)',
});

const SHOWN = 200;

export function UsersAdmin() {
  const me = useUser();
  const notify = useNotify();
  const [q, setQ] = useState('');
  const [role, setRole] = useState<Role | ''>('');
  const users = useCall('users.list', { ...(q ? { q } : {}), ...(role ? { role } : {}) }, { keepPrevious: true });
  const queryClient = useQueryClient();
  /** Every list of users (this one, the assignee pickers) and the tickets naming them. */
  const refreshUsers = () => invalidateProcedures(queryClient, ['users.list', 'tickets.list', 'tickets.get', 'analytics.workload']);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<User | null>(null);
  const [resetFor, setResetFor] = useState<User | null>(null);
  const [deactivating, setDeactivating] = useState<User | null>(null);
  const theme = useTheme();
  const narrow = useMediaQuery(theme.breakpoints.down('md'));

  const patch = async (u: User, changes: { role?: Role; active?: boolean }, done: string) => {
    try {
      await call('users.update', { id: u.id, ...changes });
      await refreshUsers();
      notify(done);
    } catch (err) {
      notify(`${u.displayName}: ${errorText(err)}`, 'error');
    }
  };

  const roleSelect = (u: User) => (
    <TextField select value={u.role} disabled={u.id === me.id} fullWidth variant="standard"
      slotProps={{ htmlInput: { 'aria-label': `Role of ${u.username}` } }}
      onChange={(e) => void patch(u, { role: e.target.value as Role }, `${u.displayName} is now ${ROLE_LABEL[e.target.value as Role].toLowerCase()}`)}>
      {ROLES.map((r) => <MenuItem key={r} value={r}>{ROLE_LABEL[r]}</MenuItem>)}
    </TextField>
  );
  const statusChip = (u: User) => (u.active ? <Chip size="small" color="success" variant="outlined" label="Active" /> : <Chip size="small" label="Deactivated" />);
  const actions = (u: User) => (
    <>
      <Button size="small" onClick={() => setEditing(u)} aria-label={`Edit name and email of ${u.username}`}>Edit</Button>
      <Button size="small" onClick={() => setResetFor(u)} aria-label={`Reset password of ${u.username}`}>Reset password</Button>
      {u.active
        ? <Button size="small" color="error" disabled={u.id === me.id} onClick={() => setDeactivating(u)} aria-label={`Deactivate ${u.username}`}>Deactivate</Button>
        : <Button size="small" onClick={() => void patch(u, { active: true }, `${u.displayName} can sign in again`)} aria-label={`Activate ${u.username}`}>Activate</Button>}
    </>
  );

  return (
    <Box>
      <Box sx={{ display: 'flex', gap: 1.5, mb: 2, flexWrap: 'wrap', alignItems: 'center' }}>
        <SearchField label="Search users" value={q} onSearch={setQ} width={280} />
        <TextField select label="Role" value={role} onChange={(e) => setRole(e.target.value as Role | '')} sx={{ width: 150 }}
          slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true } }}>
          <MenuItem value="">All roles</MenuItem>
          {ROLES.map((r) => <MenuItem key={r} value={r}>{ROLE_LABEL[r]}</MenuItem>)}
        </TextField>
        <Box sx={{ flex: 1 }} />
        <Button variant="contained" startIcon={<PersonAddIcon />} onClick={() => setCreating(true)}>Add user</Button>
      </Box>
      <ListStates items={users.data?.items} error={users.error} onRetry={() => void users.refetch()} errorTitle="Could not load the users"
        loadingLabel="Loading users…" emptyTitle="No users match" emptyText="Try another search or role.">{(items) => (
        <Paper variant="outlined" sx={{ opacity: users.isPlaceholderData ? 0.6 : 1 }}>
          {narrow ? (
            <List aria-label="Users" disablePadding>
              {items.slice(0, SHOWN).map((u) => (
                <ListItem key={u.id} divider data-username={u.username} sx={{ display: 'block', opacity: u.active ? 1 : 0.65 }}>
                  <Box sx={{ display: 'flex', alignItems: 'baseline', gap: 1, flexWrap: 'wrap' }}>
                    <Typography sx={{ fontWeight: 500 }}>{u.displayName}{u.id === me.id ? ' (you)' : ''}</Typography>
                    <Typography variant="body2" color="text.secondary">{u.username}</Typography>
                    <Box sx={{ ml: 'auto' }}>{statusChip(u)}</Box>
                  </Box>
                  {u.email ? <Typography variant="body2" color="text.secondary" sx={{ overflowWrap: 'anywhere' }}>{u.email}</Typography> : null}
                  <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, mt: 1, flexWrap: 'wrap' }}>
                    <Box sx={{ width: 130 }}>{roleSelect(u)}</Box>
                    <Box sx={{ ml: 'auto' }}>{actions(u)}</Box>
                  </Box>
                </ListItem>
              ))}
            </List>
          ) : (
            <TableContainer>
              <Table size="small" aria-label="Users">
                <TableHead>
                  <TableRow>
                    <TableCell>Name</TableCell>
                    <TableCell>Email</TableCell>
                    <TableCell sx={{ width: 150 }}>Role</TableCell>
                    <TableCell sx={{ width: 110 }}>Status</TableCell>
                    <TableCell sx={{ width: 120 }}>Created</TableCell>
                    <TableCell align="right" sx={{ width: 300 }}>Actions</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {items.slice(0, SHOWN).map((u) => (
                    <TableRow key={u.id} data-username={u.username} sx={{ opacity: u.active ? 1 : 0.65 }}>
                      <TableCell>
                        <Typography sx={{ fontWeight: 500 }}>{u.displayName}{u.id === me.id ? ' (you)' : ''}</Typography>
                        <Typography variant="body2" color="text.secondary">{u.username}</Typography>
                      </TableCell>
                      <TableCell sx={{ overflowWrap: 'anywhere' }}>{u.email ?? '—'}</TableCell>
                      <TableCell>{roleSelect(u)}</TableCell>
                      <TableCell>{statusChip(u)}</TableCell>
                      <TableCell>{formatDate(u.createdAt)}</TableCell>
                      <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>{actions(u)}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </TableContainer>
          )}
          {items.length > SHOWN ? (
            <Typography variant="body2" color="text.secondary" sx={{ px: 2, py: 1.5, borderTop: 1, borderColor: 'divider' }}>
              Showing the first {SHOWN} of {items.length.toLocaleString()} users; search by name, username or email to find others.
            </Typography>
          ) : null}
        </Paper>
      )}</ListStates>

      {creating ? <CreateUserDialog onClose={() => setCreating(false)} onCreated={(u) => { setCreating(false); void refreshUsers(); notify(`User ${u.username} created`); }} /> : null}
      {editing ? <EditUserDialog user={editing} onClose={() => setEditing(null)} onDone={(u) => { setEditing(null); void refreshUsers(); notify(`Saved the details of ${u.username}`); }} /> : null}
      {resetFor ? <ResetPasswordDialog user={resetFor} onClose={() => setResetFor(null)} onDone={() => { notify(`New password set for ${resetFor.username}`); setResetFor(null); }} /> : null}
      <Dialog open={!!deactivating} onClose={() => setDeactivating(null)} aria-labelledby="deactivate-title">
        <DialogTitle id="deactivate-title">Deactivate {deactivating?.displayName}?</DialogTitle>
        <DialogContent>
          <DialogContentText>They are signed out everywhere and can no longer sign in. Their tickets and messages stay. You can activate the account again later.</DialogContentText>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setDeactivating(null)}>Cancel</Button>
          <Button color="error" variant="contained" onClick={() => { const u = deactivating!; setDeactivating(null); void patch(u, { active: false }, `${u.displayName} was deactivated`); }}>Deactivate</Button>
        </DialogActions>
      </Dialog>
    </Box>
  );
}

function CreateUserDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (u: User) => void }) {
  const schemas = useMemo(() => ({ username: Username, displayName: DisplayName, email: OptionalEmail, password: Password }), []);
  const form = useForm(schemas, { username: '', displayName: '', email: '', password: '' });
  const [role, setRole] = useState<Role>('reporter');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!form.validate()) return;
    setBusy(true);
    setError(null);
    try {
      const v = form.values;
      const user = await call('users.create', {
        username: v.username.trim(), displayName: v.displayName.trim(), password: v.password, role,
        ...(v.email.trim() ? { email: v.email.trim() } : {}),
      });
      onCreated(user);
    } catch (err) {
      const apiErr = toApiError(err);
      if (apiErr.code === 'CONFLICT') form.setServerErrors({ username: 'This username is already taken' });
      else if (!form.applyServerError(apiErr)) setError(errorText(apiErr));
      setBusy(false);
    }
  };
  return (
    <Dialog open onClose={onClose} aria-labelledby="create-user-title" fullWidth maxWidth="sm">
      <form onSubmit={submit} noValidate aria-label="Add user">
        <DialogTitle id="create-user-title">Add a user</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ pt: 1 }}>
            {error ? <Alert severity="error" role="alert">{error}</Alert> : null}
            <TextField {...form.field('displayName')} label="Name" required fullWidth autoFocus />
            <TextField {...form.field('username', '3–64 characters: a-z, 0-9, dot, underscore, hyphen')} label="Username" required fullWidth
              slotProps={{ htmlInput: { autoCapitalize: 'none', spellCheck: false } }} />
            <TextField {...form.field('email', 'Optional')} label="Email" type="email" fullWidth />
            <TextField select label="Role" value={role} onChange={(e) => setRole(e.target.value as Role)} fullWidth
              helperText={role === 'reporter' ? 'Reports problems and sees only their own tickets' : role === 'agent' ? 'Helpdesk staff: works on all tickets' : 'Staff who also manages users, categories and kiosks'}>
              {ROLES.map((r) => <MenuItem key={r} value={r}>{ROLE_LABEL[r]}</MenuItem>)}
            </TextField>
            <TextField {...form.field('password', 'At least 8 characters; tell it to the person, they sign in with it')} label="Initial password" type="password" autoComplete="new-password" required fullWidth />
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="contained" disabled={busy}>{busy ? 'Creating…' : 'Create user'}</Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}

/** An admin corrects a user's display name and email (empty email: none). */
function EditUserDialog({ user, onClose, onDone }: { user: User; onClose: () => void; onDone: (u: User) => void }) {
  const schemas = useMemo(() => ({ displayName: DisplayName, email: OptionalEmail }), []);
  const form = useForm(schemas, { displayName: user.displayName, email: user.email ?? '' });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!form.validate()) return;
    const displayName = form.values.displayName.trim();
    const email = form.values.email.trim() === '' ? null : form.values.email.trim();
    const changes = { ...(displayName !== user.displayName ? { displayName } : {}), ...(email !== user.email ? { email } : {}) };
    if (Object.keys(changes).length === 0) { onClose(); return; }
    setBusy(true);
    setError(null);
    try {
      onDone(await call('users.update', { id: user.id, ...changes }));
    } catch (err) {
      const apiErr = toApiError(err);
      if (!form.applyServerError(apiErr)) setError(errorText(apiErr));
      setBusy(false);
    }
  };
  return (
    <Dialog open onClose={onClose} aria-labelledby="edit-user-title" fullWidth maxWidth="sm">
      <form onSubmit={submit} noValidate aria-label="Edit user">
        <DialogTitle id="edit-user-title">Edit {user.username}</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ pt: 1 }}>
            {error ? <Alert severity="error" role="alert">{error}</Alert> : null}
            <TextField {...form.field('displayName', 'The name shown on tickets and messages')} label="Name" required fullWidth autoFocus />
            <TextField {...form.field('email', 'Optional; leave empty for none')} label="Email" type="email" fullWidth />
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="contained" disabled={busy}>{busy ? 'Saving…' : 'Save'}</Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}

function ResetPasswordDialog({ user, onClose, onDone }: { user: User; onClose: () => void; onDone: () => void }) {
  const schemas = useMemo(() => ({ password: Password }), []);
  const form = useForm(schemas, { password: '' });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!form.validate()) return;
    setBusy(true);
    try {
      await call('users.update', { id: user.id, password: form.values.password });
      onDone();
    } catch (err) {
      const apiErr = toApiError(err);
      if (!form.applyServerError(apiErr)) setError(errorText(apiErr));
      setBusy(false);
    }
  };
  return (
    <Dialog open onClose={onClose} aria-labelledby="reset-title" fullWidth maxWidth="xs">
      <form onSubmit={submit} noValidate aria-label="Reset password">
        <DialogTitle id="reset-title">New password for {user.displayName}</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ pt: 1 }}>
            {error ? <Alert severity="error" role="alert">{error}</Alert> : null}
            <Typography variant="body2" color="text.secondary">{user.username} is signed out everywhere and signs in with the new password.</Typography>
            <TextField {...form.field('password', 'At least 8 characters')} label="New password" type="password" autoComplete="new-password" required fullWidth autoFocus />
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="contained" disabled={busy}>Set password</Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
