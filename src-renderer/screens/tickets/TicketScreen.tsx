// One ticket. Reporters: the public conversation, a reply box, close and reopen (and edits
// of subject, description and location while active). Staff: everything editable, status
// by the spec's rules, replies and internal notes, the history timeline. Every change
// carries the ticket's version; when someone else changed it meanwhile the API answers
// CONFLICT and this screen says so, with a one-click reload — never a silent overwrite.
// Data and changes: useTicket.ts; j/k: useTicketSteps.ts; the views: TicketDetails.tsx,
// TicketEditForm.tsx, ConflictNotice.tsx, Conversation.tsx, HistoryTimeline.tsx.
import { useEffect, useRef, useState } from 'react';
import { Link as RouterLink, useParams } from 'react-router';
import Box from '@mui/material/Box';
import Grid from '@mui/material/Grid';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import Button from '@mui/material/Button';
import Divider from '@mui/material/Divider';
import Stack from '@mui/material/Stack';
import IconButton from '@mui/material/IconButton';
import Tooltip from '@mui/material/Tooltip';
import ArrowBack from '@mui/icons-material/ArrowBack';
import EditIcon from '@mui/icons-material/EditOutlined';
import RefreshIcon from '@mui/icons-material/Refresh';
import KeyboardArrowUp from '@mui/icons-material/KeyboardArrowUp';
import KeyboardArrowDown from '@mui/icons-material/KeyboardArrowDown';
import { isActive } from '../../../src-shared/domain.ts';
import type { Status } from '../../api/client.ts';
import { categoryName, useCategories } from '../../api/hooks.ts';
import { useUser, isStaffRole } from '../../app/session.tsx';
import { useNotify } from '../../app/notify.tsx';
import { useShortcut } from '../../app/shortcuts.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../components/States.tsx';
import { PriorityChip, StatusChip } from '../../components/TicketBits.tsx';
import { STATUS_LABEL } from '../../format.ts';
import { Composer, MessageList, type ComposerHandle } from './Conversation.tsx';
import { HistoryTimeline } from './HistoryTimeline.tsx';
import { ConflictNotice } from './ConflictNotice.tsx';
import { Dates, People, ReporterDetails, StaffDetails } from './TicketDetails.tsx';
import { EditForm } from './TicketEditForm.tsx';
import { useTicket } from './useTicket.ts';
import { useTicketSteps } from './useTicketSteps.ts';
import { AttachmentList } from '../../components/attachments/AttachmentList.tsx';
import { useTitle } from '../../app/useTitle.ts';
import { markSeen } from '../../api/seen.ts';
import { Profiled } from '../../app/profiler.tsx';

