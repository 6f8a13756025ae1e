// The report: what is wrong, where, and (optionally) who to contact. One screen, large
// fields; the category chosen on the start screen can be changed here.
import { useRef, useState, type ChangeEvent } from 'react';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import TextField from '@mui/material/TextField';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Typography from '@mui/material/Typography';
import Send from '@mui/icons-material/Send';
import { ApiError, submitReport, type SubmitResult } from './api.ts';
import { toApiError } from '../api/client.ts';
import {
  LIMITS, emptyReport, fieldOfApiPath, toSubmitInput, validateReport,
  type CategorySlug, type ReportErrors, type ReportValues,
} from './model.ts';
import { useKioskCategories, useRefreshCategories } from './categories.tsx';
import { ProblemAlert, BigSubmitButton, type Problem } from './FormParts.tsx';

const ORDER: (keyof ReportValues)[] = ['subject', 'details', 'building', 'room', 'name', 'contact'];

export function ReportForm({ initialCategory, onDone, onCancel, onRevoked }: {
  initialCategory: CategorySlug;
  onDone: (result: SubmitResult) => void;
  onCancel: () => void;
  onRevoked: () => void;
}) {
  const [category, setCategory] = useState<CategorySlug>(initialCategory);
  const { tiles } = useKioskCategories();
  const refreshCategories = useRefreshCategories();
  const [values, setValues] = useState<ReportValues>(emptyReport);
  const [errors, setErrors] = useState<ReportErrors>({});
  const [showErrors, setShowErrors] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const fields = useRef<Partial<Record<keyof ReportValues, HTMLInputElement | HTMLTextAreaElement | null>>>({});
  const top = useRef<HTMLDivElement | null>(null);

  const change = (key: keyof ReportValues) => (e: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => {
    const next = { ...values, [key]: e.target.value };
    setValues(next);
    if (showErrors) setErrors(validateReport(next));
  };

  const focusFirst = (errs: ReportErrors) => {
    const key = ORDER.find((k) => errs[k]);
    if (key) fields.current[key]?.focus();
  };

  async function submit() {
    if (busy) return;
    const errs = validateReport(values);
    setErrors(errs);
    setShowErrors(true);
    if (Object.keys(errs).length > 0) {
      setProblem(null);
      focusFirst(errs);
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      const result = await submitReport(toSubmitInput(category, values));
      onDone(result);
    } catch (e) {
      const err = e instanceof ApiError ? e : toApiError(e);
      setBusy(false);
      if (err.code === 'UNAUTHENTICATED') {
        onRevoked();
        return;
      }
      if (err.code === 'RATE_LIMITED') {
        setProblem({ severity: 'warning', title: 'Please wait a few minutes', text: err.message });
      } else if (err.code === 'VALIDATION') {
        const server: ReportErrors = {};
        let categoryGone = false;
        for (const d of err.details) {
          if (d.path === 'category') categoryGone = true;
          const key = fieldOfApiPath(d.path);
          if (key && !server[key]) server[key] = d.message;
        }
        setErrors(server);
        if (categoryGone) refreshCategories();
        setProblem(categoryGone
          ? { severity: 'error', title: 'This category is not available', text: 'Please pick another category above, or visit the helpdesk in person.' }
          : { severity: 'error', title: 'Please check the form', text: err.message });
        focusFirst(server);
      } else if (err.code === 'NETWORK') {
        setProblem({ severity: 'error', title: 'Could not send your report', text: 'The helpdesk server cannot be reached right now. Please try again in a moment.' });
      } else {
        setProblem({ severity: 'error', title: 'Could not send your report', text: 'Something went wrong. Please try again, or visit the helpdesk in person.' });
      }
      top.current?.scrollIntoView({ block: 'start' });
    }
  }

  const field = (key: keyof ReportValues) => ({
    value: values[key],
    onChange: change(key),
    error: showErrors && !!errors[key],
    inputRef: (el: HTMLInputElement | HTMLTextAreaElement | null) => { fields.current[key] = el; },
    name: key,
    disabled: busy,
  });
  const help = (key: keyof ReportValues, hint: string) => (showErrors && errors[key]) || hint;

  return (
    <Box ref={top} component="form" noValidate autoComplete="off" onSubmit={(e) => { e.preventDefault(); void submit(); }} aria-labelledby="report-title" sx={{ scrollMarginTop: 120 }}>
      <Typography id="report-title" variant="h1" sx={{ mb: 2 }}>What is wrong?</Typography>

      <ToggleButtonGroup
        exclusive value={category} aria-label="Category"
        onChange={(_e, v: CategorySlug | null) => { if (v) setCategory(v); }}
        sx={{ mb: 3, flexWrap: 'wrap', gap: 1.5, '& .MuiToggleButtonGroup-grouped': { border: '2px solid', borderColor: 'divider', borderRadius: '28px !important', m: 0 } }}
      >
        {(tiles ?? []).map((c) => {
          const Icon = c.Icon;
          return (
            <ToggleButton key={c.slug} value={c.slug} disabled={busy}
              sx={{ minHeight: 56, px: 3, gap: 1, textTransform: 'none', fontSize: '1.1rem', color: 'text.primary', '&.Mui-selected': { borderColor: `${c.color} !important`, bgcolor: `${c.color}1f`, color: 'text.primary' } }}>
              <Icon sx={{ color: c.color }} />
              {c.title}
            </ToggleButton>
          );
        })}
      </ToggleButtonGroup>

      <ProblemAlert problem={problem} />

      <Paper elevation={0} sx={{ p: { xs: 2, md: 3 }, mb: 3, border: 1, borderColor: 'divider' }}>
        <Box sx={{ display: 'grid', gap: 3 }}>
          <TextField {...field('subject')} label="In a few words" required
            helperText={help('subject', 'For example: “Projector in room 204 does not turn on”')}
            slotProps={{ htmlInput: { maxLength: LIMITS.subject, autoCapitalize: 'sentences' } }} />
          <TextField {...field('details')} label="More details (optional)" multiline minRows={3} maxRows={8}
            helperText={help('details', 'Anything that helps: since when, how often, what you tried')}
            slotProps={{ htmlInput: { maxLength: LIMITS.details } }} />
        </Box>
      </Paper>

      <Typography variant="h2" component="h2" sx={{ mb: 2 }}>Where is it?</Typography>
      <Paper elevation={0} sx={{ p: { xs: 2, md: 3 }, mb: 3, border: 1, borderColor: 'divider' }}>
        <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', sm: '2fr 1fr' }, gap: 3 }}>
          <TextField {...field('building')} label="Building" required
            helperText={help('building', 'For example: Main building, Library')}
            slotProps={{ htmlInput: { maxLength: LIMITS.building } }} />
          <TextField {...field('room')} label="Room (optional)"
            helperText={help('room', 'For example: 204, ground floor toilets')}
            slotProps={{ htmlInput: { maxLength: LIMITS.room } }} />
        </Box>
      </Paper>

      <Typography variant="h2" component="h2" sx={{ mb: 0.5 }}>May we contact you? <Box component="span" sx={{ color: 'text.secondary', fontSize: '1.4rem' }}>(optional)</Box></Typography>
      <Typography sx={{ color: 'text.secondary', mb: 2, fontSize: '1.1rem' }}>Only helpdesk staff see these details, and only to follow up on this report.</Typography>
      <Paper elevation={0} sx={{ p: { xs: 2, md: 3 }, mb: 4, border: 1, borderColor: 'divider' }}>
        <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', sm: '1fr 1fr' }, gap: 3 }}>
          <TextField {...field('name')} label="Your name" helperText={help('name', ' ')}
            slotProps={{ htmlInput: { maxLength: LIMITS.name, autoComplete: 'off' } }} />
          <TextField {...field('contact')} label="Email or phone" helperText={help('contact', 'name@example.edu or +1 555 0100')}
            slotProps={{ htmlInput: { maxLength: LIMITS.contact, autoComplete: 'off', autoCapitalize: 'none', spellCheck: false } }} />
        </Box>
      </Paper>

      <Box sx={{ display: 'flex', gap: 2, justifyContent: 'space-between', flexWrap: 'wrap' }}>
        <Button variant="outlined" onClick={onCancel} disabled={busy} sx={{ minHeight: 72, px: 4, bgcolor: 'background.paper' }}>Cancel</Button>
        <BigSubmitButton busy={busy} icon={<Send />} label="Send report" busyLabel="Sending…" sx={{ flexGrow: { xs: 1, sm: 0 } }} />
      </Box>
    </Box>
  );
}
