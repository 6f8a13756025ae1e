// Attachments of a ticket or a message: images as thumbnails that open an image viewer (an
// MUI Dialog, with the previous/next image and a download button), other files as download
// links with name, type and size. Image bytes are fetched with the Authorization header into
// blob: URLs (useFileBlob), so no token ever appears in the page.
import { useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import ButtonBase from '@mui/material/ButtonBase';
import CircularProgress from '@mui/material/CircularProgress';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import IconButton from '@mui/material/IconButton';
import Link from '@mui/material/Link';
import Typography from '@mui/material/Typography';
import ImageIcon from '@mui/icons-material/ImageOutlined';
import PdfIcon from '@mui/icons-material/PictureAsPdfOutlined';
import TableIcon from '@mui/icons-material/TableChartOutlined';
import { downloadBlob } from '../../app/download.ts';
import DocIcon from '@mui/icons-material/DescriptionOutlined';
import SlidesIcon from '@mui/icons-material/SlideshowOutlined';
import FileIconBase from '@mui/icons-material/InsertDriveFileOutlined';
import DownloadIcon from '@mui/icons-material/DownloadOutlined';
import BrokenIcon from '@mui/icons-material/BrokenImageOutlined';
import PrevIcon from '@mui/icons-material/ChevronLeft';
import NextIcon from '@mui/icons-material/ChevronRight';
import CloseIcon from '@mui/icons-material/Close';
import { errorText, sessionToken } from '../../api/client.ts';
import { fetchFile, formatSize, isImage, revokeLater, typeLabel } from './transfer.ts';

export interface AttachmentRef { id: number; name: string; type: string; size: number }

export function FileIcon({ type }: { type: string }) {
  if (isImage(type)) return <ImageIcon />;
  if (type === 'application/pdf') return <PdfIcon />;
  if (type === 'text/csv' || type.includes('spreadsheet')) return <TableIcon />;
  if (type.includes('presentation')) return <SlidesIcon />;
  if (type.includes('word') || type.includes('opendocument.text') || type === 'text/plain') return <DocIcon />;
  return <FileIconBase />;
}

/** An attachment (or its thumbnail) as a blob: URL, revoked when no longer shown. */
export function useFileBlob(id: number, thumbnail: boolean, enabled = true): { url: string | null; error: unknown; loading: boolean } {
  const q = useQuery({
    queryKey: ['files.get', { id, thumbnail }],
    queryFn: () => fetchFile(id, thumbnail, sessionToken()),
    enabled,
    staleTime: Infinity,
    retry: 1,
  });
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!q.data) { setUrl(null); return; }
    const u = URL.createObjectURL(q.data);
    setUrl(u);
    return () => revokeLater(u);
  }, [q.data]);
  return { url, error: q.error, loading: q.isPending && enabled };
}

/** Saves an attachment: the desktop app's save dialog, or a browser download from a blob: URL. */
export async function saveAttachment(file: AttachmentRef): Promise<void> {
  await saveBlob(await fetchFile(file.id, false, sessionToken()), file.name);
}

/** Saves fetched bytes under a name: the desktop app's save dialog, or a browser download. */
export async function saveBlob(blob: Blob, name: string): Promise<void> {
  const bridge = window.campusdesk;
  if (bridge) {
    await bridge.saveFile({ defaultName: name, data: new Uint8Array(await blob.arrayBuffer()) });
    return;
  }
  downloadBlob(blob, name);
}

function Thumbnail({ file, onOpen }: { file: AttachmentRef; onOpen: () => void }) {
  const { url, error, loading } = useFileBlob(file.id, true);
  return (
    <ButtonBase onClick={onOpen} focusRipple aria-label={`View ${file.name}`} title={`${file.name} · ${formatSize(file.size)}`}
      sx={{ width: 112, height: 112, borderRadius: 1, overflow: 'hidden', border: 1, borderColor: 'divider', bgcolor: 'action.hover' }}>
      {url ? <Box component="img" src={url} alt={file.name} sx={{ width: '100%', height: '100%', objectFit: 'cover' }} data-testid="attachment-thumbnail" />
        : loading ? <CircularProgress size={24} aria-label={`Loading ${file.name}`} />
          : <Box sx={{ textAlign: 'center', color: 'text.secondary', p: 1 }}><BrokenIcon /><Typography variant="caption" component="div" noWrap>{error ? 'No preview' : file.name}</Typography></Box>}
    </ButtonBase>
  );
}

