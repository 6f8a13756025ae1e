// The banner shown when a change met a newer version of the ticket (CONFLICT): what was not
// saved, what the ticket looks like now, who changed what meanwhile, and a one-click reload.
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import RefreshIcon from '@mui/icons-material/Refresh';
import type { Category } from '../../api/client.ts';
import { PRIORITY_LABEL, STATUS_LABEL, formatDateTime } from '../../format.ts';
import { describeEvent } from './HistoryTimeline.tsx';
import type { Conflict } from './useTicket.ts';

export function ConflictNotice({ conflict, categories, onReload }: { conflict: Conflict; categories: Category[] | undefined; onReload: () => void }) {
  return (
    <Alert severity="warning" role="alert" data-testid="conflict" sx={{ mb: 2, position: 'sticky', top: 64, zIndex: 2 }}
      action={<Button color="inherit" variant="outlined" size="small" startIcon={<RefreshIcon />} onClick={onReload} sx={{ whiteSpace: 'nowrap' }}>Reload ticket</Button>}>
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
  );
}
