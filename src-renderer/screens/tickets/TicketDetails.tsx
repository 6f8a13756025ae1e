// The ticket page's side panel: status and fields (staff edit them in place; reporters see
// them and may close or reopen), the dates, and who reported it through which channel.
import type { ReactNode } from 'react';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import IconButton from '@mui/material/IconButton';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import CheckCircleIcon from '@mui/icons-material/CheckCircleOutlined';
import ReplayIcon from '@mui/icons-material/Replay';
import PersonAddIcon from '@mui/icons-material/PersonAddAlt1Outlined';
import { PRIORITIES, STATUSES } from '../../../src-shared/domain.ts';
import type { Priority, Status, Ticket } from '../../api/client.ts';
import { useCategories, useStaff } from '../../api/hooks.ts';
import { TimeAgo } from '../../components/TicketBits.tsx';
import { StatusChip } from '../../components/TicketBits.tsx';
import { PRIORITY_LABEL, STATUS_LABEL, formatDateTime } from '../../format.ts';
import type { UpdateFields } from './useTicket.ts';

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Box sx={{ display: 'flex', gap: 1, py: 0.5 }}>
      <Typography variant="body2" color="text.secondary" sx={{ width: 110, flexShrink: 0 }}>{label}</Typography>
      <Typography variant="body2" component="div" sx={{ minWidth: 0, overflowWrap: 'anywhere' }}>{children}</Typography>
    </Box>
  );
}

export function Dates({ ticket }: { ticket: Ticket }) {
  return (
    <Box data-testid="ticket-dates">
      <Row label="Opened">{formatDateTime(ticket.openedAt)} · <TimeAgo iso={ticket.openedAt} /></Row>
      <Row label="Last modified">{formatDateTime(ticket.updatedAt)} · <TimeAgo iso={ticket.updatedAt} /></Row>
      <Row label="Closed">{ticket.closedAt ? <>{formatDateTime(ticket.closedAt)} · <TimeAgo iso={ticket.closedAt} /></> : 'Not closed'}</Row>
    </Box>
  );
}

export function People({ ticket }: { ticket: Ticket }) {
  const c = ticket.contact;
  return (
    <Box sx={{ mt: 1 }}>
      <Row label="Reporter">{ticket.reporter?.displayName ?? c?.name ?? 'Walk-up reporter'}</Row>
      {c?.email ? <Row label="Email">{c.email}</Row> : null}
      {c?.phone ? <Row label="Phone">{c.phone}</Row> : null}
      <Row label="Channel">{ticket.channel}</Row>
    </Box>
  );
}


export function StaffDetails({ ticket, disabled, update, setStatus, meId }: {
  ticket: Ticket; disabled: boolean; meId: number;
  update: (what: string, fields: UpdateFields) => Promise<boolean>;
  setStatus: (s: Status) => Promise<boolean>;
}) {
  const { items: categories } = useCategories();
  const { items: staffUsers } = useStaff();
  const assignable = (staffUsers ?? []).filter((u) => u.active || u.id === ticket.assignee?.id);
  return (
    <Stack spacing={2}>
      <TextField select label="Status" value={ticket.status} disabled={disabled} fullWidth
        onChange={(e) => void setStatus(e.target.value as Status)}>
        {STATUSES.map((s) => <MenuItem key={s} value={s}>{STATUS_LABEL[s]}</MenuItem>)}
      </TextField>
      <TextField select label="Priority" value={ticket.priority} disabled={disabled} fullWidth
        onChange={(e) => void update('Your priority change', { priority: e.target.value as Priority })}>
        {[...PRIORITIES].reverse().map((p) => <MenuItem key={p} value={p}>{PRIORITY_LABEL[p]}</MenuItem>)}
      </TextField>
      <TextField select label="Category" value={ticket.category} disabled={disabled} fullWidth
        onChange={(e) => void update('Your category change', { category: e.target.value })}>
        {(categories ?? []).filter((c) => c.active || c.slug === ticket.category).map((c) => (
          <MenuItem key={c.slug} value={c.slug} disabled={!c.active}>{c.name}{c.active ? '' : ' (inactive)'}</MenuItem>
        ))}
        {categories && !categories.some((c) => c.slug === ticket.category) ? <MenuItem value={ticket.category}>{ticket.category}</MenuItem> : null}
      </TextField>
      <Box sx={{ display: 'flex', gap: 1, alignItems: 'flex-start' }}>
        <TextField select label="Assignee" value={ticket.assignee ? String(ticket.assignee.id) : ''} disabled={disabled} fullWidth
          slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true } }}
          onChange={(e) => void update('Your assignment', { assigneeId: e.target.value === '' ? null : Number(e.target.value) })}>
          <MenuItem value="">Unassigned</MenuItem>
          {assignable.map((u) => <MenuItem key={u.id} value={String(u.id)}>{u.displayName}{u.id === meId ? ' (me)' : ''}</MenuItem>)}
          {ticket.assignee && !assignable.some((u) => u.id === ticket.assignee!.id) ? <MenuItem value={String(ticket.assignee.id)}>{ticket.assignee.displayName}</MenuItem> : null}
        </TextField>
        {ticket.assignee?.id !== meId ? (
          <Tooltip title="Assign to me">
            <span><IconButton aria-label="Assign to me" disabled={disabled} onClick={() => void update('Your assignment', { assigneeId: meId })} sx={{ mt: 0.25 }}><PersonAddIcon /></IconButton></span>
          </Tooltip>
        ) : null}
      </Box>
    </Stack>
  );
}

export function ReporterDetails({ ticket, categoryLabel, disabled, setStatus }: { ticket: Ticket; categoryLabel: string; disabled: boolean; setStatus: (s: Status) => Promise<boolean> }) {
  const canReopen = ticket.status === 'resolved' || ticket.status === 'closed';
  return (
    <Box>
      <Row label="Status"><StatusChip status={ticket.status} /></Row>
      <Row label="Category">{categoryLabel}</Row>
      <Row label="Location">{ticket.location ?? '—'}</Row>
      <Row label="Assigned to">{ticket.assignee?.displayName ?? 'Not yet assigned'}</Row>
      <Box sx={{ display: 'flex', gap: 1, mt: 2, flexWrap: 'wrap' }}>
        {canReopen ? <Button variant="contained" startIcon={<ReplayIcon />} disabled={disabled} onClick={() => void setStatus('open')}>Reopen</Button> : null}
        {ticket.status !== 'closed' ? <Button variant="outlined" startIcon={<CheckCircleIcon />} disabled={disabled} onClick={() => void setStatus('closed')}>Close ticket</Button> : null}
      </Box>
      {canReopen ? <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>Not fixed after all? Reopen it and the helpdesk will look again.</Typography> : null}
    </Box>
  );
}

