// The offline state, for the staff app and the kiosk page: while the hub cannot be reached a
// banner says so (in a polite live region, not as an alert: the screens show their own errors), probes again every few seconds by itself, and once the hub
// answers it disappears and every screen's data is fetched again.
import { useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import { connectivity, subscribeConnectivity, useConnectivity } from '../api/connectivity.ts';

export const PROBE_EVERY_MS = 3000;

/** `probe` asks the hub something harmless; its outcome is reported by the API client. */
export function OfflineBanner({ probe }: { probe: () => Promise<unknown> }) {
  const { online, message } = useConnectivity();
  const queryClient = useQueryClient();

  useEffect(() => {
    if (online) return;
    const timer = setInterval(() => { probe().catch(() => { /* still offline: reported */ }); }, PROBE_EVERY_MS);
    return () => clearInterval(timer);
  }, [online, probe]);

  // Back online: refresh what the screens show.
  useEffect(() => {
    let wasOnline = true;
    return subscribeConnectivity(() => {
      const now = connectivity().online;
      if (now && !wasOnline) void queryClient.invalidateQueries();
      wasOnline = now;
    });
  }, [queryClient]);

  return (
    <Box role="status" aria-live="polite" sx={{ position: 'fixed', left: 0, right: 0, bottom: 16, display: 'flex', justifyContent: 'center', zIndex: 2000, pointerEvents: 'none' }}>
      {online ? null : (
        <Alert role="presentation" severity="warning" variant="filled" sx={{ pointerEvents: 'auto', maxWidth: 640 }} data-testid="offline-banner">
          <AlertTitle>Offline: the CampusDesk hub cannot be reached</AlertTitle>
          {message ?? 'Check the network connection.'} Reconnecting by itself…
        </Alert>
      )}
    </Box>
  );
}
