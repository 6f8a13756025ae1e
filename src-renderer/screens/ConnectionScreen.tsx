// Connection settings of the desktop app (route /connection, from the menu File → Connection
// settings and from the sign-in and first-run screens): where this PC's helpdesk lives — this
// PC's own database (default), a database file at a path (with the network-drive warning), or
// a CampusDesk hub at a URL. "Check" validates (a hub must answer with a compatible version);
// "Save and restart" validates again, saves, and restarts the app on the new connection.
// In a browser there is nothing to choose: the page already talks to its hub.
import { useEffect, useState } from 'react';
import { Link as RouterLink } from 'react-router';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormLabel from '@mui/material/FormLabel';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import type { ConnectionCheck, ConnectionInfo, DesktopConnection } from '../../src-shared/bridge.d.ts';
import { errorText } from '../api/client.ts';
import { AuthFrame } from './auth/AuthFrame.tsx';
import { useTitle } from '../app/useTitle.ts';

type Mode = DesktopConnection['mode'];

export function ConnectionScreen() {
  useTitle('Connection settings');
  const bridge = typeof window !== 'undefined' ? window.campusdesk?.desktop?.connection : undefined;
  const [info, setInfo] = useState<ConnectionInfo | null>(null);
  const [mode, setMode] = useState<Mode>('local');
  const [path, setPath] = useState('');
  const [url, setUrl] = useState('');
  const [result, setResult] = useState<ConnectionCheck | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState<'check' | 'save' | null>(null);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    if (!bridge) return;
    bridge.get().then((i) => {
      setInfo(i);
      setMode(i.connection.mode);
      if (i.connection.mode === 'file') setPath(i.connection.path);
      if (i.connection.mode === 'hub') setUrl(i.connection.url);
    }, (e: unknown) => setFailure(errorText(e)));
  }, [bridge]);

  if (!bridge) {
    return (
      <AuthFrame title="Connection settings">
        <Typography sx={{ mb: 2 }}>This page talks to the CampusDesk hub it was opened from. Choosing a database or a hub is part of the desktop app.</Typography>
        <Button component={RouterLink} to="/" variant="outlined">Back</Button>
      </AuthFrame>
    );
  }

  const connection = (): DesktopConnection => (mode === 'file' ? { mode, path } : mode === 'hub' ? { mode, url } : { mode: 'local' });
  const run = async (what: 'check' | 'save') => {
    setBusy(what);
    setFailure(null);
    setResult(null);
    try {
      const r = await (what === 'check' ? bridge.check(connection()) : bridge.save(connection()));
      setResult(r);
      if (r.ok && what === 'save') setSaved(true);
    } catch (e) {
      setFailure(errorText(e));
    } finally {
      setBusy(null);
    }
  };
  const fieldError = result && !result.ok ? result : null;

  return (
    <AuthFrame title="Connection settings" subtitle="Where this computer's helpdesk lives.">
      <Stack spacing={2}>
        <FormControl>
          <FormLabel id="connection-mode">Use</FormLabel>
          <RadioGroup aria-labelledby="connection-mode" value={mode} onChange={(e) => { setMode(e.target.value as Mode); setResult(null); }}>
            <FormControlLabel value="local" control={<Radio />} label="This computer's database" />
            <FormControlLabel value="file" control={<Radio />} label="A database file at a path" />
            <FormControlLabel value="hub" control={<Radio />} label="A CampusDesk hub (shared by several computers)" />
          </RadioGroup>
        </FormControl>
        {mode === 'file' ? (
          <TextField label="Database file" value={path} onChange={(e) => setPath(e.target.value)} placeholder="/srv/helpdesk/campusdesk.db"
            error={fieldError?.field === 'path'} helperText={fieldError?.field === 'path' ? fieldError.message : 'The full path; the folder must exist.'} fullWidth />
        ) : null}
        {mode === 'hub' ? (
          <TextField label="Hub address" value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://helpdesk.campus.example" type="url"
            error={fieldError?.field === 'url'} helperText={fieldError?.field === 'url' ? fieldError.message : 'https://… — the address of the campus hub.'} fullWidth />
        ) : null}
        {fieldError && fieldError.field === 'mode' ? <Alert severity="error">{fieldError.message}</Alert> : null}
        {result?.ok && result.warning ? <Alert severity="warning">{result.warning}</Alert> : null}
        {result?.ok && !saved ? <Alert severity="success">{result.connection.mode === 'hub' ? `The hub answers (CampusDesk ${result.hubVersion ?? ''}).` : 'This works.'}</Alert> : null}
        {saved ? <Alert severity="info">Saved. CampusDesk restarts on the new connection…</Alert> : null}
        {failure ? <Alert severity="error">{failure}</Alert> : null}
        <Stack direction="row" spacing={1}>
          <Button variant="outlined" onClick={() => void run('check')} disabled={busy !== null}>{busy === 'check' ? 'Checking…' : 'Check'}</Button>
          <Button variant="contained" onClick={() => void run('save')} disabled={busy !== null || saved}>{busy === 'save' ? 'Saving…' : 'Save and restart'}</Button>
          <Button component={RouterLink} to="/">Back</Button>
        </Stack>
        {info ? (
          <Typography variant="body2" color="text.secondary">
            Now: {info.database ? `database ${info.database}` : info.connection.mode === 'hub' ? `hub ${info.connection.url}` : ''}. Log file: {info.logFile}
          </Typography>
        ) : null}
      </Stack>
    </AuthFrame>
  );
}

/** The link on the sign-in and first-run screens (desktop app only). */
export function ConnectionLink() {
  if (typeof window === 'undefined' || !window.campusdesk?.desktop?.connection) return null;
  return <Button component={RouterLink} to="/connection" size="small" sx={{ mt: 1 }}>Connection settings</Button>;
}
