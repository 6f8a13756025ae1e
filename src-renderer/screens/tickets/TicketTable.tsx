// The ticket list used by "My tickets" and the agent queue: a table in wide windows, a
// list of cards in narrow ones. Below the lg breakpoint (a 1024-pixel window) the subject
// keeps the room: the staff table folds Category, Assignee and Opened into the line under
// the subject. j/k move the selection, Enter opens it.
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Link as RouterLink, useNavigate } from 'react-router';
import Table from '@mui/material/Table';
import TableHead from '@mui/material/TableHead';
import TableBody from '@mui/material/TableBody';
import TableRow from '@mui/material/TableRow';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableSortLabel from '@mui/material/TableSortLabel';
import Paper from '@mui/material/Paper';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import List from '@mui/material/List';
import ListItemButton from '@mui/material/ListItemButton';
import useMediaQuery from '@mui/material/useMediaQuery';
import IconButton from '@mui/material/IconButton';
import ChevronLeft from '@mui/icons-material/ChevronLeft';
import ChevronRight from '@mui/icons-material/ChevronRight';
import { useTheme } from '@mui/material/styles';
import type { Category, Ticket } from '../../api/client.ts';
import { categoryName } from '../../api/hooks.ts';
import { PriorityChip, StatusChip, TimeAgo } from '../../components/TicketBits.tsx';
import { useShortcut } from '../../app/shortcuts.tsx';
import { useQueryClient } from '@tanstack/react-query';
import { rememberList } from './ticketNavigation.ts';
import { prefetchTicket } from './ticketQueries.ts';
import { ChangedMark } from '../../components/ChangedMark.tsx';
import { TicketTableRow } from './TicketTableRow.tsx';

export type SortKey = 'updatedAt' | 'openedAt' | 'priority' | 'id';

interface Props {
  tickets: Ticket[];
  categories: Category[] | undefined;
  staff: boolean;
  /** Where the list lives (for "back" and j/k on the ticket page). */
  from: string;
  sort?: { key: SortKey; order: 'asc' | 'desc'; onSort: (key: SortKey) => void };
  label: string;
  footer?: ReactNode;
  /** Dimmed while a new page loads. */
  stale?: boolean;
}

