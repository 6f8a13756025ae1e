// First run: while auth.status says needsSetup, create the first admin and sign in.
import { useMemo, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { z } from 'zod';
import TextField from '@mui/material/TextField';
import Button from '@mui/material/Button';
import Alert from '@mui/material/Alert';
import Stack from '@mui/material/Stack';
import { DisplayName, Password, Username } from '../../../src-shared/schemas.ts';
import { call, errorText, toApiError } from '../../api/client.ts';
import { useSession } from '../../app/session.tsx';
import { useForm } from '../../components/forms.ts';
import { AuthFrame } from './AuthFrame.tsx';
import { useTitle } from '../../app/useTitle.ts';

export function SetupScreen() {
  const { signedIn, retry } = useSession();
  useTitle('First run');
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirm, setConfirm] = useState('');
  const [confirmTouched, setConfirmTouched] = useState(false);
  const schemas = useMemo(() => ({ displayName: DisplayName, username: Username, password: Password }), []);
  const form = useForm(schemas, { displayName: '', username: '', password: '' });
  const mismatch = confirm !== form.values.password;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setConfirmTouched(true);
    if (!form.validate() || mismatch) return;
    setBusy(true);
    setError(null);
    try {
      const session = await call('auth.setup', { username: form.values.username.trim(), password: form.values.password, displayName: form.values.displayName.trim() });
      signedIn(session);
      navigate('/queue', { replace: true });
    } catch (err) {
      const apiErr = toApiError(err);
      if (apiErr.code === 'CONFLICT') { retry(); return; }
      if (!form.applyServerError(apiErr)) setError(errorText(apiErr));
      setBusy(false);
    }
  };

  return (
    <AuthFrame title="Welcome to CampusDesk" subtitle="This database has no accounts yet. Create the first administrator; you can add agents and reporters afterwards.">
      {error ? <Alert severity="error" role="alert" sx={{ mb: 2 }}>{error}</Alert> : null}
      <form onSubmit={submit} noValidate aria-label="Create the first administrator">
        <Stack spacing={2}>
          <TextField {...form.field('displayName')} label="Your name" autoComplete="name" autoFocus required fullWidth />
          <TextField {...form.field('username', '3–64 characters: a-z, 0-9, dot, underscore, hyphen')} label="Username" autoComplete="username" required fullWidth
            slotProps={{ htmlInput: { autoCapitalize: 'none', spellCheck: false } }} />
          <TextField {...form.field('password', 'At least 8 characters')} label="Password" type="password" autoComplete="new-password" required fullWidth />
          <TextField name="confirm" label="Repeat the password" type="password" autoComplete="new-password" required fullWidth value={confirm}
            onChange={(e) => setConfirm(e.target.value)} onBlur={() => setConfirmTouched(true)}
            error={confirmTouched && mismatch} helperText={confirmTouched && mismatch ? 'The passwords do not match' : ' '} />
          <Button type="submit" variant="contained" size="large" disabled={busy}>{busy ? 'Creating…' : 'Create administrator and sign in'}</Button>
        </Stack>
      </form>
    </AuthFrame>
  );
}
