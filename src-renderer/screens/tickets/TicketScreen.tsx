// One ticket. Reporters: the public conversation, a reply box, close and reopen (and edits
// of subject, description and location while active). Staff: everything editable, status
// by the spec's rules, replies and internal notes, the history timeline. Every change
// carries the ticket's version; when someone else changed it meanwhile the API answers
// CONFLICT and this screen says so, with a one-click reload — never a silent overwrite.
import { useEffect, useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Link as RouterLink, useNavigate, useParams } from 'react-router';
import { z } from 'zod';
import Box from '@mui/material/Box';
import Grid from '@mui/material/Grid';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import Button from '@mui/material/Button';
import TextField from '@mui/material/TextField';
import MenuItem from '@mui/material/MenuItem';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Divider from '@mui/material/Divider';
import Stack from '@mui/material/Stack';
import IconButton from '@mui/material/IconButton';
import Tooltip from '@mui/material/Tooltip';
import ArrowBack from '@mui/icons-material/ArrowBack';
import EditIcon from '@mui/icons-material/EditOutlined';
import RefreshIcon from '@mui/icons-material/Refresh';
import CheckCircleIcon from '@mui/icons-material/CheckCircleOutlined';
import ReplayIcon from '@mui/icons-material/Replay';
import PersonAddIcon from '@mui/icons-material/PersonAddAlt1Outlined';
import KeyboardArrowUp from '@mui/icons-material/KeyboardArrowUp';
import KeyboardArrowDown from '@mui/icons-material/KeyboardArrowDown';
import { Description, Location, Subject } from '../../../src-shared/schemas.ts';
import { PRIORITIES, STATUSES, isActive } from '../../../src-shared/domain.ts';
import { call, errorText, toApiError, type Message, type Priority, type Status, type Ticket, type TicketEvent, type InputOf } from '../../api/client.ts';
import { categoryName, useAsync, useCategories, useStaff } from '../../api/hooks.ts';
import { useUser, isStaffRole } from '../../app/session.tsx';
import { useNotify } from '../../app/notify.tsx';
import { useShortcut } from '../../app/shortcuts.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../components/States.tsx';
import { PriorityChip, StatusChip, TimeAgo } from '../../components/TicketBits.tsx';
import { counter, useForm } from '../../components/forms.ts';
import { PRIORITY_LABEL, STATUS_LABEL, formatDateTime } from '../../format.ts';
import { Composer, MessageList, type ComposerHandle } from './Conversation.tsx';
import { HistoryTimeline, describeEvent } from './HistoryTimeline.tsx';
import { recalledList } from './paging.ts';
import { useTitle } from '../../app/useTitle.ts';

interface Loaded { ticket: Ticket; messages: Message[]; history: TicketEvent[] }

interface Conflict { current: Ticket | null; attempted: string; lastChanges?: TicketEvent[] }

