// Editing a ticket's subject, description and location in place, validated with the API's
// own field rules before anything is sent; only the changed fields go to tickets.update.
import { useMemo, type FormEvent } from 'react';
import { z } from 'zod';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { Description, Location, Subject } from '../../../src-shared/schemas.ts';
import type { Ticket } from '../../api/client.ts';
import { counter, useForm } from '../../components/forms.ts';
import type { UpdateFields } from './useTicket.ts';

const OptionalLocation = z.string().refine((s) => s.trim() === '' || Location.safeParse(s).success, { message: 'Location must be at most 200 characters' });

export function EditForm({ ticket, staff: _staff, disabled, onCancel, onSave }: {
  ticket: Ticket; staff: boolean; disabled: boolean; onCancel: () => void; onSave: (fields: UpdateFields) => Promise<boolean>;
}) {
  const schemas = useMemo(() => ({ subject: Subject, description: Description, location: OptionalLocation }), []);
  const form = useForm(schemas, { subject: ticket.subject, description: ticket.description, location: ticket.location ?? '' });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!form.validate()) return;
    const v = form.values;
    const fields: UpdateFields = {};
    if (v.subject.trim() !== ticket.subject) fields.subject = v.subject.trim();
    if (v.description.trim() !== ticket.description) fields.description = v.description.trim();
    const loc = v.location.trim() === '' ? null : v.location.trim();
    if (loc !== ticket.location) fields.location = loc;
    if (Object.keys(fields).length === 0) { onCancel(); return; }
    await onSave(fields);
  };
  return (
    <form onSubmit={submit} noValidate aria-label="Edit ticket">
      <Stack spacing={2}>
        <Typography variant="h6" component="h1">Edit ticket #{ticket.id}</Typography>
        <TextField {...form.field('subject', counter(form.values.subject, 200))} label="Subject" required fullWidth autoFocus />
        <TextField {...form.field('description', counter(form.values.description, 20_000))} label="Description" required fullWidth multiline minRows={4} maxRows={16} />
        <TextField {...form.field('location', 'Building, room, or place (optional)')} label="Location" fullWidth />
        <Box sx={{ display: 'flex', gap: 1, justifyContent: 'flex-end' }}>
          <Button onClick={onCancel}>Cancel</Button>
          <Button type="submit" variant="contained" disabled={disabled}>Save</Button>
        </Box>
      </Stack>
    </form>
  );
}
