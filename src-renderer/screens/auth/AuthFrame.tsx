// The centered card around the first-run and sign-in forms.
import type { ReactNode } from 'react';
import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import SupportIcon from '@mui/icons-material/SupportAgent';
import { ThemeToggle } from '../../app/theme.tsx';

export function AuthFrame({ title, subtitle, children }: { title: string; subtitle?: string; children: ReactNode }) {
  return (
    <Box component="main" sx={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', p: 2, position: 'relative' }}>
      <Box sx={{ position: 'absolute', top: 8, right: 8 }}><ThemeToggle /></Box>
      <Paper variant="outlined" sx={{ width: '100%', maxWidth: 420, p: { xs: 3, sm: 4 } }}>
        <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, mb: 2, color: 'primary.main' }}>
          <SupportIcon aria-hidden />
          <Typography variant="h6" component="p" sx={{ fontWeight: 600 }}>CampusDesk</Typography>
        </Box>
        <Typography variant="h5" component="h1" gutterBottom>{title}</Typography>
        {subtitle ? <Typography color="text.secondary" sx={{ mb: 2 }}>{subtitle}</Typography> : null}
        {children}
      </Paper>
    </Box>
  );
}
