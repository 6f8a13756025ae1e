// Short confirmations and failures as a snackbar: const notify = useNotify(); notify('Saved').
// A note belongs to the screen it was shown on: it closes when the person moves to another
// screen (a note given right after navigate() belongs to the screen navigated to).
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { useLocation } from 'react-router';
import Snackbar from '@mui/material/Snackbar';
import Alert from '@mui/material/Alert';

type Severity = 'success' | 'info' | 'warning' | 'error';
type Notify = (message: string, severity?: Severity) => void;
const NotifyContext = createContext<Notify>(() => {});

/** The screen in the address bar now (HashRouter: navigate() changes it at once, the route follows). */
const screenPath = (): string => (window.location.hash.replace(/^#/, '') || '/').split('?')[0]!;

export function NotifyProvider({ children }: { children: ReactNode }) {
  const [note, setNote] = useState<{ message: string; severity: Severity; key: number; path: string } | null>(null);
  const notify = useCallback<Notify>((message, severity = 'success') => setNote({ message, severity, key: Date.now(), path: screenPath() }), []);
  const { pathname } = useLocation();
  useEffect(() => {
    setNote((n) => (n && n.path !== screenPath() ? null : n));
  }, [pathname]);
  return (
    <NotifyContext.Provider value={notify}>
      {children}
      <Snackbar key={note?.key} open={!!note} autoHideDuration={note?.severity === 'error' ? 8000 : 4000} onClose={(_e, reason) => { if (reason !== 'clickaway') setNote(null); }}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'center' }}>
        {note ? <Alert severity={note.severity} variant="filled" onClose={() => setNote(null)} sx={{ width: '100%' }}>{note.message}</Alert> : undefined}
      </Snackbar>
    </NotifyContext.Provider>
  );
}

export const useNotify = (): Notify => useContext(NotifyContext);