function DownloadLink({ file }: { file: AttachmentRef }) {
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <Box component="li" sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
      <Box sx={{ color: 'text.secondary', display: 'flex' }}><FileIcon type={file.type} /></Box>
      <Link component="button" type="button" onClick={() => { setProblem(null); saveAttachment(file).catch((e: unknown) => setProblem(errorText(e))); }}
        sx={{ textAlign: 'left', overflowWrap: 'anywhere' }} aria-label={`Download ${file.name} (${typeLabel(file.type)}, ${formatSize(file.size)})`}>
        {file.name}
      </Link>
      <Typography variant="body2" color="text.secondary" sx={{ whiteSpace: 'nowrap' }}>{typeLabel(file.type)} · {formatSize(file.size)}</Typography>
      {problem ? <Typography variant="body2" color="error">{problem}</Typography> : null}
    </Box>
  );
}

/** Full-size image viewer. HEIC cannot be shown by browsers: its (re-encoded) thumbnail is shown instead. */
export function ImageViewer({ files, index, onIndex, onClose }: { files: AttachmentRef[]; index: number | null; onIndex: (i: number) => void; onClose: () => void }) {
  const file = index === null ? null : files[index] ?? null;
  const heic = file?.type === 'image/heic';
  const { url, error, loading } = useFileBlob(file?.id ?? 0, heic, file !== null);
  const go = (d: number) => { if (index !== null && files.length > 1) onIndex((index + d + files.length) % files.length); };
  return (
    <Dialog open={file !== null} onClose={onClose} maxWidth="lg" fullWidth aria-labelledby="image-viewer-title"
      onKeyDown={(e) => { if (e.key === 'ArrowLeft') go(-1); if (e.key === 'ArrowRight') go(1); }}>
      <DialogTitle id="image-viewer-title" sx={{ display: 'flex', alignItems: 'center', gap: 1, pr: 1 }}>
        <Box component="span" sx={{ flex: 1, minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>{file?.name}</Box>
        <Typography component="span" variant="body2" color="text.secondary">{file ? `${typeLabel(file.type)} · ${formatSize(file.size)}` : ''}{files.length > 1 && index !== null ? ` · ${index + 1} of ${files.length}` : ''}</Typography>
        <IconButton onClick={onClose} aria-label="Close"><CloseIcon /></IconButton>
      </DialogTitle>
      <DialogContent sx={{ display: 'flex', alignItems: 'center', justifyContent: 'center', minHeight: 240, bgcolor: 'grey.900', p: 0, position: 'relative' }}>
        {url ? <Box component="img" src={url} alt={file?.name ?? ''} data-testid="image-viewer-image" sx={{ maxWidth: '100%', maxHeight: '75vh', objectFit: 'contain', display: 'block' }} />
          : loading ? <CircularProgress aria-label="Loading the image" />
            : <Typography color="grey.300">{error ? errorText(error) : ''}</Typography>}
        {files.length > 1 ? (
          <>
            <IconButton onClick={() => go(-1)} aria-label="Previous image" sx={{ position: 'absolute', left: 8, color: 'common.white', bgcolor: 'rgba(0,0,0,.4)' }}><PrevIcon /></IconButton>
            <IconButton onClick={() => go(1)} aria-label="Next image" sx={{ position: 'absolute', right: 8, color: 'common.white', bgcolor: 'rgba(0,0,0,.4)' }}><NextIcon /></IconButton>
          </>
        ) : null}
      </DialogContent>
      <DialogActions>
        {heic ? <Typography variant="body2" color="text.secondary" sx={{ mr: 'auto', pl: 1 }}>A preview: download the HEIC photo to see it in full.</Typography> : null}
        {file ? <Button startIcon={<DownloadIcon />} onClick={() => void saveAttachment(file)}>Download</Button> : null}
      </DialogActions>
    </Dialog>
  );
}

export function AttachmentList({ files }: { files: AttachmentRef[] }) {
  const [open, setOpen] = useState<number | null>(null);
  if (files.length === 0) return null;
  const images = files.filter((f) => isImage(f.type));
  const others = files.filter((f) => !isImage(f.type));
  return (
    <Box sx={{ mt: 1.25 }} data-testid="attachments">
      {images.length ? (
        <Box component="ul" aria-label="Images" sx={{ listStyle: 'none', m: 0, p: 0, display: 'flex', flexWrap: 'wrap', gap: 1 }}>
          {images.map((f, i) => <Box component="li" key={f.id}><Thumbnail file={f} onOpen={() => setOpen(i)} /></Box>)}
        </Box>
      ) : null}
      {others.length ? (
        <Box component="ul" aria-label="Files" sx={{ listStyle: 'none', m: 0, mt: images.length ? 1 : 0, p: 0, display: 'flex', flexDirection: 'column', gap: 0.5 }}>
          {others.map((f) => <DownloadLink key={f.id} file={f} />)}
        </Box>
      ) : null}
      <ImageViewer files={images} index={open} onIndex={setOpen} onClose={() => setOpen(null)} />
    </Box>
  );
}
