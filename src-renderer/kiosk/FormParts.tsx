// Pieces the kiosk's forms share (report, lookup, pairing): the problem banner above a form
// and the big submit button that shows a spinner while busy.
import type { ReactNode } from 'react';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import type { SxProps, Theme } from '@mui/material/styles';

export type Problem = { severity: 'warning' | 'error'; title: string; text: string };

export function ProblemAlert({ problem }: { problem: Problem | null }) {
  if (!problem) return null;
  return (
    <Alert severity={problem.severity} role="alert" sx={{ mb: 3, py: 2 }} data-testid="kiosk-problem">
      <AlertTitle sx={{ fontSize: '1.3rem' }}>{problem.title}</AlertTitle>
      {problem.text}
    </Alert>
  );
}

/** One entry of an `sx` array (Array.isArray cannot narrow SxProps by itself). */
type SxItem = Extract<SxProps<Theme>, readonly unknown[]>[number];
const sxItems = (sx: SxProps<Theme> | undefined): SxItem[] =>
  sx === undefined ? [] : Array.isArray(sx) ? [...(sx as readonly SxItem[])] : [sx as SxItem];

export function BigSubmitButton({ busy, icon, label, busyLabel, sx }: { busy: boolean; icon: ReactNode; label: string; busyLabel: string; sx?: SxProps<Theme> }) {
  return (
    <Button type="submit" variant="contained" disabled={busy}
      startIcon={busy ? <CircularProgress size={28} color="inherit" aria-hidden /> : icon}
      sx={[{ minHeight: 72, px: 6, fontSize: '1.4rem' }, ...sxItems(sx)]}>
      {busy ? busyLabel : label}
    </Button>
  );
}
