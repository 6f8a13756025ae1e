// Choosing files to send: an "Attach files" button, a drop zone around a form (drag and drop
// anywhere on it), and the list of chosen files with upload progress and a remove button
// each. Pasting (a screenshot) is wired by the text field's onPaste (usePendingUploads).
import { useRef, useState, type ReactNode } from 'react';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import IconButton from '@mui/material/IconButton';
import LinearProgress from '@mui/material/LinearProgress';
import Typography from '@mui/material/Typography';
import Alert from '@mui/material/Alert';
import AttachFileIcon from '@mui/icons-material/AttachFile';
import CloseIcon from '@mui/icons-material/Close';
import ErrorIcon from '@mui/icons-material/ErrorOutlined';
import { FileIcon } from './AttachmentList.tsx';
import { formatSize, typeLabel } from './transfer.ts';
import type { PendingUploads } from './usePendingUploads.ts';

/** What the file input offers; the server decides by content anyway. */
export const ACCEPT = 'image/png,image/jpeg,image/webp,image/gif,image/heic,.heic,application/pdf,text/plain,text/csv,.csv,.txt,.docx,.xlsx,.pptx,.odt,.ods';

export function AttachButton({ uploads, disabled, label = 'Attach files', accept = ACCEPT, capture, size = 'small' }: {
  uploads: PendingUploads;
  disabled?: boolean;
  label?: string;
  accept?: string;
  capture?: boolean;
  size?: 'small' | 'medium' | 'large';
}) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <Button size={size} startIcon={<AttachFileIcon />} onClick={() => input.current?.click()} disabled={disabled}>{label}</Button>
      <input ref={input} type="file" hidden multiple accept={accept} aria-label={label} data-testid="attach-input"
        {...(capture ? { capture: 'environment' } : {})}
        onChange={(e) => { if (e.target.files) uploads.add(e.target.files); e.target.value = ''; }} />
    </>
  );
}

/** Wraps a form: files dragged onto it are attached; a dashed outline shows where to drop. */
export function DropZone({ uploads, disabled, children }: { uploads: PendingUploads; disabled?: boolean; children: ReactNode }) {
  const [over, setOver] = useState(0);
  const hasFiles = (e: React.DragEvent) => [...e.dataTransfer.types].includes('Files');
  return (
    <Box
      onDragEnter={(e) => { if (!disabled && hasFiles(e)) { e.preventDefault(); setOver((n) => n + 1); } }}
      onDragOver={(e) => { if (!disabled && hasFiles(e)) { e.preventDefault(); e.dataTransfer.dropEffect = 'copy'; } }}
      onDragLeave={(e) => { if (hasFiles(e)) setOver((n) => Math.max(0, n - 1)); }}
      onDrop={(e) => { if (disabled || !hasFiles(e)) return; e.preventDefault(); setOver(0); uploads.add(e.dataTransfer.files); }}
      sx={{ position: 'relative', borderRadius: 1, outline: over > 0 ? '2px dashed' : 'none', outlineColor: 'primary.main', outlineOffset: 2 }}
      data-testid="drop-zone"
    >
      {children}
      {over > 0 ? (
        <Box aria-hidden sx={{ position: 'absolute', inset: 0, display: 'flex', alignItems: 'center', justifyContent: 'center', bgcolor: 'background.paper', opacity: 0.93, zIndex: 2, borderRadius: 1, pointerEvents: 'none', gap: 1, color: 'primary.main' }}>
          <AttachFileIcon />
          <Typography sx={{ fontWeight: 600, fontSize: '1.1rem' }}>Drop files to attach them</Typography>
        </Box>
      ) : null}
    </Box>
  );
}

/** The chosen files: preview or icon, name, type and size, progress, remove. */
export function PendingList({ uploads, disabled, large }: { uploads: PendingUploads; disabled?: boolean; large?: boolean }) {
  if (uploads.items.length === 0 && !uploads.notice) return null;
  const thumb = large ? 96 : 48;
  return (
    <Box sx={{ mt: 1 }}>
      {uploads.notice ? <Alert severity="warning" sx={{ mb: 1 }}>{uploads.notice}</Alert> : null}
      <Box component="ul" aria-label="Files to send" sx={{ listStyle: 'none', m: 0, p: 0, display: 'flex', flexWrap: 'wrap', gap: 1 }}>
        {uploads.items.map((it) => (
          <Box component="li" key={it.key} data-state={it.state} aria-label={`${it.name}, ${it.state === 'uploading' ? `uploading ${Math.round(it.progress * 100)}%` : it.state === 'failed' ? 'failed' : 'ready'}`}
            sx={{ display: 'flex', alignItems: 'center', gap: 1, p: 0.75, pr: 0.25, border: 1, borderColor: it.state === 'failed' ? 'error.main' : 'divider', borderRadius: 1, width: large ? 300 : 260, bgcolor: 'background.paper' }}>
            {it.preview
              ? <Box component="img" src={it.preview} alt="" sx={{ width: thumb, height: thumb, objectFit: 'cover', borderRadius: 0.5, flexShrink: 0 }} />
              : <Box sx={{ width: thumb, height: thumb, display: 'flex', alignItems: 'center', justifyContent: 'center', flexShrink: 0, color: 'text.secondary' }}><FileIcon type={it.type} /></Box>}
            <Box sx={{ minWidth: 0, flex: 1 }}>
              <Typography variant="body2" noWrap title={it.name} sx={{ fontWeight: 500 }}>{it.name}</Typography>
              {it.state === 'failed'
                ? <Typography variant="caption" color="error" sx={{ display: 'flex', gap: 0.5, alignItems: 'center' }}><ErrorIcon fontSize="inherit" />{it.error}</Typography>
                : <Typography variant="caption" color="text.secondary">{typeLabel(it.type)} · {formatSize(it.size)}{it.state === 'uploading' ? ` · ${Math.round(it.progress * 100)}%` : ''}</Typography>}
              {it.state === 'uploading' ? <LinearProgress variant="determinate" value={Math.round(it.progress * 100)} aria-label={`Uploading ${it.name}`} sx={{ mt: 0.5 }} /> : null}
            </Box>
            <IconButton size="small" onClick={() => uploads.remove(it.key)} disabled={disabled} aria-label={`Remove ${it.name}`}><CloseIcon fontSize="small" /></IconButton>
          </Box>
        ))}
      </Box>
    </Box>
  );
}
