// The "changed since you last looked" mark in ticket lists: a small dot with a text for
// screen readers, shown when the signed-in person opened the ticket before and it changed since.
import Box from '@mui/material/Box';
import Tooltip from '@mui/material/Tooltip';
import { useUser } from '../app/session.tsx';
import { changedSinceSeen } from '../api/seen.ts';

export function ChangedMark({ ticket }: { ticket: { id: number; version: number } }) {
  const user = useUser();
  if (!changedSinceSeen(user.id, ticket)) return null;
  return (
    <Tooltip title="Changed since you last looked">
      <Box component="span" data-testid="changed-mark" sx={{ display: 'inline-flex', alignItems: 'center', flexShrink: 0 }}>
        <Box component="span" aria-hidden sx={{ width: 9, height: 9, borderRadius: '50%', bgcolor: 'primary.main' }} />
        <span className="visually-hidden">Changed since you last looked</span>
      </Box>
    </Tooltip>
  );
}
