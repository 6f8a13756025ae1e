// The kiosk's frame: a header with the name and, away from the start screen, one large
// "Start over" button; in the desktop kiosk window a small lock for staff to leave kiosk
// mode. No links anywhere: the kiosk leads nowhere but its own screens.
import type { ReactNode } from 'react';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import IconButton from '@mui/material/IconButton';
import Typography from '@mui/material/Typography';
import SupportAgent from '@mui/icons-material/SupportAgent';
import Replay from '@mui/icons-material/Replay';
import LockOutlined from '@mui/icons-material/LockOutlined';

export function Frame({ children, onStartOver, onStaff }: { children: ReactNode; onStartOver?: (() => void) | undefined; onStaff?: (() => void) | undefined }) {
  return (
    <Box sx={{ minHeight: '100vh', display: 'flex', flexDirection: 'column', bgcolor: 'background.default', userSelect: 'none' }}>
      <Box component="header" sx={{ position: 'sticky', top: 0, zIndex: 10, display: 'flex', alignItems: 'center', gap: { xs: 1.5, sm: 2 }, px: { xs: 2, md: 4 }, py: 1.5, bgcolor: 'primary.main', color: 'primary.contrastText', boxShadow: 2 }}>
        <SupportAgent sx={{ fontSize: 40 }} aria-hidden />
        <Box sx={{ flex: 1 }}>
          <Typography component="p" sx={{ fontSize: '1.5rem', fontWeight: 500, lineHeight: 1.2 }}>CampusDesk</Typography>
          <Typography component="p" sx={{ fontSize: '1rem', opacity: 0.85, display: { xs: 'none', sm: 'block' } }}>Campus helpdesk — report a problem here</Typography>
        </Box>
        {onStartOver ? (
          <Button variant="contained" color="inherit" startIcon={<Replay />} onClick={onStartOver}
            sx={{ color: 'primary.main', bgcolor: 'common.white', whiteSpace: 'nowrap', flexShrink: 0, px: { xs: 2, sm: 3 }, '&:hover': { bgcolor: 'grey.100' } }}>
            Start over
          </Button>
        ) : null}
        {onStaff ? (
          <IconButton aria-label="Staff: leave kiosk mode" onClick={onStaff} sx={{ color: 'inherit', opacity: 0.6, width: 56, height: 56 }}>
            <LockOutlined />
          </IconButton>
        ) : null}
      </Box>
      <Box component="main" sx={{ flex: 1, display: 'flex', flexDirection: 'column', alignItems: 'center', px: { xs: 2, md: 4 }, py: { xs: 3, md: 4 } }}>
        <Box sx={{ width: '100%', maxWidth: 1100, userSelect: 'text' }}>{children}</Box>
      </Box>
    </Box>
  );
}
