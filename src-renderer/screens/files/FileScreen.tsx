// One attachment, opened from the link in a notification email (`/#/files/<id>?ticket=<n>`).
// A plain link cannot carry the session, so this signed-in page fetches the file with it
// (transfer.ts: the Authorization header, or the desktop bridge) and shows it: an image
// inline, anything else by name, type and size, with a Download button and the way back to
// the ticket. A visitor who is not signed in is sent to sign in first and lands back here
// (RequireSignIn in App.tsx). A file the user may not see is "not found", like the API says.
import { useEffect, useState } from 'react';
import { Link as RouterLink, useParams, useSearchParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import ArrowBack from '@mui/icons-material/ArrowBack';
import DownloadIcon from '@mui/icons-material/DownloadOutlined';
import { errorText, isApiError, sessionToken } from '../../api/client.ts';
import { useTitle } from '../../app/useTitle.ts';
import { EmptyState, ErrorState, LoadingState } from '../../components/States.tsx';
import { FileIcon, saveBlob } from '../../components/attachments/AttachmentList.tsx';
import { fetchNamedFile, formatSize, revokeLater, typeLabel } from '../../components/attachments/transfer.ts';

const positiveId = (s: string | null | undefined): number | null => (s && /^[1-9][0-9]{0,14}$/.test(s) ? Number(s) : null);

/** Images a browser can show (HEIC cannot: it is offered as a download). */
const SHOWN = new Set(['image/png', 'image/jpeg', 'image/webp', 'image/gif']);

export function FileScreen() {
  const params = useParams();
  const [search] = useSearchParams();
  const id = positiveId(params.id);
  const ticketId = positiveId(search.get('ticket'));
  const q = useQuery({
    queryKey: ['files.get', { id, named: true }],
    queryFn: () => fetchNamedFile(id!, false, sessionToken()),
    enabled: id !== null,
    staleTime: Infinity,
    retry: (n, err) => !(isApiError(err) && err.code === 'NOT_FOUND') && n < 1,
  });
  const [url, setUrl] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const file = q.data;
  useTitle(file?.name ?? 'File');
  useEffect(() => {
    if (!file || !SHOWN.has(file.blob.type)) { setUrl(null); return; }
    const u = URL.createObjectURL(file.blob);
    setUrl(u);
    return () => revokeLater(u);
  }, [file]);

  const back = ticketId !== null
    ? <Button component={RouterLink} to={`/tickets/${ticketId}`} startIcon={<ArrowBack />}>Ticket #{ticketId}</Button>
    : null;
  if (id === null) return <EmptyState title="There is no such file" action={back}>The link is incomplete or mistyped.</EmptyState>;
  if (q.isPending) return <LoadingState label="Loading the file…" />;
  if (q.error) {
    if (isApiError(q.error) && q.error.code === 'NOT_FOUND') {
      return <EmptyState title="This file is not available" action={back}>It does not exist, or it is on a ticket you may not see.</EmptyState>;
    }
    return <ErrorState error={q.error} onRetry={() => void q.refetch()} title="The file could not be loaded" />;
  }
  const { blob, name } = file!;
  return (
    <Stack spacing={2} sx={{ maxWidth: 960 }}>
      <Box>{back}</Box>
      <Paper variant="outlined" sx={{ p: 2 }}>
        <Stack direction="row" spacing={1.5} sx={{ alignItems: 'center', flexWrap: 'wrap', rowGap: 1 }}>
          <Box sx={{ color: 'text.secondary', display: 'flex' }}><FileIcon type={blob.type} /></Box>
          <Box sx={{ flex: 1, minWidth: 0 }}>
            <Typography variant="h5" component="h1" sx={{ overflowWrap: 'anywhere' }}>{name}</Typography>
            <Typography color="text.secondary">{typeLabel(blob.type)} · {formatSize(blob.size)}{ticketId !== null ? ` · on ticket #${ticketId}` : ''}</Typography>
          </Box>
          <Button variant="contained" startIcon={<DownloadIcon />}
            onClick={() => { setProblem(null); saveBlob(blob, name).catch((e: unknown) => setProblem(errorText(e))); }}>
            Download
          </Button>
        </Stack>
        {problem ? <Typography color="error" sx={{ mt: 1 }}>{problem}</Typography> : null}
      </Paper>
      {url ? (
        <Paper variant="outlined" sx={{ p: 1, bgcolor: 'grey.900', display: 'flex', justifyContent: 'center' }}>
          <Box component="img" src={url} alt={name} data-testid="file-image" sx={{ maxWidth: '100%', maxHeight: '70vh', objectFit: 'contain', display: 'block' }} />
        </Paper>
      ) : (
        <Typography color="text.secondary">
          {blob.type.startsWith('image/') ? 'This photo cannot be shown in the browser; download it to see it.' : 'Download the file to open it with the program for it.'}
        </Typography>
      )}
    </Stack>
  );
}
