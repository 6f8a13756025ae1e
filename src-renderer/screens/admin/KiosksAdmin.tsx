// Admin → Kiosks: register a kiosk (its token is shown once, with a copy button and the
// kiosk link for a tablet), see every kiosk with its reports, revoke one (its token stops
// working at once). In the desktop app an admin can also turn this computer into a kiosk.
import { useCallback, useRef, useState, type FormEvent } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import IconButton from '@mui/material/IconButton';
import InputAdornment from '@mui/material/InputAdornment';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import AddIcon from '@mui/icons-material/Add';
import ContentCopy from '@mui/icons-material/ContentCopy';
import Check from '@mui/icons-material/Check';
import TabletMac from '@mui/icons-material/TabletMac';
import { Location, text } from '../../../src-shared/schemas.ts';
import { call, errorText, toApiError, type OutputOf } from '../../api/client.ts';
import { useCall } from '../../api/hooks.ts';
import { useNotify } from '../../app/notify.tsx';
import { ListStates } from '../../components/States.tsx';
import { formatDateTime } from '../../format.ts';

/** One row of kiosks.list, typed from the procedure's definition. */
export type KioskItem = OutputOf<'kiosks.list'>['items'][number];
type CreatedKiosk = OutputOf<'kiosks.create'>;

const KioskName = text(1, 100, 'Name');
const firstIssue = (schema: typeof KioskName, value: string): string | undefined => {
  const r = schema.safeParse(value);
  return r.success ? undefined : r.error.issues[0]?.message;
};

/** The hub's address for tablets; null inside the desktop app (app://), which does not know it. */
const hubOrigin = (): string | null => (window.location.protocol.startsWith('http') ? window.location.origin : null);

async function copyText(value: string, input: HTMLInputElement | null): Promise<boolean> {
  try {
    if (navigator.clipboard) {
      await navigator.clipboard.writeText(value);
      return true;
    }
  } catch { /* fall back below */ }
  if (!input) return false;
  input.focus();
  input.select();
  try {
    return document.execCommand('copy');
  } catch {
    return false;
  }
}

function CopyField({ label, value, testId }: { label: string; value: string; testId?: string }) {
  const ref = useRef<HTMLInputElement | null>(null);
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    if (await copyText(value, ref.current)) {
      setCopied(true);
      setTimeout(() => setCopied(false), 2500);
    } else {
      ref.current?.select();
    }
  };
  return (
    <TextField
      label={label} value={value} fullWidth inputRef={ref}
      onFocus={(e) => e.target.select()}
      slotProps={{
        htmlInput: { readOnly: true, spellCheck: false, 'data-testid': testId, style: { fontFamily: 'ui-monospace, Menlo, Consolas, monospace', fontSize: 14 } },
        input: {
          endAdornment: (
            <InputAdornment position="end">
              <Tooltip title={copied ? 'Copied' : 'Copy'}>
                <IconButton onClick={() => void copy()} aria-label={`Copy ${label.toLowerCase()}`} edge="end">
                  {copied ? <Check color="success" /> : <ContentCopy />}
                </IconButton>
              </Tooltip>
            </InputAdornment>
          ),
        },
      }}
    />
  );
}