export function TicketScreen() {
  const { id: idParam } = useParams();
  const id = Number(idParam);
  const valid = Number.isInteger(id) && id > 0;
  const user = useUser();
  const staff = isStaffRole(user.role);
  const notify = useNotify();
  const { items: categories } = useCategories();
  const composer = useRef<ComposerHandle>(null);
  const [editing, setEditing] = useState(false);
  useEffect(() => { setEditing(false); }, [id]);

  const t = useTicket(id, valid);
  const data = t.loaded;
  const ticket = data?.ticket;
  useEffect(() => { if (ticket) markSeen(user.id, ticket.id, ticket.version); }, [user.id, ticket]);
  useTitle(ticket ? `#${ticket.id} ${ticket.subject}` : `Ticket #${idParam ?? ''}`);

  const steps = useTicketSteps(id);
  useShortcut('r', () => composer.current?.focus('reply'));
  const backTo = steps.from ?? (staff ? '/queue' : '/my');

  const reloadAll = () => { setEditing(false); t.reload(); };

  /** A status change, confirmed in words (a reporter's close and reopen above all). */
  const setStatus = async (status: Status): Promise<boolean> => {
    const next = await t.setStatus(`Your status change to ${STATUS_LABEL[status]}`, status);
    if (!next) return false;
    if (status === 'closed') notify(`Ticket #${next.id} closed`);
    else if (status === 'open' && !staff) notify(`Ticket #${next.id} reopened; the helpdesk will look at it again`);
    else notify(`Ticket #${next.id} is now ${STATUS_LABEL[next.status]}`);
    return true;
  };

  if (!valid || (t.error && !data)) {
    if (!valid || t.error?.code === 'NOT_FOUND') {
      return <EmptyState title={`Ticket #${idParam} was not found`} action={<Button component={RouterLink} to={backTo} variant="outlined">Back to the list</Button>}>It does not exist, or it is not one you may see.</EmptyState>;
    }
    return <ErrorState error={t.error!} onRetry={t.reload} title="Could not load the ticket" />;
  }
  if (!data || !ticket) return <LoadingState label="Loading the ticket…" />;

  const locked = !!t.conflict || t.busy;
  const reporterMayEdit = !staff && isActive(ticket.status);
  const mayEdit = staff || reporterMayEdit;

  return (
    <Box>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, mb: 1 }}>
        <Button component={RouterLink} to={backTo} startIcon={<ArrowBack />} size="small">{staff ? 'Queue' : 'My tickets'}</Button>
        <Box sx={{ flex: 1 }} />
        {steps.pos >= 0 ? (
          <>
            <Typography variant="body2" color="text.secondary" sx={{ display: { xs: 'none', sm: 'block' } }}>{steps.pos + 1} of {steps.count}</Typography>
            <Tooltip title="Previous ticket (k)"><span><IconButton size="small" aria-label="Previous ticket" aria-keyshortcuts="k" disabled={!steps.prevId} onClick={() => steps.go(steps.prevId)}><KeyboardArrowUp /></IconButton></span></Tooltip>
            <Tooltip title="Next ticket (j)"><span><IconButton size="small" aria-label="Next ticket" aria-keyshortcuts="j" disabled={!steps.nextId} onClick={() => steps.go(steps.nextId)}><KeyboardArrowDown /></IconButton></span></Tooltip>
          </>
        ) : null}
        <Tooltip title="Reload"><IconButton size="small" aria-label="Reload the ticket" onClick={reloadAll}><RefreshIcon /></IconButton></Tooltip>
      </Box>

      {t.conflict ? <ConflictNotice conflict={t.conflict} categories={categories} onReload={reloadAll} /> : null}

      <Grid container spacing={2.5}>
        <Grid size={{ xs: 12, md: 8 }}>
          <Paper variant="outlined" sx={{ p: { xs: 2, sm: 2.5 }, mb: 2.5 }}>
            {editing ? (
              <EditForm ticket={ticket} staff={staff} disabled={locked} onCancel={() => setEditing(false)}
                onSave={async (fields) => { const ok = await t.update('Your edit', fields); if (ok) { setEditing(false); notify('Ticket saved'); } return ok; }} />
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
                <AttachmentList files={ticket.attachments} />
              </>
            )}
          </Paper>

          <Typography variant="h6" component="h2" sx={{ mb: 1 }}>Conversation</Typography>
          <Profiled id="ticket.messages"><MessageList messages={data.messages} reporterId={ticket.reporter?.id ?? null} /></Profiled>
          <Box sx={{ mt: 2 }}>
            <Profiled id="ticket.composer"><Composer key={id} ref={composer} ticketId={id} staff={staff} onSend={t.send} /></Profiled>
          </Box>
        </Grid>

        <Grid size={{ xs: 12, md: 4 }}>
          <Stack spacing={2.5}>
            <Paper variant="outlined" sx={{ p: 2 }} component="section" aria-labelledby="details-h">
              <Typography variant="h6" component="h2" id="details-h" sx={{ mb: 1.5 }}>Details</Typography>
              <Profiled id="ticket.details">{staff
                ? <StaffDetails ticket={ticket} disabled={locked} update={t.update} setStatus={setStatus} meId={user.id} />
                : <ReporterDetails ticket={ticket} categoryLabel={categoryName(categories, ticket.category)} disabled={locked} setStatus={setStatus} />}</Profiled>
              <Divider sx={{ my: 2 }} />
              <Dates ticket={ticket} />
              {staff ? <People ticket={ticket} /> : null}
            </Paper>
            <Paper variant="outlined" sx={{ p: 2 }} component="section" aria-labelledby="history-h">
              <Typography variant="h6" component="h2" id="history-h" sx={{ mb: 1.5 }}>History</Typography>
              <Profiled id="ticket.history"><HistoryTimeline events={data.history} categories={categories} walkUpName={ticket.contact?.name} /></Profiled>
            </Paper>
          </Stack>
        </Grid>
      </Grid>
    </Box>
  );
}
