// "Check my ticket": ticket number + reference code → status and the helpdesk's replies.
import { useState } from 'react';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Paper from '@mui/material/Paper';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import Search from '@mui/icons-material/Search';
import Forum from '@mui/icons-material/Forum';
import { lookupTicket, type LookupResult } from './api.ts';
import { toApiError } from '../api/client.ts';
import { groupReference, isWellFormedReference, normalizeReference, STATUS_TEXT } from './model.ts';
import { ProblemAlert, BigSubmitButton, type Problem } from './FormParts.tsx';

const dateTime = (iso: string): string =>
  new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));

export function LookupForm({ onFound, onBack }: { onFound: (r: LookupResult, reference: string) => void; onBack: () => void }) {
  const [number, setNumber] = useState('');
  const [reference, setReference] = useState('');
  const [errors, setErrors] = useState<{ number?: string; reference?: string }>({});
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);

  async function check() {
    if (busy) return;
    const ref = normalizeReference(reference);
    const id = /^\d{1,15}$/.test(number.trim()) ? Number(number.trim()) : NaN;
    const errs: typeof errors = {};
    if (!Number.isSafeInteger(id) || id < 1) errs.number = 'Enter the ticket number (digits only)';
    if (ref === '') errs.reference = 'Enter the reference code';
    else if (!isWellFormedReference(ref)) errs.reference = 'A reference code has 8 letters and digits, like K7QH 2MXR';
    setErrors(errs);
    setProblem(null);
    if (errs.number || errs.reference) return;
    setBusy(true);
    try {
      onFound(await lookupTicket(id, ref), ref);
    } catch (e) {
      const err = toApiError(e);
      setBusy(false);
      if (err.code === 'NOT_FOUND') {
        setProblem({ severity: 'warning', title: 'No ticket found', text: 'No ticket matches this number and reference code. Please check both and try again.' });
      } else if (err.code === 'RATE_LIMITED') {
        setProblem({ severity: 'warning', title: 'Please wait a few minutes', text: err.message });
      } else if (err.code === 'NETWORK') {
        setProblem({ severity: 'error', title: 'Could not check', text: 'The helpdesk server cannot be reached right now. Please try again in a moment.' });
      } else {
        setProblem({ severity: 'error', title: 'Could not check', text: 'Something went wrong. Please try again, or ask at the helpdesk.' });
      }
    }
  }

  return (
    <Box component="form" noValidate autoComplete="off" onSubmit={(e) => { e.preventDefault(); void check(); }} aria-labelledby="lookup-title" sx={{ maxWidth: 760, mx: 'auto' }}>
      <Typography id="lookup-title" variant="h1" sx={{ mb: 1 }}>Check my ticket</Typography>
      <Typography sx={{ fontSize: '1.3rem', color: 'text.secondary', mb: 3 }}>Enter the ticket number and the reference code you got when you reported.</Typography>
      <ProblemAlert problem={problem} />
      <Paper elevation={0} sx={{ p: { xs: 2, md: 3 }, mb: 4, border: 1, borderColor: 'divider', display: 'grid', gap: 3 }}>
        <TextField label="Ticket number" name="ticketId" value={number} disabled={busy}
          onChange={(e) => setNumber(e.target.value.replace(/[^\d]/g, ''))}
          error={!!errors.number} helperText={errors.number ?? 'For example: 1234'}
          slotProps={{ htmlInput: { inputMode: 'numeric', pattern: '[0-9]*', maxLength: 15 } }} />
        <TextField label="Reference code" name="reference" value={reference} disabled={busy}
          onChange={(e) => setReference(e.target.value.toUpperCase())}
          error={!!errors.reference} helperText={errors.reference ?? 'For example: K7QH 2MXR (spaces do not matter)'}
          slotProps={{ htmlInput: { maxLength: 20, autoCapitalize: 'characters', spellCheck: false, style: { fontFamily: 'ui-monospace, Menlo, Consolas, monospace', letterSpacing: '0.1em' } } }} />
      </Paper>
      <Box sx={{ display: 'flex', gap: 2, justifyContent: 'space-between', flexWrap: 'wrap' }}>
        <Button variant="outlined" onClick={onBack} disabled={busy} sx={{ minHeight: 72, px: 4, bgcolor: 'background.paper' }}>Back</Button>
        <BigSubmitButton busy={busy} icon={<Search />} label="Check" busyLabel="Checking…" />
      </Box>
    </Box>
  );
}

export function LookupResultView({ result, reference, onAgain, onDone }: { result: LookupResult; reference: string; onAgain: () => void; onDone: () => void }) {
  const s = STATUS_TEXT[result.status];
  return (
    <Box sx={{ maxWidth: 860, mx: 'auto' }} aria-live="polite">
      <Typography variant="h1" sx={{ mb: 1 }}>Ticket {result.ticketId}</Typography>
      <Typography sx={{ fontSize: '1.1rem', color: 'text.secondary', mb: 3 }}>Reference {groupReference(reference)}</Typography>
      <Paper elevation={2} sx={{ p: 3, mb: 3 }}>
        <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, flexWrap: 'wrap', mb: 1 }}>
          <Typography sx={{ fontSize: '1.3rem' }}>Status:</Typography>
          <Chip label={s.label} color={s.color} data-testid="lookup-status" data-status={result.status} sx={{ fontSize: '1.3rem', height: 48, px: 1 }} />
        </Box>
        <Typography sx={{ fontSize: '1.25rem' }}>{s.explain}</Typography>
        <Typography sx={{ color: 'text.secondary', mt: 1 }}>Last change: {dateTime(result.updatedAt)}</Typography>
      </Paper>
      <Typography variant="h2" component="h2" sx={{ mb: 2, display: 'flex', alignItems: 'center', gap: 1 }}>
        <Forum sx={{ fontSize: 36, color: 'primary.main' }} aria-hidden /> Replies from the helpdesk
      </Typography>
      {result.replies.length === 0 ? (
        <Typography sx={{ fontSize: '1.2rem', color: 'text.secondary', mb: 4 }}>No replies yet.</Typography>
      ) : (
        <Box component="ol" sx={{ listStyle: 'none', p: 0, m: 0, mb: 4, display: 'grid', gap: 2 }} data-testid="lookup-replies">
          {result.replies.map((r, i) => (
            <Paper component="li" key={i} elevation={0} sx={{ p: 2.5, border: 1, borderColor: 'divider', borderLeft: 6, borderLeftColor: 'primary.main' }}>
              <Typography sx={{ color: 'text.secondary', mb: 0.5 }}>{dateTime(r.createdAt)}</Typography>
              <Typography sx={{ fontSize: '1.2rem', whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{r.body}</Typography>
            </Paper>
          ))}
        </Box>
      )}
      <Box sx={{ display: 'flex', gap: 2, justifyContent: 'space-between', flexWrap: 'wrap' }}>
        <Button variant="outlined" onClick={onAgain} sx={{ minHeight: 72, px: 4, bgcolor: 'background.paper' }}>Check another ticket</Button>
        <Button variant="contained" onClick={onDone} sx={{ minHeight: 72, px: 8, fontSize: '1.4rem' }}>Done</Button>
      </Box>
    </Box>
  );
}