function TokenDialog({ kiosk, onClose }: { kiosk: CreatedKiosk; onClose: () => void }) {
  const origin = hubOrigin();
  const desktop = window.campusdesk?.desktop;
  const [error, setError] = useState<string | null>(null);
  const useHere = async () => {
    if (!desktop) return;
    try {
      await desktop.enterKiosk(kiosk.token);
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <Dialog open onClose={(_e, reason) => { if (reason !== 'backdropClick') onClose(); }} fullWidth maxWidth="sm" aria-labelledby="kiosk-token-title">
      <DialogTitle id="kiosk-token-title">Kiosk “{kiosk.name}” registered</DialogTitle>
      <DialogContent sx={{ display: 'grid', gap: 2 }}>
        <Alert severity="warning">This token is shown only now. Copy it before you close this window; later you can only revoke the kiosk and register a new one.</Alert>
        <CopyField label="Kiosk token" value={kiosk.token} testId="kiosk-token" />
        {origin ? (
          <>
            <DialogContentText>
              On the tablet, open <strong>{origin}/kiosk</strong> and paste the token, or open this kiosk link there (it pairs the tablet at once):
            </DialogContentText>
            <CopyField label="Kiosk link" value={`${origin}/kiosk#pair=${kiosk.token}`} testId="kiosk-link" />
          </>
        ) : (
          <DialogContentText>
            On a tablet, open the hub’s address followed by <strong>/kiosk</strong> and paste the token. A computer with CampusDesk
            becomes this kiosk with “Use this computer as this kiosk”.
          </DialogContentText>
        )}
        {error ? <Alert severity="error">{error}</Alert> : null}
      </DialogContent>
      <DialogActions>
        {desktop ? <Button startIcon={<TabletMac />} onClick={() => void useHere()}>Use this computer as this kiosk</Button> : null}
        <Button variant="contained" onClick={onClose}>Done</Button>
      </DialogActions>
    </Dialog>
  );
}

function RevokeDialog({ kiosk, onClose, onDone }: { kiosk: KioskItem; onClose: () => void; onDone: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const revoke = async () => {
    setBusy(true);
    try {
      await call('kiosks.revoke', { id: kiosk.id });
      onDone();
    } catch (e) {
      setError(errorText(e));
      setBusy(false);
    }
  };
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="xs" aria-labelledby="revoke-title">
      <DialogTitle id="revoke-title">Revoke “{kiosk.name}”?</DialogTitle>
      <DialogContent>
        <DialogContentText>
          Its token stops working at once: the kiosk takes no more reports and shows that it is out of service. Tickets it sent
          stay. This cannot be undone; to use the device again, register a new kiosk.
        </DialogContentText>
        {error ? <Alert severity="error" sx={{ mt: 2 }}>{error}</Alert> : null}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button color="error" variant="contained" onClick={() => void revoke()} disabled={busy}>Revoke</Button>
      </DialogActions>
    </Dialog>
  );
}

function UseHereDialog({ onClose }: { onClose: () => void }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const desktop = window.campusdesk?.desktop;
    if (!desktop) return;
    if (token.trim() === '') { setError('Paste the kiosk token.'); return; }
    setBusy(true);
    try {
      await desktop.enterKiosk(token.trim());
    } catch (err) {
      const apiErr = toApiError(err);
      setError(apiErr.details[0]?.message ?? errorText(apiErr));
      setBusy(false);
    }
  };
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm" aria-labelledby="use-here-title">
      <form onSubmit={submit} noValidate>
        <DialogTitle id="use-here-title">Use this computer as a kiosk</DialogTitle>
        <DialogContent>
          <DialogContentText sx={{ mb: 2 }}>
            This computer switches to the full-screen kiosk: only walk-up reporting, until an admin leaves kiosk mode with their
            password. Paste the token of a registered kiosk.
          </DialogContentText>
          <TextField label="Kiosk token" value={token} onChange={(e) => { setToken(e.target.value); setError(null); }} fullWidth autoFocus
            error={!!error} helperText={error ?? ' '} slotProps={{ htmlInput: { spellCheck: false, autoCapitalize: 'none' } }} />
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="contained" disabled={busy}>Switch to kiosk mode</Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}

