// The kiosk page's entry (kiosk.html): a separate small app — fonts shipped with it, the
// kiosk theme, and the walk-up flow. It imports nothing of the staff app's screens.
import './zod-config.ts'; // first: before any zod schema is built (no eval under the CSP)
import '@fontsource/roboto/latin-400.css';
import '@fontsource/roboto/latin-500.css';
import '@fontsource/roboto/latin-700.css';
import '@fontsource/roboto/latin-ext-400.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import CssBaseline from '@mui/material/CssBaseline';
import { ThemeProvider } from '@mui/material/styles';
import { kioskTheme } from './kiosk/theme.ts';
import { KioskApp } from './kiosk/KioskApp.tsx';
import { QueryClientProvider } from '@tanstack/react-query';
import { createQueryClient } from './api/queryClient.ts';

const queryClient = createQueryClient();

// Touch kiosks: no long-press context menu, no pinch zoom gestures on the page itself.
window.addEventListener('contextmenu', (e) => e.preventDefault());

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <ThemeProvider theme={kioskTheme}>
        <CssBaseline />
        <KioskApp />
      </ThemeProvider>
    </QueryClientProvider>
  </StrictMode>,
);
