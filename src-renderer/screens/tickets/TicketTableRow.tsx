// One row of the wide ticket table, memoised: a page of 50 rows re-renders only the rows whose
// ticket, selection or layout changed (not all of them when the counts, the "stale" dimming or
// the selection of another row change). Callbacks come in stable, taking the ticket id.
import { memo } from 'react';
import { Link as RouterLink } from 'react-router';
import TableRow from '@mui/material/TableRow';
import TableCell from '@mui/material/TableCell';
import Link from '@mui/material/Link';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import type { Ticket } from '../../api/client.ts';
import { PriorityChip, StatusChip, TimeAgo } from '../../components/TicketBits.tsx';
import { ChangedMark } from '../../components/ChangedMark.tsx';

export interface TicketRowProps {
  ticket: Ticket;
  index: number;
  selected: boolean;
  staff: boolean;
  /** Secondary columns as their own cells (else folded under the subject). */
  wide: boolean;
  /** The ticket's category, by name. */
  category: string;
  onWarm: (id: number) => void;
  onOpen: (id: number) => void;
  setRowRef: (index: number, el: HTMLTableRowElement | null) => void;
}

// Styles made once, not per row and render.
const ROW_SX = { cursor: 'pointer' } as const;
const ID_SX = { color: 'text.secondary' } as const;
const SUBJECT_CELL_SX = { overflow: 'hidden' } as const;
const SUBJECT_LINE_SX = { display: 'flex', alignItems: 'center', gap: 0.75, minWidth: 0 } as const;
const LINK_SX = { fontWeight: 500, display: 'block', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' } as const;
const ELLIPSIS_SX = { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' } as const;
const ASSIGNED_SX = { ...ELLIPSIS_SX, color: 'text.primary' } as const;
const UNASSIGNED_SX = { ...ELLIPSIS_SX, color: 'text.secondary' } as const;

export const TicketTableRow = memo(function TicketTableRow({ ticket: t, index, selected, staff, wide, category, onWarm, onOpen, setRowRef }: TicketRowProps) {
  return (
    <TableRow hover selected={selected} aria-selected={selected} data-ticket-id={t.id}
      ref={(el: HTMLTableRowElement | null) => setRowRef(index, el)}
      onMouseEnter={() => onWarm(t.id)} onFocus={() => onWarm(t.id)}
      onClick={(e) => { if (!(e.target instanceof HTMLElement && e.target.closest('a'))) onOpen(t.id); }}
      sx={ROW_SX}>
      <TableCell sx={ID_SX}>{t.id}</TableCell>
      <TableCell sx={SUBJECT_CELL_SX}>
        <Box sx={SUBJECT_LINE_SX}>
          <Link component={RouterLink} to={`/tickets/${t.id}`} underline="hover" color="inherit" sx={LINK_SX}>
            {t.subject}
          </Link>
          <ChangedMark ticket={t} />
        </Box>
        {staff ? (
          <Typography variant="body2" color="text.secondary" noWrap data-testid="row-details">
            {wide ? null : <>{category} · {t.assignee?.displayName ?? 'Unassigned'} · </>}
            {t.reporter?.displayName ?? t.contact?.name ?? 'Walk-up reporter'}{t.location ? ` · ${t.location}` : ''}{t.channel !== 'app' ? ` · ${t.channel}` : ''}
          </Typography>
        ) : null}
      </TableCell>
      <TableCell><StatusChip status={t.status} /></TableCell>
      {staff ? <TableCell><PriorityChip priority={t.priority} /></TableCell> : null}
      {wide || !staff ? <TableCell sx={ELLIPSIS_SX}>{category}</TableCell> : null}
      {staff && wide ? <TableCell sx={t.assignee ? ASSIGNED_SX : UNASSIGNED_SX}>{t.assignee?.displayName ?? 'Unassigned'}</TableCell> : null}
      {staff && wide ? <TableCell><TimeAgo iso={t.openedAt} /></TableCell> : null}
      <TableCell><TimeAgo iso={t.updatedAt} /></TableCell>
    </TableRow>
  );
});
