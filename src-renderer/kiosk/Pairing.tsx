// Pairing a browser with a kiosk, once: staff paste the kiosk token an admin got from
// Admin → Kiosks (or open the kiosk link, /kiosk#pair=<token>). The token is checked, then
// kept in this browser's storage. The desktop app's kiosk window is not paired here: the
// app holds its token, so there the same screen only says that the kiosk is not set up.
import { useEffect, useRef, useState } from 'react';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import Key from '@mui/icons-material/Key';
import { checkToken, isDesktopKiosk, storeToken } from './api.ts';
import { toApiError } from '../api/client.ts';
import { BigSubmitButton } from './FormParts.tsx';

export type PairingNotice = 'revoked' | null;

export function PairingScreen({ notice, initialToken, onPaired }: { notice: PairingNotice; initialToken: string | null; onPaired: () => void }) {
  const [token, setToken] = useState(initialToken ?? '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const autoTried = useRef(false);

  async function pair(value: string) {
    const t = value.trim();
    if (t === '') { setError('Paste the kiosk token first.'); return; }
    if (t.length > 200 || /\s/.test(t)) { setError('That does not look like a kiosk token.'); return; }
    setBusy(true);
    setError(null);
    try {
      if (await checkToken(t)) {
        storeToken(t);
        onPaired();
        return;
      }
      setError('This kiosk token is unknown or was revoked. Ask a CampusDesk admin for a new one (Admin → Kiosks).');
    } catch (e) {
      const err = toApiError(e);
      setError(err.code === 'NETWORK' ? 'The CampusDesk hub cannot be reached. Check the network and try again.' : err.message);
    }
    setBusy(false);
  }

  useEffect(() => {
    if (initialToken && !autoTried.current) {
      autoTried.current = true;
      void pair(initialToken);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- pair() is a new function each render; the token from the link is tried once (autoTried), not again on every render
  }, [initialToken]);

  if (isDesktopKiosk()) {
    return (
      <Box sx={{ maxWidth: 760, mx: 'auto', textAlign: 'center', pt: 4 }}>
        <Typography variant="h1" sx={{ mb: 2 }}>This kiosk is not in service</Typography>
        <Typography sx={{ fontSize: '1.3rem', color: 'text.secondary' }}>
          Its registration is missing or was revoked. Please report your problem at the helpdesk in person. Staff: leave kiosk
          mode with the lock at the top right, then register this computer again under Admin → Kiosks.
        </Typography>
      </Box>
    );
  }

  return (
    <Box component="form" noValidate autoComplete="off" sx={{ maxWidth: 760, mx: 'auto' }}
      onSubmit={(e) => { e.preventDefault(); void pair(token); }} aria-labelledby="pair-title">
      <Typography id="pair-title" variant="h1" sx={{ mb: 1 }}>Set up this kiosk</Typography>
      <Typography sx={{ fontSize: '1.25rem', color: 'text.secondary', mb: 3 }}>
        For staff: paste the kiosk token that was shown when the kiosk was registered (CampusDesk → Admin → Kiosks). This
        browser keeps it; nobody has to sign in here afterwards.
      </Typography>
      {notice === 'revoked' ? (
        <Alert severity="warning" role="alert" sx={{ mb: 3, py: 2 }} data-testid="kiosk-revoked">
          <AlertTitle sx={{ fontSize: '1.3rem' }}>This kiosk is not in service</AlertTitle>
          Its kiosk token was revoked or is no longer known. Please report your problem at the helpdesk in person. Staff: pair
          this kiosk again with a new token.
        </Alert>
      ) : null}
      <Paper elevation={0} sx={{ p: { xs: 2, md: 3 }, mb: 3, border: 1, borderColor: 'divider' }}>
        <TextField label="Kiosk token" name="kioskToken" value={token} disabled={busy}
          onChange={(e) => { setToken(e.target.value); setError(null); }}
          error={!!error} helperText={error ?? 'A long code of letters, digits, - and _'}
          slotProps={{ htmlInput: { autoCapitalize: 'none', spellCheck: false, autoComplete: 'off', style: { fontFamily: 'ui-monospace, Menlo, Consolas, monospace' } } }} />
      </Paper>
      <Box sx={{ display: 'flex', justifyContent: 'flex-end' }}>
        <BigSubmitButton busy={busy} icon={<Key />} label="Pair this kiosk" busyLabel="Checking…" />
      </Box>
    </Box>
  );
}

/** Reads (and removes from the address bar) a pairing token passed as /kiosk#pair=<token>. */
export function takePairingTokenFromUrl(): string | null {
  const m = /^#pair=([A-Za-z0-9_-]{16,200})$/.exec(window.location.hash);
  if (!window.location.hash.startsWith('#pair=')) return null;
  try { history.replaceState(null, '', window.location.pathname + window.location.search); } catch { /* ignore */ }
  return m?.[1] ?? null;
}
