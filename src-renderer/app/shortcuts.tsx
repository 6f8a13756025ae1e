// Keyboard shortcuts: n new ticket, / focus search, j/k next/previous ticket, r reply,
// ? this help. Screens register handlers with useShortcut; the latest registration of a
// key wins (so a screen can override the layout's default). Keys typed into a field, or
// with Ctrl/Alt/Meta, are left alone.
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import Dialog from '@mui/material/Dialog';
import DialogTitle from '@mui/material/DialogTitle';
import DialogContent from '@mui/material/DialogContent';
import DialogActions from '@mui/material/DialogActions';
import Button from '@mui/material/Button';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableRow from '@mui/material/TableRow';
import TableCell from '@mui/material/TableCell';
import Box from '@mui/material/Box';

export const SHORTCUTS: { key: string; label: string; description: string }[] = [
  { key: 'n', label: 'N', description: 'New ticket' },
  { key: '/', label: '/', description: 'Focus the search field' },
  { key: 'j', label: 'J', description: 'Next ticket (in a list or on a ticket page)' },
  { key: 'k', label: 'K', description: 'Previous ticket' },
  { key: 'Enter', label: 'Enter', description: 'Open the selected ticket (in a list)' },
  { key: 'r', label: 'R', description: 'Reply (on a ticket page)' },
  { key: '?', label: '?', description: 'Show this help' },
  { key: 'Escape', label: 'Esc', description: 'Leave a field or close a dialog' },
];

type Handler = () => void;
interface ShortcutContextValue {
  register(key: string, handler: Handler): () => void;
  openHelp: () => void;
}
const ShortcutContext = createContext<ShortcutContextValue | null>(null);

function typingInField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') {
    const type = (target as HTMLInputElement).type;
    return !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(type);
  }
  return target.getAttribute('role') === 'combobox' || target.getAttribute('role') === 'textbox';
}

export function ShortcutProvider({ children }: { children: ReactNode }) {
  const handlers = useRef(new Map<string, Handler[]>());
  const [helpOpen, setHelpOpen] = useState(false);

  const register = useCallback((key: string, handler: Handler) => {
    const list = handlers.current.get(key) ?? [];
    list.push(handler);
    handlers.current.set(key, list);
    return () => {
      const l = handlers.current.get(key);
      if (!l) return;
      const i = l.lastIndexOf(handler);
      if (i >= 0) l.splice(i, 1);
    };
  }, []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return;
      if (typingInField(e.target)) {
        if (e.key === 'Escape' && e.target instanceof HTMLElement && !e.target.closest('[role="dialog"]')) e.target.blur();
        return;
      }
      if (e.target instanceof HTMLElement && e.target.closest('[role="dialog"], [role="menu"], [role="listbox"]')) return;
      if (e.key === 'Enter' && e.target instanceof HTMLElement && e.target !== document.body && e.target.closest('button, a, [role="button"], [role="tab"], [role="link"]')) return;
      const key = e.key === '?' ? '?' : e.key.length === 1 ? e.key.toLowerCase() : e.key;
      if (key === '?') { e.preventDefault(); setHelpOpen(true); return; }
      const list = handlers.current.get(key);
      const handler = list?.[list.length - 1];
      if (handler) { e.preventDefault(); handler(); }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const value = useMemo(() => ({ register, openHelp: () => setHelpOpen(true) }), [register]);
  return (
    <ShortcutContext.Provider value={value}>
      {children}
      <Dialog open={helpOpen} onClose={() => setHelpOpen(false)} aria-labelledby="shortcuts-title" maxWidth="xs" fullWidth>
        <DialogTitle id="shortcuts-title">Keyboard shortcuts</DialogTitle>
        <DialogContent>
          <Table size="small" aria-label="Keyboard shortcuts">
            <TableBody>
              {SHORTCUTS.map((s) => (
                <TableRow key={s.key}>
                  <TableCell sx={{ width: 72 }}>
                    <Box component="kbd" sx={{ fontFamily: 'monospace', px: 1, py: 0.25, border: 1, borderColor: 'divider', borderRadius: 1, bgcolor: 'action.hover' }}>{s.label}</Box>
                  </TableCell>
                  <TableCell>{s.description}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </DialogContent>
        <DialogActions><Button onClick={() => setHelpOpen(false)} autoFocus>Close</Button></DialogActions>
      </Dialog>
    </ShortcutContext.Provider>
  );
}

/** Runs `handler` when `key` is pressed outside a field (while `enabled`). */
export function useShortcut(key: string, handler: Handler, enabled = true): void {
  const ctx = useContext(ShortcutContext);
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => {
    if (!ctx || !enabled) return;
    return ctx.register(key, () => ref.current());
  }, [ctx, key, enabled]);
}

export function useShortcutHelp(): () => void {
  const ctx = useContext(ShortcutContext);
  return ctx?.openHelp ?? (() => {});
}