export function TicketTable({ tickets, categories, staff, from, sort, label, footer, stale }: Props) {
  const navigate = useNavigate();
  const theme = useTheme();
  const narrow = useMediaQuery(theme.breakpoints.down('md'));
  const compact = useMediaQuery(theme.breakpoints.down('lg'));
  /** Secondary columns as their own cells (wide windows) or folded under the subject. */
  const wide = !compact;
  const [selected, setSelected] = useState(-1);
  const rowRefs = useRef<(HTMLElement | null)[]>([]);
  const ids = useMemo(() => tickets.map((t) => t.id), [tickets]);
  // Hover or keyboard focus on a row fetches what its page shows, so opening it is instant.
  const queryClient = useQueryClient();
  const warm = useCallback((id: number) => prefetchTicket(queryClient, id), [queryClient]);
  const openId = useCallback((id: number) => navigate(`/tickets/${id}`), [navigate]);
  const setRowRef = useCallback((i: number, el: HTMLElement | null) => { rowRefs.current[i] = el; }, []);

  useEffect(() => { rememberList(ids, from); setSelected((s) => (s >= ids.length ? -1 : s)); }, [ids, from]);

  const move = (delta: number) => {
    if (tickets.length === 0) return;
    const next = selected < 0 ? (delta > 0 ? 0 : tickets.length - 1) : Math.min(tickets.length - 1, Math.max(0, selected + delta));
    setSelected(next);
    const t = tickets[next];
    if (t) warm(t.id);
    rowRefs.current[next]?.scrollIntoView({ block: 'nearest' });
  };
  const open = (t: Ticket | undefined) => { if (t) navigate(`/tickets/${t.id}`); };
  useShortcut('j', () => move(1));
  useShortcut('k', () => move(-1));
  useShortcut('Enter', () => open(tickets[selected]), selected >= 0);

  if (narrow) {
    return (
      <Paper variant="outlined" sx={{ opacity: stale ? 0.6 : 1 }} data-stale={stale ? 'true' : 'false'}>
        <List aria-label={label} disablePadding>
          {tickets.map((t, i) => (
            <ListItemButton key={t.id} component={RouterLink} to={`/tickets/${t.id}`} divider selected={i === selected}
              ref={(el: HTMLElement | null) => { rowRefs.current[i] = el; }} data-ticket-id={t.id}
              onMouseEnter={() => warm(t.id)} onFocus={() => warm(t.id)}
              sx={{ display: 'block', py: 1.25 }}>
              <Box sx={{ display: 'flex', gap: 1, alignItems: 'baseline' }}>
                <Typography variant="body2" color="text.secondary">#{t.id}</Typography>
                <Typography sx={{ fontWeight: 500, flex: 1, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>{t.subject}</Typography>
                <ChangedMark ticket={t} />
              </Box>
              <Box sx={{ display: 'flex', gap: 1, alignItems: 'center', flexWrap: 'wrap', mt: 0.5 }}>
                <StatusChip status={t.status} />
                {staff ? <PriorityChip priority={t.priority} /> : null}
                <Typography variant="body2" color="text.secondary">{categoryName(categories, t.category)}</Typography>
                <Typography variant="body2" color="text.secondary" sx={{ ml: 'auto' }}>updated <TimeAgo iso={t.updatedAt} /></Typography>
              </Box>
            </ListItemButton>
          ))}
        </List>
        {footer}
      </Paper>
    );
  }

  const head = (key: SortKey | null, text: string, width?: number) => (
    <TableCell sx={width ? { width } : undefined} sortDirection={sort && key && sort.key === key ? sort.order : false}>
      {sort && key ? (
        <TableSortLabel active={sort.key === key} direction={sort.key === key ? sort.order : 'desc'} onClick={() => sort.onSort(key)}>{text}</TableSortLabel>
      ) : text}
    </TableCell>
  );

  return (
    <Paper variant="outlined" sx={{ opacity: stale ? 0.6 : 1, transition: 'opacity 120ms' }} data-stale={stale ? 'true' : 'false'}>
      <TableContainer>
        <Table size="small" aria-label={label} sx={{ tableLayout: 'fixed' }}>
          <TableHead>
            <TableRow>
              {head('id', '#', wide ? 76 : 64)}
              {head(null, 'Subject')}
              {head(null, 'Status', wide ? 120 : 112)}
              {staff ? head('priority', 'Priority', wide ? 110 : 100) : null}
              {wide || !staff ? head(null, 'Category', wide ? 170 : 150) : null}
              {staff && wide ? head(null, 'Assignee', 150) : null}
              {staff && wide ? head('openedAt', 'Opened', 110) : null}
              {head('updatedAt', 'Last update', wide ? 136 : 120)}
            </TableRow>
          </TableHead>
          <TableBody>
            {tickets.map((t, i) => (
              <TicketTableRow key={t.id} ticket={t} index={i} selected={i === selected} staff={staff} wide={wide}
                category={categoryName(categories, t.category)} onWarm={warm} onOpen={openId} setRowRef={setRowRef} />
            ))}
          </TableBody>
        </Table>
      </TableContainer>
      {footer}
    </Paper>
  );
}

/** "1–50 of 1,234" with previous/next buttons. */
export function PagerBar({ from, count, total, hasPrev, hasNext, onPrev, onNext, children }: {
  from: number; count: number; total: number; hasPrev: boolean; hasNext: boolean; onPrev: () => void; onNext: () => void; children?: ReactNode;
}) {
  return (
    <Box sx={{ display: 'flex', alignItems: 'center', justifyContent: 'flex-end', gap: 1, px: 2, py: 1, borderTop: 1, borderColor: 'divider' }}>
      {children}
      <Typography variant="body2" color="text.secondary" aria-live="polite" sx={{ mr: 1 }}>
        {count === 0 ? `0 of ${total.toLocaleString()}` : `${from.toLocaleString()}–${(from + count - 1).toLocaleString()} of ${total.toLocaleString()}`}
      </Typography>
      <PagerButton label="Previous page" disabled={!hasPrev} onClick={onPrev} dir="prev" />
      <PagerButton label="Next page" disabled={!hasNext} onClick={onNext} dir="next" />
    </Box>
  );
}

function PagerButton({ label, disabled, onClick, dir }: { label: string; disabled: boolean; onClick: () => void; dir: 'prev' | 'next' }) {
  return (
    <IconButton aria-label={label} title={label} disabled={disabled} onClick={onClick} size="small">
      {dir === 'prev' ? <ChevronLeft /> : <ChevronRight />}
    </IconButton>
  );
}