export default function KiosksAdmin() {
  const notify = useNotify();
  const list = useCall('kiosks.list', {});
  const [name, setName] = useState('');
  const [location, setLocation] = useState('');
  const [errors, setErrors] = useState<{ name?: string; location?: string }>({});
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<CreatedKiosk | null>(null);
  const [revoking, setRevoking] = useState<KioskItem | null>(null);
  const [useHere, setUseHere] = useState(false);
  const reload = () => void list.refetch();

  const validate = useCallback(() => {
    const e: typeof errors = {};
    const n = firstIssue(KioskName, name);
    if (n) e.name = n;
    if (location.trim() !== '') {
      const l = firstIssue(Location, location);
      if (l) e.location = l;
    }
    setErrors(e);
    return Object.keys(e).length === 0;
  }, [name, location]);

  const register = async (e: FormEvent) => {
    e.preventDefault();
    if (!validate()) return;
    setBusy(true);
    try {
      const input: { name: string; location?: string } = { name: name.trim() };
      if (location.trim() !== '') input.location = location.trim();
      const k = await call('kiosks.create', input);
      setCreated(k);
      setName('');
      setLocation('');
      setErrors({});
      reload();
    } catch (err) {
      const apiErr = toApiError(err);
      const byField: typeof errors = {};
      for (const d of apiErr.details) if (d.path === 'name' || d.path === 'location') byField[d.path] = d.message;
      if (Object.keys(byField).length > 0) setErrors(byField);
      else notify(errorText(apiErr), 'error');
    } finally {
      setBusy(false);
    }
  };

  const items = list.data?.items;
  return (
    <Box>
      <Paper variant="outlined" component="form" onSubmit={register} noValidate aria-label="Register a kiosk" sx={{ p: 2, mb: 2 }}>
        <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, mb: 1.5, flexWrap: 'wrap' }}>
          <Typography variant="subtitle1" component="h2" sx={{ fontWeight: 500, flex: 1 }}>Register a kiosk</Typography>
          {window.campusdesk?.desktop ? <Button size="small" startIcon={<TabletMac />} onClick={() => setUseHere(true)}>Use this computer as a kiosk…</Button> : null}
        </Box>
        <Typography variant="body2" sx={{ color: 'text.secondary', mb: 1.5 }}>
          A kiosk is a tablet or computer where anyone can report a problem without signing in. It gets a token you enter on the device once.
        </Typography>
        <Box sx={{ display: 'flex', gap: 1.5, flexWrap: 'wrap', alignItems: 'flex-start' }}>
          <TextField label="Name" required value={name} onChange={(e) => setName(e.target.value)} sx={{ flex: '1 1 220px' }}
            error={!!errors.name} helperText={errors.name ?? 'For example: Library entrance'} slotProps={{ htmlInput: { maxLength: 100 } }} />
          <TextField label="Location (optional)" value={location} onChange={(e) => setLocation(e.target.value)} sx={{ flex: '2 1 280px' }}
            error={!!errors.location} helperText={errors.location ?? 'Where it stands, for your records'} slotProps={{ htmlInput: { maxLength: 200 } }} />
          <Button type="submit" variant="contained" startIcon={<AddIcon />} disabled={busy} sx={{ mt: 0.25 }}>Register</Button>
        </Box>
      </Paper>

      <ListStates items={items} error={list.error} onRetry={reload} errorTitle="Could not load the kiosks"
        loadingLabel="Loading kiosks…" emptyTitle="No kiosks yet" emptyText="Register the first one above.">{(items) => (
        <Paper variant="outlined">
          <TableContainer>
            <Table size="small" aria-label="Kiosks">
              <TableHead>
                <TableRow>
                  <TableCell>Name</TableCell>
                  <TableCell>Location</TableCell>
                  <TableCell>Registered</TableCell>
                  <TableCell align="right">Reports</TableCell>
                  <TableCell>Last report</TableCell>
                  <TableCell>Status</TableCell>
                  <TableCell align="right">Actions</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {items.map((k) => (
                  <TableRow key={k.id} data-kiosk-id={k.id} sx={{ opacity: k.active ? 1 : 0.65 }}>
                    <TableCell sx={{ fontWeight: 500 }}>{k.name}</TableCell>
                    <TableCell>{k.location ?? '—'}</TableCell>
                    <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatDateTime(k.createdAt)}</TableCell>
                    <TableCell align="right">{k.submissions}</TableCell>
                    <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatDateTime(k.lastSubmissionAt)}</TableCell>
                    <TableCell>
                      {k.active
                        ? <Chip size="small" color="success" variant="outlined" label="Active" />
                        : <Tooltip title={`Revoked ${formatDateTime(k.revokedAt)}`}><Chip size="small" label="Revoked" /></Tooltip>}
                    </TableCell>
                    <TableCell align="right">
                      {k.active ? <Button size="small" color="error" onClick={() => setRevoking(k)} aria-label={`Revoke ${k.name}`}>Revoke</Button> : null}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </TableContainer>
        </Paper>
      )}</ListStates>

      {created ? <TokenDialog kiosk={created} onClose={() => { notify(`Kiosk “${created.name}” registered`); setCreated(null); }} /> : null}
      {revoking ? (
        <RevokeDialog kiosk={revoking} onClose={() => setRevoking(null)}
          onDone={() => { notify(`Kiosk “${revoking.name}” revoked; its token no longer works`); setRevoking(null); reload(); }} />
      ) : null}
      {useHere ? <UseHereDialog onClose={() => setUseHere(false)} /> : null}
    </Box>
  );
}
