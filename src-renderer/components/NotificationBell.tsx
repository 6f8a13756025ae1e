// The bell in the app bar, for every signed-in user: the unread count, a list of the latest
// notifications (click one to open its ticket and mark it read; "Mark all read"), and a link to
// the notification choices under My account. It also keeps the live-event connection of the
// signed-in layout (api/liveEvents.ts), which refreshes the bell, the queue and open tickets.
import { useState } from 'react';
import { Link as RouterLink, useNavigate } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import IconButton from '@mui/material/IconButton';
import Badge from '@mui/material/Badge';
import Tooltip from '@mui/material/Tooltip';
import Popover from '@mui/material/Popover';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import Button from '@mui/material/Button';
import List from '@mui/material/List';
import ListItemButton from '@mui/material/ListItemButton';
import Divider from '@mui/material/Divider';
import NotificationsIcon from '@mui/icons-material/NotificationsOutlined';
import { call, type InputOf } from '../api/client.ts';
import { useLiveEvents } from '../api/liveEvents.ts';
import { TimeAgo } from './TicketBits.tsx';

const LIST_INPUT: InputOf<'notifications.list'> = { limit: 20 };

export function NotificationBell() {
  const client = useQueryClient();
  useLiveEvents(client);
  const navigate = useNavigate();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const list = useQuery({ queryKey: ['notifications.list', LIST_INPUT], queryFn: () => call('notifications.list', LIST_INPUT) });
  const markRead = useMutation({
    mutationFn: (ids: number[] | undefined) => call('notifications.markRead', ids ? { ids } : {}),
    onSuccess: () => client.invalidateQueries({ queryKey: ['notifications.list'] }),
  });
  const unread = list.data?.unread ?? 0;
  const items = list.data?.items ?? [];
  const label = unread === 0 ? 'Notifications' : `Notifications, ${unread} unread`;

  return (
    <>
      <Tooltip title={label}>
        <IconButton color="inherit" aria-label={label} aria-haspopup="dialog" onClick={(e) => setAnchor(e.currentTarget)} data-testid="notification-bell">
          <Badge badgeContent={unread} color="error" max={99} overlap="circular">
            <NotificationsIcon />
          </Badge>
        </IconButton>
      </Tooltip>
      <Popover open={!!anchor} anchorEl={anchor} onClose={() => setAnchor(null)}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'right' }} transformOrigin={{ vertical: 'top', horizontal: 'right' }}
        slotProps={{ paper: { role: 'dialog', 'aria-label': 'Notifications', sx: { width: 380, maxWidth: 'calc(100vw - 24px)' } } }}>
        <Box sx={{ display: 'flex', alignItems: 'center', px: 2, py: 1.25 }}>
          <Typography variant="subtitle1" component="h2" sx={{ fontWeight: 600, flex: 1 }}>Notifications</Typography>
          <Button size="small" disabled={unread === 0 || markRead.isPending} onClick={() => markRead.mutate(undefined)}>Mark all read</Button>
        </Box>
        <Divider />
        {items.length === 0 ? (
          <Typography color="text.secondary" sx={{ px: 2, py: 3, textAlign: 'center' }}>
            {list.isError ? 'Notifications could not be loaded.' : 'Nothing new. Updates on your tickets appear here.'}
          </Typography>
        ) : (
          <List dense disablePadding sx={{ maxHeight: 420, overflowY: 'auto' }} aria-label="Latest notifications">
            {items.map((n) => (
              <ListItemButton key={n.id} divider alignItems="flex-start"
                onClick={() => {
                  if (!n.read) markRead.mutate([n.id]);
                  setAnchor(null);
                  if (n.ticketId !== null) navigate(`/tickets/${n.ticketId}`);
                }}
                sx={{ gap: 1.25, py: 1 }}>
                <Box aria-hidden sx={{ mt: 0.9, width: 8, height: 8, borderRadius: '50%', flexShrink: 0, bgcolor: n.read ? 'transparent' : 'primary.main' }} />
                <Box sx={{ minWidth: 0 }}>
                  <Typography variant="body2" sx={{ fontWeight: n.read ? 400 : 600, overflowWrap: 'anywhere' }}>
                    {n.read ? null : <span className="visually-hidden">Unread: </span>}{n.text}
                  </Typography>
                  <Typography variant="caption" color="text.secondary"><TimeAgo iso={n.at} /></Typography>
                </Box>
              </ListItemButton>
            ))}
          </List>
        )}
        <Divider />
        <Box sx={{ px: 2, py: 1 }}>
          <Button size="small" component={RouterLink} to="/account" onClick={() => setAnchor(null)}>Notification settings</Button>
        </Box>
      </Popover>
    </>
  );
}
