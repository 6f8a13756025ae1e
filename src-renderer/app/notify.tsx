// Short confirmations and failures as a snackbar: const notify = useNotify(); notify('Saved').
import { createContext, useCallback, useContext, useState, type ReactNode } from 'react';
import Snackbar from '@mui/material/Snackbar';
import Alert from '@mui/material/Alert';

type Severity = 'success' | 'info' | 'warning' | 'error';
type Notify = (message: string, severity?: Severity) => void;
const NotifyContext = createContext<Notify>(() => {});

export function NotifyProvider({ children }: { children: ReactNode }) {
  const [note, setNote] = useState<{ message: string; severity: Severity; key: number } | null>(null);
  const notify = useCallback<Notify>((message, severity = 'success') => setNote({ message, severity, key: Date.now() }), []);
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
