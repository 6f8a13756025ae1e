// The conversation on a ticket: public replies and (staff only) internal notes, told apart
// by colour, icon and label; and the box to write a reply or a note.
import { forwardRef, useEffect, useImperativeHandle, useRef, useState, type FormEvent } from 'react';
import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import TextField from '@mui/material/TextField';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Avatar from '@mui/material/Avatar';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import LockIcon from '@mui/icons-material/LockOutlined';
import ReplyIcon from '@mui/icons-material/ReplyOutlined';
import SendIcon from '@mui/icons-material/Send';
import { Body } from '../../../src-shared/schemas.ts';
import type { Message } from '../../api/client.ts';
import { firstIssue, counter } from '../../components/forms.ts';
import { TimeAgo } from '../../components/TicketBits.tsx';
import { formatDateTime } from '../../format.ts';

function initials(name: string): string {
  return name.split(/\s+/).map((w) => w[0] ?? '').join('').slice(0, 2).toUpperCase() || '?';
}

export function MessageList({ messages, reporterId }: { messages: Message[]; reporterId: number | null }) {
  if (messages.length === 0) {
    return <Typography color="text.secondary" sx={{ py: 2 }}>No messages yet.</Typography>;
  }
  return (
    <Box component="ol" aria-label="Conversation" sx={{ listStyle: 'none', m: 0, p: 0, display: 'flex', flexDirection: 'column', gap: 1.5 }}>
      {messages.map((m) => {
        const staffAuthor = m.author && m.author.role !== 'reporter';
        const fromReporter = m.author?.id === reporterId;
        return (
          <Box component="li" key={m.id} data-message-id={m.id} data-internal={m.internal ? 'true' : 'false'}
            aria-label={m.internal ? 'Internal note' : 'Reply'}>
            <Paper variant="outlined" sx={(theme) => ({
              p: 1.5,
              borderLeftWidth: 4,
              borderLeftColor: m.internal ? theme.vars!.palette.warning.main : staffAuthor ? theme.vars!.palette.primary.main : theme.vars!.palette.divider,
              ...(m.internal ? {
                bgcolor: '#fff8e6', borderStyle: 'dashed',
                ...theme.applyStyles('dark', { bgcolor: '#2e2614' }),
              } : {}),
            })}>
              <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, mb: 0.75, flexWrap: 'wrap' }}>
                <Avatar sx={{ width: 28, height: 28, fontSize: 12, bgcolor: staffAuthor ? 'primary.main' : 'secondary.main' }} aria-hidden>{initials(m.author?.displayName ?? '?')}</Avatar>
                <Typography sx={{ fontWeight: 500 }}>{m.author?.displayName ?? 'Walk-up reporter'}</Typography>
                {staffAuthor && !fromReporter ? <Chip size="small" label="Helpdesk" variant="outlined" /> : null}
                {m.internal ? <Chip size="small" color="warning" icon={<LockIcon />} label="Internal note · staff only" /> : null}
                <Typography variant="body2" color="text.secondary" sx={{ ml: 'auto' }} title={formatDateTime(m.createdAt)}><TimeAgo iso={m.createdAt} /></Typography>
              </Box>
              <Typography component="div" sx={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{m.body}</Typography>
            </Paper>
          </Box>
        );
      })}
    </Box>
  );
}

export interface ComposerHandle { focus(mode?: 'reply' | 'note'): void }

interface Draft { body: string; mode: 'reply' | 'note' }
function readDraft(key: string): Draft | null {
  try {
    const d = JSON.parse(sessionStorage.getItem(key) ?? 'null') as Draft | null;
    return d && typeof d.body === 'string' ? d : null;
  } catch { return null; }
}
function writeDraft(key: string, d: Draft | null): void {
  try {
    if (d && d.body) sessionStorage.setItem(key, JSON.stringify(d));
    else sessionStorage.removeItem(key);
  } catch { /* storage unavailable */ }
}

/** The reply box. Unsent text is kept per ticket for the browser session (it survives a sign-in after an expired session). */
export const Composer = forwardRef<ComposerHandle, {
  ticketId: number;
  staff: boolean;
  disabled?: boolean;
  onSend: (body: string, internal: boolean) => Promise<boolean>;
}>(function Composer({ ticketId, staff, disabled, onSend }, ref) {
  const draftKey = `campusdesk.draft.${ticketId}`;
  const [mode, setMode] = useState<'reply' | 'note'>(() => (staff ? readDraft(draftKey)?.mode ?? 'reply' : 'reply'));
  const [body, setBody] = useState(() => readDraft(draftKey)?.body ?? '');
  useEffect(() => { writeDraft(draftKey, { body, mode }); }, [draftKey, body, mode]);
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const inputRef = useRef<HTMLTextAreaElement>(null);
  useImperativeHandle(ref, () => ({
    focus(m) {
      if (m) setMode(m);
      inputRef.current?.focus();
      inputRef.current?.scrollIntoView({ block: 'center', behavior: 'smooth' });
    },
  }), []);
  const error = touched ? firstIssue(Body, body) : undefined;
  const note = staff && mode === 'note';

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    setTouched(true);
    if (firstIssue(Body, body)) return;
    setBusy(true);
    const ok = await onSend(body.trim(), note);
    setBusy(false);
    if (ok) { setBody(''); setTouched(false); }
  };

  return (
    <Paper component="form" variant="outlined" onSubmit={submit} noValidate aria-label={note ? 'Add an internal note' : 'Reply'}
      sx={(theme) => ({ p: 1.5, ...(note ? { bgcolor: '#fff8e6', borderColor: theme.vars!.palette.warning.main, ...theme.applyStyles('dark', { bgcolor: '#2e2614' }) } : {}) })}>
      {staff ? (
        <ToggleButtonGroup size="small" exclusive value={mode} onChange={(_e, v: 'reply' | 'note' | null) => { if (v) setMode(v); }} aria-label="Message kind" sx={{ mb: 1.5 }}>
          <ToggleButton value="reply"><ReplyIcon fontSize="small" sx={{ mr: 0.5 }} />Public reply</ToggleButton>
          <ToggleButton value="note"><LockIcon fontSize="small" sx={{ mr: 0.5 }} />Internal note</ToggleButton>
        </ToggleButtonGroup>
      ) : null}
      <TextField
        label={note ? 'Internal note (only staff see this)' : staff ? 'Reply to the reporter' : 'Your reply'}
        value={body}
        onChange={(e) => setBody(e.target.value)}
        onBlur={() => { if (body) setTouched(true); }}
        onKeyDown={(e) => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); void submit(); } }}
        inputRef={inputRef}
        multiline minRows={3} maxRows={14} fullWidth
        error={!!error}
        helperText={error ?? `${counter(body, 20_000)} · Ctrl+Enter sends`}
        disabled={disabled}
        slotProps={{ htmlInput: { 'aria-keyshortcuts': 'r' } }}
      />
      <Box sx={{ display: 'flex', justifyContent: 'flex-end', mt: 1 }}>
        <Button type="submit" variant="contained" color={note ? 'warning' : 'primary'} endIcon={note ? <LockIcon /> : <SendIcon />} disabled={busy || disabled}>
          {busy ? 'Sending…' : note ? 'Add internal note' : 'Send reply'}
        </Button>
      </Box>
    </Paper>
  );
});
