// The renderer's entry: fonts shipped with the app (no CDN), theme, session, shortcuts, routes.
import './zod-config.ts'; // first: before any zod schema is built (no eval under the CSP)
import '@fontsource/roboto/latin-300.css';
import '@fontsource/roboto/latin-400.css';
import '@fontsource/roboto/latin-500.css';
import '@fontsource/roboto/latin-700.css';
import '@fontsource/roboto/latin-ext-400.css';
import '@fontsource/roboto/latin-ext-500.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { HashRouter } from 'react-router';
import GlobalStyles from '@mui/material/GlobalStyles';
import { AppThemeProvider } from './app/theme.tsx';
import { SessionProvider } from './app/session.tsx';
import { ShortcutProvider } from './app/shortcuts.tsx';
import { NotifyProvider } from './app/notify.tsx';
import { App } from './App.tsx';
import { QueryClientProvider } from '@tanstack/react-query';
import { createQueryClient } from './api/queryClient.ts';
import { OfflineBanner } from './app/OfflineBanner.tsx';
import { call } from './api/client.ts';
import { Profiled } from './app/profiler.tsx';

const probeHub = () => call('auth.status', {});

const queryClient = createQueryClient();

const globalStyles = (
  <GlobalStyles styles={{
    '.skip-link': { position: 'absolute', left: -10000, top: 8, zIndex: 2000, padding: '8px 12px', background: '#fff', color: '#000', borderRadius: 4 },
    '.skip-link:focus': { left: 8 },
    '.visually-hidden': { position: 'absolute', width: 1, height: 1, padding: 0, margin: -1, overflow: 'hidden', clip: 'rect(0 0 0 0)', whiteSpace: 'nowrap', border: 0 },
  }} />
);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
    <AppThemeProvider>
      {globalStyles}
      <HashRouter>
        <SessionProvider>
          <NotifyProvider>
            <ShortcutProvider>
              <Profiled id="app"><App /></Profiled>
              <OfflineBanner probe={probeHub} />
            </ShortcutProvider>
          </NotifyProvider>
        </SessionProvider>
      </HashRouter>
    </AppThemeProvider>
    </QueryClientProvider>
  </StrictMode>,
);
