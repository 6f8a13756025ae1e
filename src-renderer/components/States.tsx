// Loading, empty and error states, the same on every screen.
import type { ReactNode } from 'react';
import Box from '@mui/material/Box';
import CircularProgress from '@mui/material/CircularProgress';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import InboxOutlined from '@mui/icons-material/InboxOutlined';
import { errorText } from '../api/client.ts';

export function LoadingState({ label = 'Loading…' }: { label?: string }) {
  return (
    <Box role="status" aria-live="polite" sx={{ display: 'flex', alignItems: 'center', justifyContent: 'center', gap: 2, py: 6, color: 'text.secondary' }}>
      <CircularProgress size={24} aria-hidden />
      <Typography>{label}</Typography>
    </Box>
  );
}

export function ErrorState({ error, onRetry, title }: { error: unknown; onRetry?: () => void; title?: string }) {
  return (
    <Alert
      severity="error"
      role="alert"
      sx={{ my: 2 }}
      action={onRetry ? <Button color="inherit" size="small" onClick={onRetry} sx={{ whiteSpace: 'nowrap' }}>Try again</Button> : undefined}
    >
      {title ? <strong>{title}: </strong> : null}
      {errorText(error)}
    </Alert>
  );
}

export function EmptyState({ title, children, action }: { title: string; children?: ReactNode; action?: ReactNode }) {
  return (
    <Box sx={{ textAlign: 'center', py: 6, px: 2, color: 'text.secondary' }}>
      <InboxOutlined sx={{ fontSize: 48, opacity: 0.6 }} aria-hidden />
      <Typography variant="h6" component="p" sx={{ color: 'text.primary', mt: 1 }}>{title}</Typography>
      {children ? <Typography sx={{ mt: 1 }}>{children}</Typography> : null}
      {action ? <Box sx={{ mt: 2 }}>{action}</Box> : null}
    </Box>
  );
}

/**
 * A list's states in one place: the error (with retry), loading until the first answer, the
 * empty list, or the items, which `children` renders.
 */
export function ListStates<T>({ items, error, onRetry, errorTitle, loadingLabel, emptyTitle, emptyText, children }: {
  items: readonly T[] | undefined;
  error: unknown;
  onRetry: () => void;
  errorTitle: string;
  loadingLabel: string;
  emptyTitle: string;
  emptyText: ReactNode;
  children: (items: readonly T[]) => ReactNode;
}) {
  return (
    <>
      {error ? <ErrorState error={error} onRetry={onRetry} title={errorTitle} /> : null}
      {!items && !error ? <LoadingState label={loadingLabel} /> : null}
      {items && items.length === 0 ? <EmptyState title={emptyTitle}>{emptyText}</EmptyState> : null}
      {items && items.length > 0 ? children(items) : null}
    </>
  );
}
