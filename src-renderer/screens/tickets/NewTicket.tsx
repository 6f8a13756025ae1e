// "New ticket": subject, description, category, location (and priority for staff), checked
// with the API's own limits before submitting.
import { useMemo, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { z } from 'zod';
import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import TextField from '@mui/material/TextField';
import MenuItem from '@mui/material/MenuItem';
import Button from '@mui/material/Button';
import Alert from '@mui/material/Alert';
import Stack from '@mui/material/Stack';
import { Description, Location, Subject } from '../../../src-shared/schemas.ts';
import { PRIORITIES } from '../../../src-shared/domain.ts';
import { call, errorText, toApiError, type Priority } from '../../api/client.ts';
import { useQueryClient } from '@tanstack/react-query';
import { invalidateProcedures, useCategories } from '../../api/hooks.ts';
import { useUser, isStaffRole } from '../../app/session.tsx';
import { useNotify } from '../../app/notify.tsx';
import { counter, useForm } from '../../components/forms.ts';
import { ErrorState } from '../../components/States.tsx';
import { PRIORITY_LABEL } from '../../format.ts';
import { useTitle } from '../../app/useTitle.ts';

const OptionalLocation = z.string().refine((s) => s.trim() === '' || Location.safeParse(s).success, { message: 'Location must be at most 200 characters' });

export function NewTicket() {
  const user = useUser();
  useTitle('New ticket');
  const staff = isStaffRole(user.role);
  const navigate = useNavigate();
  const notify = useNotify();
  const { items: categories, error: categoriesError, refresh } = useCategories();
  const queryClient = useQueryClient();
  const active = (categories ?? []).filter((c) => c.active);
  const schemas = useMemo(() => ({
    subject: Subject,
    description: Description,
    category: z.string().min(1, { message: 'Choose a category' }),
    location: OptionalLocation,
  }), []);
  const form = useForm(schemas, { subject: '', description: '', category: '', location: '' });
  const [priority, setPriority] = useState<Priority>('normal');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (!form.validate()) {
      const first = document.querySelector<HTMLElement>('[aria-invalid="true"]');
      first?.focus();
      return;
    }
    setBusy(true);
    try {
      const v = form.values;
      const ticket = await call('tickets.create', {
        subject: v.subject.trim(), description: v.description.trim(), category: v.category,
        ...(v.location.trim() ? { location: v.location.trim() } : {}),
        ...(staff && priority !== 'normal' ? { priority } : {}),
      });
      void invalidateProcedures(queryClient, ['tickets.list', 'tickets.counts', 'analytics.activeByCategory']);
      navigate(`/tickets/${ticket.id}`, { replace: true });
      notify(`Ticket #${ticket.id} created`);
    } catch (err) {
      const apiErr = toApiError(err);
      if (!form.applyServerError(apiErr)) setError(errorText(apiErr));
      setBusy(false);
    }
  };

  return (
    <Box sx={{ maxWidth: 760, mx: 'auto' }}>
      <Typography variant="h5" component="h1" gutterBottom>New ticket</Typography>
      <Typography color="text.secondary" sx={{ mb: 2 }}>Describe the problem so the helpdesk can act on it: what is wrong, where, and since when.</Typography>
      {categoriesError ? <ErrorState error={categoriesError} onRetry={refresh} title="Could not load the categories" /> : null}
      <Paper variant="outlined" sx={{ p: { xs: 2, sm: 3 } }}>
        <form onSubmit={submit} noValidate aria-label="New ticket">
          <Stack spacing={2.5}>
            {error ? <Alert severity="error" role="alert">{error}</Alert> : null}
            <TextField {...form.field('subject', counter(form.values.subject, 200))} label="Subject" required fullWidth autoFocus
              placeholder="e.g. Projector in room B204 shows no picture" />
            <TextField {...form.field('description', counter(form.values.description, 20_000))} label="Description" required fullWidth multiline minRows={5} maxRows={16} />
            <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap' }}>
              <TextField {...form.field('category')} select label="Category" required sx={{ flex: '1 1 220px' }}
                slotProps={{ select: { MenuProps: { disableScrollLock: true } } }}>
                {active.map((c) => <MenuItem key={c.slug} value={c.slug}>{c.name}</MenuItem>)}
              </TextField>
              <TextField {...form.field('location', 'Building, room, or place (optional)')} label="Location" sx={{ flex: '2 1 280px' }} />
              {staff ? (
                <TextField select label="Priority" value={priority} onChange={(e) => setPriority(e.target.value as Priority)} sx={{ flex: '1 1 140px' }}>
                  {PRIORITIES.map((p) => <MenuItem key={p} value={p}>{PRIORITY_LABEL[p]}</MenuItem>)}
                </TextField>
              ) : null}
            </Box>
            <Box sx={{ display: 'flex', gap: 1, justifyContent: 'flex-end' }}>
              <Button onClick={() => navigate(-1)} disabled={busy}>Cancel</Button>
              <Button type="submit" variant="contained" disabled={busy}>{busy ? 'Creating…' : 'Create ticket'}</Button>
            </Box>
          </Stack>
        </form>
      </Paper>
    </Box>
  );
}
