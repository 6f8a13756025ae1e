// The kiosk report's "Add a photo": the tablet's camera (or its photo library) through
// <input type="file" accept="image/*" capture>, large previews of the chosen photos with
// their upload progress, each removable before sending.
import { useRef } from 'react';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import AddAPhotoIcon from '@mui/icons-material/AddAPhotoOutlined';
import { PendingList } from './AttachmentPicker.tsx';
import type { PendingUploads } from './usePendingUploads.ts';

export function KioskPhotos({ photos, disabled }: { photos: PendingUploads; disabled?: boolean }) {
  const input = useRef<HTMLInputElement>(null);
  const full = photos.items.length >= 5;
  return (
    <Box>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, flexWrap: 'wrap' }}>
        <Button variant="outlined" size="large" startIcon={<AddAPhotoIcon />} onClick={() => input.current?.click()} disabled={disabled || full}
          sx={{ minHeight: 64, px: 3, fontSize: '1.1rem', bgcolor: 'background.paper' }}>
          {photos.items.length ? 'Add another photo' : 'Add a photo'}
        </Button>
        <Typography sx={{ color: 'text.secondary', fontSize: '1.05rem' }}>Optional: a photo helps us find and fix the problem faster.</Typography>
      </Box>
      <input ref={input} type="file" accept="image/*" capture="environment" hidden aria-label="Add a photo" data-testid="kiosk-photo-input"
        onChange={(e) => { if (e.target.files) photos.add(e.target.files); e.target.value = ''; }} />
      <PendingList uploads={photos} disabled={disabled} large />
    </Box>
  );
}
