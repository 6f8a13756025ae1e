// Small pieces shown wherever tickets are: status and priority chips, relative times.
import { useEffect, useState } from 'react';
import Chip, { type ChipProps } from '@mui/material/Chip';
import type { Priority, Status } from '../api/client.ts';
import { PRIORITY_LABEL, STATUS_LABEL, formatDateTime, formatRelative } from '../format.ts';

const STATUS_COLOR: Record<Status, ChipProps['color']> = {
  open: 'info', in_progress: 'primary', waiting: 'warning', resolved: 'success', closed: 'default',
};
const PRIORITY_COLOR: Record<Priority, ChipProps['color']> = {
  low: 'default', normal: 'default', high: 'warning', urgent: 'error',
};

export function StatusChip({ status, size = 'small' }: { status: Status; size?: ChipProps['size'] }) {
  return <Chip size={size} color={STATUS_COLOR[status]} variant={status === 'closed' ? 'outlined' : 'filled'} label={STATUS_LABEL[status]} data-status={status} />;
}

export function PriorityChip({ priority, size = 'small' }: { priority: Priority; size?: ChipProps['size'] }) {
  return <Chip size={size} color={PRIORITY_COLOR[priority]} variant="outlined" label={PRIORITY_LABEL[priority]} />;
}

let tick = 0;
const tickers = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | null = null;
/** Re-renders once a minute so relative times stay true. */
function useMinuteTick(): number {
  const [, set] = useState(tick);
  useEffect(() => {
    const l = () => set(tick);
    tickers.add(l);
    timer ??= setInterval(() => { tick++; for (const t of tickers) t(); }, 60_000);
    return () => {
      tickers.delete(l);
      if (tickers.size === 0 && timer) { clearInterval(timer); timer = null; }
    };
  }, []);
  return tick;
}

/**
 * "3h ago", with the full local date and time on hover (the browser's own tooltip: an MUI
 * Tooltip per cell made each page of the queue mount a hundred popper hooks) and for screen
 * readers.
 */
export function TimeAgo({ iso }: { iso: string | null | undefined }) {
  useMinuteTick();
  if (!iso) return <span>—</span>;
  const full = formatDateTime(iso);
  return <time dateTime={iso} title={full} aria-label={`${formatRelative(iso)} (${full})`}>{formatRelative(iso)}</time>;
}
