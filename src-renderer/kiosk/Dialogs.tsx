// The idle warning ("Are you still there?") and, in the desktop kiosk window, leaving
// kiosk mode with an admin's password.
import { useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import HourglassBottom from '@mui/icons-material/HourglassBottom';
import { toApiError } from '../api/client.ts';

export function IdleDialog({ secondsLeft, onStay, onReset }: { secondsLeft: number | null; onStay: () => void; onReset: () => void }) {
  return (
    <Dialog open={secondsLeft !== null} onClose={onStay} maxWidth="sm" fullWidth aria-labelledby="idle-title" aria-describedby="idle-text"
      slotProps={{ paper: { sx: { borderRadius: 4, p: 1 } } }}>
      <DialogTitle id="idle-title" sx={{ fontSize: '2rem', display: 'flex', alignItems: 'center', gap: 1.5 }}>
        <HourglassBottom sx={{ fontSize: 40, color: 'warning.main' }} aria-hidden /> Are you still there?
      </DialogTitle>
      <DialogContent>
        <Typography id="idle-text" sx={{ fontSize: '1.3rem' }}>
          To keep your details private, this screen clears in
        </Typography>
        <Typography data-testid="idle-countdown" aria-live="assertive" sx={{ fontSize: '4.5rem', fontWeight: 700, textAlign: 'center', lineHeight: 1.2, my: 1 }}>
          {secondsLeft ?? 0} s
        </Typography>
      </DialogContent>
      <DialogActions sx={{ px: 3, pb: 2, gap: 2, flexWrap: 'wrap' }}>
        <Button variant="outlined" onClick={onReset} sx={{ minHeight: 64 }}>Start over</Button>
        <Button variant="contained" onClick={onStay} autoFocus sx={{ minHeight: 64, px: 5, fontSize: '1.3rem' }}>I’m still here</Button>
      </DialogActions>
    </Dialog>
  );
}

export function ExitKioskDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const close = () => { setUsername(''); setPassword(''); setError(null); setBusy(false); onClose(); };

  async function leave() {
    const bridge = window.campusdesk?.kiosk;
    if (!bridge || busy) return;
    if (password === '') { setError('Enter an admin password.'); return; }
    setBusy(true);
    setError(null);
    try {
      await bridge.exit(password, username.trim() === '' ? undefined : username.trim());
      // The app now closes this window and opens the staff window.
    } catch (e) {
      const err = toApiError(e);
      setError(err.code === 'RATE_LIMITED' ? err.message : 'That is not an admin password.');
      setPassword('');
      setBusy(false);
    }
  }

  return (
    <Dialog open={open} onClose={close} maxWidth="sm" fullWidth aria-labelledby="exit-title">
      <Box component="form" noValidate autoComplete="off" onSubmit={(e) => { e.preventDefault(); void leave(); }}>
        <DialogTitle id="exit-title" sx={{ fontSize: '1.6rem' }}>Leave kiosk mode</DialogTitle>
        <DialogContent sx={{ display: 'grid', gap: 2, pt: '8px !important' }}>
          <Typography>For CampusDesk admins only.</Typography>
          {error ? <Alert severity="error" role="alert">{error}</Alert> : null}
          <TextField label="Admin username (optional)" value={username} onChange={(e) => setUsername(e.target.value)} disabled={busy}
            slotProps={{ htmlInput: { autoCapitalize: 'none', spellCheck: false, autoComplete: 'off' } }} />
          <TextField label="Admin password" type="password" value={password} onChange={(e) => setPassword(e.target.value)} disabled={busy} autoFocus
            slotProps={{ htmlInput: { autoComplete: 'off' } }} />
        </DialogContent>
        <DialogActions sx={{ px: 3, pb: 2, gap: 1 }}>
          <Button onClick={close} disabled={busy}>Cancel</Button>
          <Button type="submit" variant="contained" disabled={busy}>Leave kiosk mode</Button>
        </DialogActions>
      </Box>
    </Dialog>
  );
}
