// "My tickets" (reporters): what I reported, its status, category and last update.
import { useMemo } from 'react';
import { Link as RouterLink, useSearchParams } from 'react-router';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import AddIcon from '@mui/icons-material/Add';
import type { Status, TicketListInput } from '../../api/client.ts';
import { useCategories } from '../../api/hooks.ts';
import { useUser } from '../../app/session.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../components/States.tsx';
import { SearchField } from '../../components/SearchField.tsx';
import { PagerBar, TicketTable } from './TicketTable.tsx';
import { useTicketPages } from './useTicketPages.ts';
import { useTitle } from '../../app/useTitle.ts';
import { isTicketEvent, useLiveRefresh } from '../../api/liveEvents.ts';

const SHOW: Record<string, Status[] | undefined> = {
  active: ['open', 'in_progress', 'waiting'],
  done: ['resolved', 'closed'],
  all: undefined,
};

export function MyTickets() {
  const user = useUser();
  useTitle('My tickets');
  const [params, setParams] = useSearchParams();
  const show = params.get('show') && params.get('show')! in SHOW ? params.get('show')! : 'all';
  const q = params.get('q') ?? '';
  const query = useMemo<TicketListInput>(() => {
    const status = SHOW[show];
    return { reporterId: user.id, ...(status ? { status } : {}), ...(q ? { q } : {}) };
  }, [show, q, user.id]);
  const pages = useTicketPages(query);
  useLiveRefresh(isTicketEvent, pages.reload);
  const { items: categories } = useCategories();
  const update = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value && !(key === 'show' && value === 'all')) next.set(key, value); else next.delete(key);
    setParams(next, { replace: true });
  };
  const here = `/my${params.toString() ? `?${params}` : ''}`;
  const filtered = show !== 'all' || q !== '';

  return (
    <Box>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, mb: 2, flexWrap: 'wrap' }}>
        <Typography variant="h5" component="h1" sx={{ flex: 1 }}>My tickets</Typography>
        <Button component={RouterLink} to="/new" variant="contained" startIcon={<AddIcon />} aria-keyshortcuts="n">New ticket</Button>
      </Box>
      <Box sx={{ display: 'flex', gap: 2, mb: 2, flexWrap: 'wrap', alignItems: 'center' }}>
        <SearchField label="Search my tickets" value={q} onSearch={(v) => update('q', v)} />
        <ToggleButtonGroup size="small" exclusive value={show} onChange={(_e, v: string | null) => { if (v) update('show', v); }} aria-label="Show tickets">
          <ToggleButton value="all">All</ToggleButton>
          <ToggleButton value="active">Active</ToggleButton>
          <ToggleButton value="done">Resolved &amp; closed</ToggleButton>
        </ToggleButtonGroup>
      </Box>
      {pages.error ? <ErrorState error={pages.error} onRetry={pages.reload} title="Could not load your tickets" /> : null}
      {!pages.data && pages.loading ? <LoadingState label="Loading your tickets…" /> : null}
      {pages.data && pages.data.items.length === 0 ? (
        filtered
          ? <EmptyState title="No tickets match">Try another search or show all tickets.</EmptyState>
          : <EmptyState title="You have not reported anything yet" action={<Button component={RouterLink} to="/new" variant="contained" startIcon={<AddIcon />}>Report a problem</Button>}>
              When something on campus is broken or missing, tell the helpdesk here.
            </EmptyState>
      ) : null}
      {pages.data && pages.data.items.length > 0 ? (
        <TicketTable tickets={pages.data.items} categories={categories} staff={false} from={here} label="My tickets" stale={pages.loading}
          footer={<PagerBar from={pages.from} count={pages.data.items.length} total={pages.data.total} hasPrev={pages.hasPrev} hasNext={pages.hasNext} onPrev={pages.prev} onNext={pages.next} />} />
      ) : null}
    </Box>
  );
}
