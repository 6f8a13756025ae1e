// Sign-in: clear messages for wrong credentials, throttling and an unreachable hub; after
// signing in, back to `returnTo` (the page the person was on) or the role's home.
import { useMemo, useState, type FormEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { z } from 'zod';
import TextField from '@mui/material/TextField';
import Button from '@mui/material/Button';
import Alert from '@mui/material/Alert';
import Stack from '@mui/material/Stack';
import { call, toApiError } from '../../api/client.ts';
import { useQueryClient } from '@tanstack/react-query';
import { useSession, homePath, isStaffRole, safeReturnTo } from '../../app/session.tsx';
import { prefetchDefaultQueue } from '../tickets/useTicketPages.ts';
import { useForm } from '../../components/forms.ts';
import { AuthFrame } from './AuthFrame.tsx';
import { useTitle } from '../../app/useTitle.ts';

function loginMessage(code: string, message: string): string {
  switch (code) {
    case 'UNAUTHENTICATED': return 'Wrong username or password.';
    case 'RATE_LIMITED': return `Too many failed sign-ins. ${message}`;
    case 'NETWORK': return 'Cannot reach the CampusDesk hub. Check the network connection and try again.';
    default: return message;
  }
}

export function LoginScreen() {
  const { state, signedIn } = useSession();
  useTitle('Sign in');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [params] = useSearchParams();
  const returnTo = safeReturnTo(params.get('returnTo'));
  const schemas = useMemo(() => ({
    username: z.string().trim().min(1, { message: 'Enter your username' }),
    password: z.string().min(1, { message: 'Enter your password' }),
  }), []);
  const form = useForm(schemas, { username: '', password: '' });
  const [error, setError] = useState<{ code: string; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const expired = state.phase === 'signedOut' && state.expired;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!form.validate()) return;
    setBusy(true);
    setError(null);
    try {
      const session = await call('auth.login', { username: form.values.username.trim(), password: form.values.password });
      signedIn(session);
      // The queue's first page is asked for now, while the app switches screens.
      if (!returnTo && isStaffRole(session.user.role)) prefetchDefaultQueue(queryClient);
      navigate(returnTo ?? homePath(session.user), { replace: true });
    } catch (err) {
      const e2 = toApiError(err);
      setError({ code: e2.code, text: loginMessage(e2.code, e2.message) });
      setBusy(false);
    }
  };

  return (
    <AuthFrame title="Sign in" subtitle="Use your campus helpdesk account.">
      {expired && !error ? <Alert severity="info" sx={{ mb: 2 }}>Your session has ended. Sign in again to continue where you were.</Alert> : null}
      {error ? <Alert severity={error.code === 'NETWORK' ? 'warning' : 'error'} sx={{ mb: 2 }} role="alert" data-code={error.code}>{error.text}</Alert> : null}
      <form onSubmit={submit} noValidate aria-label="Sign in">
        <Stack spacing={2}>
          <TextField {...form.field('username')} label="Username" autoComplete="username" autoFocus fullWidth size="medium"
            slotProps={{ htmlInput: { autoCapitalize: 'none', spellCheck: false } }} />
          <TextField {...form.field('password')} label="Password" type="password" autoComplete="current-password" fullWidth size="medium" />
          <Button type="submit" variant="contained" size="large" disabled={busy}>{busy ? 'Signing in…' : 'Sign in'}</Button>
        </Stack>
      </form>
    </AuthFrame>
  );
}
