// Who changed what and when, oldest first.
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import type { Category, TicketEvent } from '../../api/client.ts';
import { categoryName } from '../../api/hooks.ts';
import { PRIORITY_LABEL, STATUS_LABEL } from '../../format.ts';
import { TimeAgo } from '../../components/TicketBits.tsx';

const quote = (v: unknown): string => {
  const s = typeof v === 'string' ? v : v === null || v === undefined ? '' : JSON.stringify(v);
  return `“${s.length > 60 ? `${s.slice(0, 57)}…` : s}”`;
};
const label = <T extends string>(map: Record<T, string>, v: unknown): string => (typeof v === 'string' && v in map ? map[v as T] : String(v));
const person = (v: unknown): string | null => (v && typeof v === 'object' && 'displayName' in v ? (typeof v.displayName === 'string' ? v.displayName : 'someone') : null);

export function describeEvent(e: TicketEvent, categories: Category[] | undefined): string {
  switch (e.type) {
    case 'created': {
      const to = (e.to && typeof e.to === 'object' ? e.to : {}) as { channel?: string; kiosk?: { name?: string } };
      if (to.channel !== 'kiosk') return 'opened the ticket';
      return to.kiosk?.name ? `reported the ticket at the kiosk “${to.kiosk.name}”` : 'reported the ticket at a kiosk';
    }
    case 'imported': return 'imported the ticket from the old system';
    case 'status': return `changed the status from ${label(STATUS_LABEL, e.from)} to ${label(STATUS_LABEL, e.to)}`;
    case 'priority': return `changed the priority from ${label(PRIORITY_LABEL, e.from)} to ${label(PRIORITY_LABEL, e.to)}`;
    case 'category': return `moved it from ${categoryName(categories, String(e.from))} to ${categoryName(categories, String(e.to))}`;
    case 'subject': return `changed the subject from ${quote(e.from)} to ${quote(e.to)}`;
    case 'description': return 'edited the description';
    case 'location':
      if (!e.from) return `set the location to ${quote(e.to)}`;
      if (!e.to) return `removed the location ${quote(e.from)}`;
      return `changed the location from ${quote(e.from)} to ${quote(e.to)}`;
    case 'assignee': {
      const from = person(e.from);
      const to = person(e.to);
      if (!from && to) return `assigned it to ${to}`;
      if (from && !to) return `unassigned ${from}`;
      return `reassigned it from ${from} to ${to}`;
    }
    case 'reply': return 'replied';
    case 'note': return 'added an internal note';
    default: return `changed ${e.type}`;
  }
}

export function HistoryTimeline({ events, categories, walkUpName }: { events: TicketEvent[]; categories: Category[] | undefined; walkUpName?: string | null }) {
  if (events.length === 0) return <Typography color="text.secondary">No changes yet.</Typography>;
  return (
    <Box component="ol" aria-label="History" sx={{ listStyle: 'none', m: 0, p: 0 }}>
      {events.map((e, i) => (
        <Box component="li" key={e.id} data-event-type={e.type} sx={{ display: 'flex', gap: 1.5, position: 'relative', pb: i === events.length - 1 ? 0 : 1.5 }}>
          <Box aria-hidden sx={{ position: 'relative', width: 12, flexShrink: 0 }}>
            <Box sx={{ width: 10, height: 10, borderRadius: '50%', mt: '6px', bgcolor: e.type === 'note' ? 'warning.main' : e.type === 'status' ? 'primary.main' : 'text.disabled' }} />
            {i < events.length - 1 ? <Box sx={{ position: 'absolute', left: 4, top: 18, bottom: -6, width: 2, bgcolor: 'divider' }} /> : null}
          </Box>
          <Box sx={{ minWidth: 0 }}>
            <Typography variant="body2" sx={{ overflowWrap: 'anywhere' }}>
              <strong>{e.actor?.displayName ?? (e.type === 'created' ? walkUpName ?? 'A walk-up reporter' : 'System')}</strong> {describeEvent(e, categories)}
            </Typography>
            <Typography variant="caption" color="text.secondary"><TimeAgo iso={e.at} /></Typography>
          </Box>
        </Box>
      ))}
    </Box>
  );
}
