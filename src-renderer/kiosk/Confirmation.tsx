// After a report: the ticket number and reference in large type, then back to the start
// after CONFIRMATION_MS (or at once with "Done").
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import LinearProgress from '@mui/material/LinearProgress';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import TaskAlt from '@mui/icons-material/TaskAlt';
import { useCountdown } from './timers.ts';
import { groupReference } from './model.ts';

export const CONFIRMATION_MS = 20_000;

export function Confirmation({ ticketId, reference, onDone }: { ticketId: number; reference: string; onDone: () => void }) {
  const left = useCountdown(CONFIRMATION_MS, onDone, ticketId);
  const total = CONFIRMATION_MS / 1000;
  return (
    <Box sx={{ textAlign: 'center' }} aria-live="polite">
      <TaskAlt sx={{ fontSize: 96, color: 'success.main' }} aria-hidden />
      <Typography variant="h1" sx={{ mt: 1 }}>Thank you — we have your report</Typography>
      <Typography sx={{ fontSize: '1.3rem', color: 'text.secondary', mt: 1.5, mb: 4 }}>
        Write these down or take a photo. With them you can check your ticket here under “Check my ticket”.
      </Typography>
      <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', sm: '1fr 1.4fr' }, gap: 3, mb: 4 }}>
        <Paper elevation={2} sx={{ p: 3 }}>
          <Typography sx={{ fontSize: '1.3rem', color: 'text.secondary' }}>Ticket number</Typography>
          <Typography data-testid="ticket-number" sx={{ fontSize: { xs: '3.5rem', md: '5rem' }, fontWeight: 700, lineHeight: 1.1 }}>{ticketId}</Typography>
        </Paper>
        <Paper elevation={2} sx={{ p: 3 }}>
          <Typography sx={{ fontSize: '1.3rem', color: 'text.secondary' }}>Reference code</Typography>
          <Typography data-testid="reference" aria-label={`Reference code ${reference.split('').join(' ')}`}
            sx={{ fontSize: { xs: '3.2rem', md: '4.6rem' }, fontWeight: 700, lineHeight: 1.1, fontFamily: '"Roboto Mono", ui-monospace, Menlo, Consolas, monospace', letterSpacing: '0.08em', whiteSpace: 'nowrap' }}>
            {groupReference(reference)}
          </Typography>
        </Paper>
      </Box>
      <Box sx={{ maxWidth: 560, mx: 'auto' }}>
        <Typography data-testid="confirmation-countdown" sx={{ fontSize: '1.2rem', mb: 1 }}>Back to the start in {left} s</Typography>
        <LinearProgress variant="determinate" value={(left / total) * 100} sx={{ height: 10, borderRadius: 5, mb: 3 }} aria-hidden />
        <Button variant="contained" onClick={onDone} sx={{ minHeight: 72, px: 8, fontSize: '1.4rem' }}>Done</Button>
      </Box>
    </Box>
  );
}
