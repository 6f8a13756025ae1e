// The agent queue: filters (status with counts, category, priority, assignee, opened date
// range), full-text search, sorting, server-side keyset pagination. The filters live in
// the URL (#/queue?status=open&assignee=me…) so a view can be bookmarked or shared.
import { useMemo, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import Alert from '@mui/material/Alert';
import { Link as RouterLink, useSearchParams } from 'react-router';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Typography from '@mui/material/Typography';
import TextField from '@mui/material/TextField';
import MenuItem from '@mui/material/MenuItem';
import ListItemText from '@mui/material/ListItemText';
import Checkbox from '@mui/material/Checkbox';
import ListSubheader from '@mui/material/ListSubheader';
import Collapse from '@mui/material/Collapse';
import Stack from '@mui/material/Stack';
import IconButton from '@mui/material/IconButton';
import Tooltip from '@mui/material/Tooltip';
import useMediaQuery from '@mui/material/useMediaQuery';
import { useTheme } from '@mui/material/styles';
import AddIcon from '@mui/icons-material/Add';
import FilterListIcon from '@mui/icons-material/FilterList';
import FilterListOffIcon from '@mui/icons-material/FilterListOff';
import RefreshIcon from '@mui/icons-material/Refresh';
import ArrowUpward from '@mui/icons-material/ArrowUpward';
import ArrowDownward from '@mui/icons-material/ArrowDownward';
import { STATUSES, PRIORITIES, type Status } from '../../../src-shared/domain.ts';
import { invalidateProcedures, useCall, useCategories, useStaff } from '../../api/hooks.ts';
import { useUser } from '../../app/session.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../components/States.tsx';
import { SearchField } from '../../components/SearchField.tsx';
import { PRIORITY_LABEL, STATUS_LABEL, formatDate, localDayStart } from '../../format.ts';
import { PagerBar, TicketTable, type SortKey } from './TicketTable.tsx';
import { prefetchListPage, useTicketPages } from './useTicketPages.ts';
import { baseInput, emptyFilters, listInput, parseQueue, queueParams, type QueueFilters } from './queueQuery.ts';
import { useTitle } from '../../app/useTitle.ts';
import { Profiled } from '../../app/profiler.tsx';

const SORT_LABEL: Record<SortKey, string> = { updatedAt: 'Last update', openedAt: 'Opened', priority: 'Priority', id: 'Ticket number' };

export function QueueScreen() {
  const user = useUser();
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => parseQueue(params), [params]);
  const input = useMemo(() => listInput(filters), [filters]);
  // From after to: contradictory filters are said once and asked nothing.
  const dateError = filters.from && filters.to && filters.from > filters.to
    ? `“Opened to” (${formatDate(localDayStart(filters.to))}) is before “Opened from” (${formatDate(localDayStart(filters.from))}): choose an end date on or after the start date.` : undefined;
  const pages = useTicketPages(input, !dateError);
  const { items: categories } = useCategories();
  const { items: staff } = useStaff();
  const theme = useTheme();
  const narrow = useMediaQuery(theme.breakpoints.down('md'));
  const [showFilters, setShowFilters] = useState(false);
  const queryClient = useQueryClient();
  const refresh = () => void invalidateProcedures(queryClient, ['tickets.list', 'tickets.counts']);
  useTitle('Queue');

  // The per-status counts of these filters (status, sort and order aside). On a big database a
  // full-text count costs more than a page of results, so the counts are asked only once the
  // list has arrived; they stay cached like any answer (back from a ticket: no refetch).
  const { status: _status, sort: _sort, order: _order, ...countFilters } = useMemo(() => baseInput(filters), [filters]);
  const countsQ = useCall('tickets.counts', countFilters, { enabled: !dateError && !!pages.data && !pages.loading, staleTime: 30_000 });
  const counts: Partial<Record<Status, number>> = countsQ.data?.byStatus ?? {};

  // Changes build on the filters in the address bar, not on this render's: two quick edits (from,
  // then to) each land even before the route has re-rendered (navigation is a transition).
  const apply = (change: Partial<QueueFilters>, replace = false) => {
    const shown = new URLSearchParams(window.location.hash.split('?')[1] ?? '');
    const current = window.location.hash.startsWith('#/queue') ? parseQueue(shown) : filters;
    const next = { ...current, ...change };
    if (!(next.from && next.to && next.from > next.to)) prefetchListPage(queryClient, listInput(next));
    setParams(queueParams(next), { replace });
  };
  const toggleStatus = (s: Status) => {
    const current = filters.allStatuses ? [...STATUSES] : filters.status;
    const next = current.includes(s) ? current.filter((x) => x !== s) : [...current, s];
    if (next.length === 0 || next.length === STATUSES.length) apply({ allStatuses: true, status: [] });
    else apply({ allStatuses: false, status: STATUSES.filter((x) => next.includes(x)) });
  };
  const onSort = (key: SortKey) => apply({ sort: key, order: filters.sort === key && filters.order === 'desc' ? 'asc' : 'desc' });
  const here = `/queue${params.toString() ? `?${params}` : ''}`;
  const activeFilterCount = filters.category.length + filters.priority.length + (filters.assignee !== null ? 1 : 0) + (filters.from ? 1 : 0) + (filters.to ? 1 : 0);
  const isDefault = queueParams(filters).toString() === queueParams(emptyFilters()).toString();

  const assigneeValue = filters.assignee === null ? '' : String(filters.assignee);
  const filterFields = (
    <Box sx={{ display: 'flex', gap: 1.5, flexWrap: 'wrap', alignItems: 'flex-start' }}>
      <TextField select label="Category" value={filters.category} sx={{ width: { xs: '100%', sm: 200 } }}
        slotProps={{ select: { multiple: true, renderValue: (v) => ((v as string[]).length === 0 ? 'Any' : (v as string[]).map((s) => categories?.find((c) => c.slug === s)?.name ?? s).join(', ')), displayEmpty: true }, inputLabel: { shrink: true } }}
        onChange={(e) => apply({ category: e.target.value as unknown as string[] })}>
        {(categories ?? []).map((c) => (
          <MenuItem key={c.slug} value={c.slug} dense>
            <Checkbox size="small" checked={filters.category.includes(c.slug)} sx={{ p: 0.5, mr: 1 }} />
            <ListItemText primary={c.name} secondary={c.active ? undefined : 'inactive'} />
          </MenuItem>
        ))}
      </TextField>
      <TextField select label="Priority" value={filters.priority} sx={{ width: { xs: '100%', sm: 160 } }}
        slotProps={{ select: { multiple: true, renderValue: (v) => ((v as string[]).length === 0 ? 'Any' : (v as string[]).map((p) => PRIORITY_LABEL[p as keyof typeof PRIORITY_LABEL]).join(', ')), displayEmpty: true }, inputLabel: { shrink: true } }}
        onChange={(e) => apply({ priority: e.target.value as unknown as QueueFilters['priority'] })}>
        {[...PRIORITIES].reverse().map((p) => (
          <MenuItem key={p} value={p} dense>
            <Checkbox size="small" checked={filters.priority.includes(p)} sx={{ p: 0.5, mr: 1 }} />
            <ListItemText primary={PRIORITY_LABEL[p]} />
          </MenuItem>
        ))}
      </TextField>
      <TextField select label="Assignee" value={assigneeValue} sx={{ width: { xs: '100%', sm: 190 } }}
        slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true } }}
        onChange={(e) => { const v = e.target.value; apply({ assignee: v === '' ? null : v === 'me' || v === 'none' ? v : Number(v) }); }}>
        <MenuItem value="">Anyone</MenuItem>
        <MenuItem value="me">Me ({user.displayName})</MenuItem>
        <MenuItem value="none">Unassigned</MenuItem>
        <ListSubheader>People</ListSubheader>
        {(staff ?? []).filter((u) => u.id !== user.id).map((u) => <MenuItem key={u.id} value={String(u.id)}>{u.displayName}{u.active ? '' : ' (inactive)'}</MenuItem>)}
        {filters.assignee !== null && typeof filters.assignee === 'number' && !staff?.some((u) => u.id === filters.assignee) ? <MenuItem value={String(filters.assignee)}>User #{filters.assignee}</MenuItem> : null}
      </TextField>
      <TextField type="date" label="Opened from" value={filters.from} sx={{ width: { xs: '100%', sm: 165 } }}
        error={!!dateError}
        slotProps={{ inputLabel: { shrink: true }, htmlInput: { max: filters.to || undefined } }}
        onChange={(e) => apply({ from: e.target.value })} />
      <TextField type="date" label="Opened to" value={filters.to} sx={{ width: { xs: '100%', sm: 165 } }}
        error={!!dateError}
        slotProps={{ inputLabel: { shrink: true }, htmlInput: { min: filters.from || undefined } }}
        onChange={(e) => apply({ to: e.target.value })} />
      {!isDefault ? <Button startIcon={<FilterListOffIcon />} onClick={() => setParams(new URLSearchParams(), { replace: false })} sx={{ mt: 0.25 }}>Clear filters</Button> : null}
    </Box>
  );

  return (
    <Box>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, mb: 2, flexWrap: 'wrap' }}>
        <Typography variant="h5" component="h1" sx={{ flex: 1 }}>Queue</Typography>
        <Tooltip title="Refresh">
          <IconButton aria-label="Refresh the list" onClick={refresh}><RefreshIcon /></IconButton>
        </Tooltip>
        <Button component={RouterLink} to="/new" variant="contained" startIcon={<AddIcon />} aria-keyshortcuts="n">New ticket</Button>
      </Box>

      <Stack spacing={1.5} sx={{ mb: 2 }}>
        <Box sx={{ display: 'flex', gap: 1.5, flexWrap: 'wrap', alignItems: 'center' }}>
          <SearchField label="Search tickets" placeholder="Subject, description, messages" value={filters.q} onSearch={(q) => apply({ q }, true)} width={330} />
          <Box role="group" aria-label="Status" sx={{ display: 'flex', gap: 0.75, flexWrap: 'wrap', alignItems: 'center' }}>
            {STATUSES.map((s) => {
              const on = filters.allStatuses || filters.status.includes(s);
              const n = counts[s];
              return (
                <Chip key={s} clickable color={on ? 'primary' : 'default'} variant={on ? 'filled' : 'outlined'}
                  aria-pressed={on} data-status-filter={s}
                  label={<span>{STATUS_LABEL[s]} <Box component="span" sx={{ fontWeight: 700, ml: 0.5 }} data-count={s}>{dateError ? '–' : n === undefined ? '…' : n.toLocaleString()}</Box></span>}
                  onClick={() => toggleStatus(s)} />
              );
            })}
            <Button size="small" onClick={() => apply({ allStatuses: false, status: ['open', 'in_progress', 'waiting'] })} sx={{ minWidth: 0 }}>Active</Button>
            <Button size="small" onClick={() => apply({ allStatuses: true, status: [] })} sx={{ minWidth: 0 }}>All</Button>
          </Box>
        </Box>
        {narrow ? (
          <Box sx={{ display: 'flex', gap: 1, alignItems: 'center', flexWrap: 'wrap' }}>
            <TextField select label="Sort by" value={filters.sort} onChange={(e) => apply({ sort: e.target.value as SortKey })} sx={{ minWidth: 140, flex: 1 }}>
              {(Object.keys(SORT_LABEL) as SortKey[]).map((k) => <MenuItem key={k} value={k}>{SORT_LABEL[k]}</MenuItem>)}
            </TextField>
            <IconButton aria-label={filters.order === 'desc' ? 'Descending; switch to ascending' : 'Ascending; switch to descending'} onClick={() => apply({ order: filters.order === 'desc' ? 'asc' : 'desc' })}>
              {filters.order === 'desc' ? <ArrowDownward /> : <ArrowUpward />}
            </IconButton>
            <Button variant="outlined" startIcon={<FilterListIcon />} onClick={() => setShowFilters((v) => !v)} aria-expanded={showFilters} aria-controls="queue-filters">
              Filters{activeFilterCount ? ` (${activeFilterCount})` : ''}
            </Button>
          </Box>
        ) : null}
        {narrow ? <Collapse in={showFilters} id="queue-filters">{filterFields}</Collapse> : filterFields}
      </Stack>

      {dateError ? <Alert severity="warning" role="alert" data-testid="date-range-error">{dateError}</Alert> : null}
      {pages.error ? <ErrorState error={pages.error} onRetry={pages.reload} title="Could not load the queue" /> : null}
      {!pages.data && pages.loading && !pages.error ? <LoadingState label="Loading the queue…" /> : null}
      {pages.data && pages.data.items.length === 0 ? (
        <EmptyState title={isDefault ? 'The queue is empty' : 'No tickets match these filters'}
          action={!isDefault ? <Button variant="outlined" onClick={() => setParams(new URLSearchParams())}>Clear filters</Button> : undefined}>
          {isDefault ? 'No open tickets right now.' : 'Try fewer filters or other search words.'}
        </EmptyState>
      ) : null}
      {pages.data && pages.data.items.length > 0 ? (
        <Profiled id="queue.table"><TicketTable tickets={pages.data.items} categories={categories} staff from={here} label="Tickets" stale={pages.loading}
          sort={{ key: filters.sort, order: filters.order, onSort }}
          footer={<PagerBar from={pages.from} count={pages.data.items.length} total={pages.data.total} hasPrev={pages.hasPrev} hasNext={pages.hasNext} onPrev={pages.prev} onNext={pages.next} />} /></Profiled>
      ) : null}
    </Box>
  );
}