export function TicketScreen() {
  const { id: idParam } = useParams();
  const id = Number(idParam);
  const valid = Number.isInteger(id) && id > 0;
  const user = useUser();
  const staff = isStaffRole(user.role);
  const navigate = useNavigate();
  const notify = useNotify();
  const { items: categories } = useCategories();
  const composer = useRef<ComposerHandle>(null);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [editing, setEditing] = useState(false);
  const [busy, setBusy] = useState(false);

  const loaded = useAsync<Loaded>(async () => {
    if (!valid) throw toApiError({ code: 'NOT_FOUND', message: 'There is no such ticket.', details: [] });
    const [ticket, messages, history] = await Promise.all([
      call('tickets.get', { id }), call('messages.list', { ticketId: id }), call('tickets.history', { id }),
    ]);
    return { ticket, messages: messages.items, history: history.items };
  }, [id]);
  useEffect(() => { setConflict(null); setEditing(false); }, [id]);

  const data = loaded.data?.ticket.id === id ? loaded.data : undefined;
  const ticket = data?.ticket;
  useTitle(ticket ? `#${ticket.id} ${ticket.subject}` : `Ticket #${idParam ?? ''}`);

  // j/k: the next/previous ticket of the list this one was opened from.
  const list = useMemo(() => recalledList(), []);
  const pos = list ? list.ids.indexOf(id) : -1;
  const prevId = pos > 0 ? list!.ids[pos - 1] : undefined;
  const nextId = pos >= 0 && list && pos < list.ids.length - 1 ? list.ids[pos + 1] : undefined;
  // Keys pressed in quick succession each move one ticket on, even before the page re-renders:
  // the position comes from the address bar, which navigate() changes at once. The route
  // itself updates in a transition, so a render in between (a load finishing) still carries
  // the old id and must not turn the position back.
  const step = (delta: number) => {
    const shown = Number(/^#\/tickets\/(\d+)/.exec(window.location.hash)?.[1] ?? id);
    const at = list ? list.ids.indexOf(shown) : -1;
    const target = at < 0 ? undefined : list?.ids[at + delta];
    if (target !== undefined) navigate(`/tickets/${target}`);
  };
  useShortcut('j', () => step(1));
  useShortcut('k', () => step(-1));
  useShortcut('r', () => composer.current?.focus('reply'));
  const backTo = list && pos >= 0 ? list.from : staff ? '/queue' : '/my';

  const reloadAll = () => { setConflict(null); setEditing(false); loaded.reload(); };

  /** Runs a change; on success shows the new ticket and refreshes the history. */
  async function change(what: string, run: () => Promise<Ticket>): Promise<boolean> {
    if (!data) return false;
    setBusy(true);
    try {
      const next = await run();
      const history = await call('tickets.history', { id }).then((h) => h.items).catch(() => data.history);
      loaded.setData({ ...data, ticket: next, history });
      return true;
    } catch (err) {
      const e = toApiError(err);
      if (e.code === 'CONFLICT') {
        const current = (e.details.find((d) => d.path === 'version')?.current ?? null) as Ticket | null;
        setConflict({ current, attempted: what });
        // Say who changed what (the history entries newer than the version on screen).
        call('tickets.history', { id }).then((h) => {
          const seen = new Set(data.history.map((ev) => ev.id));
          const fresh = h.items.filter((ev) => !seen.has(ev.id));
          setConflict((c) => (c && c.attempted === what ? { ...c, lastChanges: fresh } : c));
        }, () => {});
      } else if (e.code !== 'UNAUTHENTICATED') {
        notify(`${what}: ${errorText(e)}`, 'error');
      }
      return false;
    } finally {
      setBusy(false);
    }
  }

  const update = (what: string, fields: UpdateFields) =>
    change(what, () => call('tickets.update', { id, version: ticket!.version, ...fields }));
  const setStatus = (status: Status) =>
    change(`Your status change to ${STATUS_LABEL[status]}`, () => call('tickets.setStatus', { id, status, version: ticket!.version }));

  const send = async (body: string, internal: boolean): Promise<boolean> => {
    if (!data) return false;
    try {
      await call('messages.add', { ticketId: id, body, ...(internal ? { internal: true } : {}) });
      const [t, m, h] = await Promise.all([call('tickets.get', { id }), call('messages.list', { ticketId: id }), call('tickets.history', { id })]);
      loaded.setData({ ticket: t, messages: m.items, history: h.items });
      notify(internal ? 'Internal note added' : 'Reply sent');
      return true;
    } catch (err) {
      const e = toApiError(err);
      if (e.code !== 'UNAUTHENTICATED') notify(`Could not send: ${errorText(e)}`, 'error');
      return false;
    }
  };

  if (loaded.error && !data) {
    if (loaded.error.code === 'NOT_FOUND') {
      return <EmptyState title={`Ticket #${idParam} was not found`} action={<Button component={RouterLink} to={backTo} variant="outlined">Back to the list</Button>}>It does not exist, or it is not one you may see.</EmptyState>;
    }
    return <ErrorState error={loaded.error} onRetry={loaded.reload} title="Could not load the ticket" />;
  }
  if (!data || !ticket) return <LoadingState label="Loading the ticket…" />;

  const locked = !!conflict || busy;
  const reporterMayEdit = !staff && isActive(ticket.status);
  const mayEdit = staff || reporterMayEdit;

  return (
    <Box>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, mb: 1 }}>
        <Button component={RouterLink} to={backTo} startIcon={<ArrowBack />} size="small">{staff ? 'Queue' : 'My tickets'}</Button>
        <Box sx={{ flex: 1 }} />
        {list && pos >= 0 ? (
          <>
            <Typography variant="body2" color="text.secondary" sx={{ display: { xs: 'none', sm: 'block' } }}>{pos + 1} of {list.ids.length}</Typography>
            <Tooltip title="Previous ticket (k)"><span><IconButton size="small" aria-label="Previous ticket" aria-keyshortcuts="k" disabled={!prevId} onClick={() => navigate(`/tickets/${prevId}`)}><KeyboardArrowUp /></IconButton></span></Tooltip>
            <Tooltip title="Next ticket (j)"><span><IconButton size="small" aria-label="Next ticket" aria-keyshortcuts="j" disabled={!nextId} onClick={() => navigate(`/tickets/${nextId}`)}><KeyboardArrowDown /></IconButton></span></Tooltip>
          </>
        ) : null}
        <Tooltip title="Reload"><IconButton size="small" aria-label="Reload the ticket" onClick={reloadAll}><RefreshIcon /></IconButton></Tooltip>
      </Box>

      {conflict ? (
        <Alert severity="warning" role="alert" data-testid="conflict" sx={{ mb: 2, position: 'sticky', top: 64, zIndex: 2 }}
          action={<Button color="inherit" variant="outlined" size="small" startIcon={<RefreshIcon />} onClick={reloadAll} sx={{ whiteSpace: 'nowrap' }}>Reload ticket</Button>}>
          <AlertTitle>Someone else changed this ticket meanwhile</AlertTitle>
          {conflict.attempted} was not saved, so nothing was overwritten.
          {conflict.current ? ` It is now ${STATUS_LABEL[conflict.current.status]}, priority ${PRIORITY_LABEL[conflict.current.priority]}, last changed ${formatDateTime(conflict.current.updatedAt)}.` : ''}
          {' '}Reload to see the current version, then make your change again.
          {conflict.lastChanges && conflict.lastChanges.length > 0 ? (
            <Box component="ul" sx={{ m: 0, mt: 0.5, pl: 2.5 }} aria-label="Changes made meanwhile">
              {conflict.lastChanges.slice(-5).map((ev) => (
                <li key={ev.id}><strong>{ev.actor?.displayName ?? 'Someone'}</strong> {describeEvent(ev, categories)} ({formatDateTime(ev.at)})</li>
              ))}
            </Box>
          ) : null}
        </Alert>
      ) : null}

      <Grid container spacing={2.5}>
        <Grid size={{ xs: 12, md: 8 }}>
          <Paper variant="outlined" sx={{ p: { xs: 2, sm: 2.5 }, mb: 2.5 }}>
            {editing ? (
              <EditForm ticket={ticket} staff={staff} disabled={locked} onCancel={() => setEditing(false)}
                onSave={async (fields) => { const ok = await update('Your edit', fields); if (ok) { setEditing(false); notify('Ticket saved'); } return ok; }} />
            ) : (
              <>
                <Box sx={{ display: 'flex', gap: 1, alignItems: 'flex-start' }}>
                  <Box sx={{ flex: 1, minWidth: 0 }}>
                    <Typography variant="body2" color="text.secondary">Ticket #{ticket.id}{ticket.channel !== 'app' ? ` · via ${ticket.channel}` : ''}</Typography>
                    <Typography variant="h5" component="h1" sx={{ overflowWrap: 'anywhere' }} data-testid="ticket-subject">{ticket.subject}</Typography>
                  </Box>
                  {mayEdit ? <Button startIcon={<EditIcon />} onClick={() => setEditing(true)} disabled={locked}>Edit</Button> : null}
                </Box>
                <Box sx={{ display: 'flex', gap: 1, mt: 1, flexWrap: 'wrap', alignItems: 'center' }}>
                  <StatusChip status={ticket.status} size="medium" />
                  {staff ? <PriorityChip priority={ticket.priority} size="medium" /> : null}
                  <Typography variant="body2" color="text.secondary">{categoryName(categories, ticket.category)}{ticket.location ? ` · ${ticket.location}` : ''}</Typography>
                </Box>
                <Divider sx={{ my: 2 }} />
                <Typography component="div" sx={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid="ticket-description">{ticket.description}</Typography>
              </>
            )}
          </Paper>

          <Typography variant="h6" component="h2" sx={{ mb: 1 }}>Conversation</Typography>
          <MessageList messages={data.messages} reporterId={ticket.reporter?.id ?? null} />
          <Box sx={{ mt: 2 }}>
            <Composer key={id} ref={composer} ticketId={id} staff={staff} onSend={send} />
          </Box>
        </Grid>

        <Grid size={{ xs: 12, md: 4 }}>
          <Stack spacing={2.5}>
            <Paper variant="outlined" sx={{ p: 2 }} component="section" aria-labelledby="details-h">
              <Typography variant="h6" component="h2" id="details-h" sx={{ mb: 1.5 }}>Details</Typography>
              {staff
                ? <StaffDetails ticket={ticket} disabled={locked} update={update} setStatus={setStatus} meId={user.id} />
                : <ReporterDetails ticket={ticket} categoryLabel={categoryName(categories, ticket.category)} disabled={locked} setStatus={setStatus} />}
              <Divider sx={{ my: 2 }} />
              <Dates ticket={ticket} />
              {staff ? <People ticket={ticket} /> : null}
            </Paper>
            <Paper variant="outlined" sx={{ p: 2 }} component="section" aria-labelledby="history-h">
              <Typography variant="h6" component="h2" id="history-h" sx={{ mb: 1.5 }}>History</Typography>
              <HistoryTimeline events={data.history} categories={categories} walkUpName={ticket.contact?.name} />
            </Paper>
          </Stack>
        </Grid>
      </Grid>
    </Box>
  );
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Box sx={{ display: 'flex', gap: 1, py: 0.5 }}>
      <Typography variant="body2" color="text.secondary" sx={{ width: 110, flexShrink: 0 }}>{label}</Typography>
      <Typography variant="body2" component="div" sx={{ minWidth: 0, overflowWrap: 'anywhere' }}>{children}</Typography>
    </Box>
  );
}

function Dates({ ticket }: { ticket: Ticket }) {
  return (
    <Box data-testid="ticket-dates">
      <Row label="Opened">{formatDateTime(ticket.openedAt)} · <TimeAgo iso={ticket.openedAt} /></Row>
      <Row label="Last modified">{formatDateTime(ticket.updatedAt)} · <TimeAgo iso={ticket.updatedAt} /></Row>
      <Row label="Closed">{ticket.closedAt ? <>{formatDateTime(ticket.closedAt)} · <TimeAgo iso={ticket.closedAt} /></> : 'Not closed'}</Row>
    </Box>
  );
}

function People({ ticket }: { ticket: Ticket }) {
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

type UpdateFields = Omit<InputOf<'tickets.update'>, 'id' | 'version'>;

function StaffDetails({ ticket, disabled, update, setStatus, meId }: {
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

function ReporterDetails({ ticket, categoryLabel, disabled, setStatus }: { ticket: Ticket; categoryLabel: string; disabled: boolean; setStatus: (s: Status) => Promise<boolean> }) {
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

const OptionalLocation = z.string().refine((s) => s.trim() === '' || Location.safeParse(s).success, { message: 'Location must be at most 200 characters' });

function EditForm({ ticket, staff: _staff, disabled, onCancel, onSave }: {
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
