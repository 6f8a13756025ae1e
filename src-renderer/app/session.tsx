// Who is signed in. On start: auth.status (first run?) then auth.me (is the kept session
// still valid?). A call answering UNAUTHENTICATED later (expired or revoked session) signs
// the person out locally; the route guard then sends them to the login with `returnTo`.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { call, forgetSession, hasStoredToken, isDesktop, onSessionExpired, toApiError, type ApiError, type Session, type User } from '../api/client.ts';
import { useQueryClient } from '@tanstack/react-query';

export type SessionPhase =
  | { phase: 'loading' }
  | { phase: 'unreachable'; error: ApiError }
  | { phase: 'setup' }
  | { phase: 'signedOut'; expired: boolean; signedOutOnPurpose?: boolean }
  | { phase: 'signedIn'; user: User };

interface SessionContextValue {
  state: SessionPhase;
  /** The signed-in user (throws outside signed-in screens). */
  user: User | null;
  signedIn(session: Session): void;
  signOut(): Promise<void>;
  retry(): void;
}

const SessionContext = createContext<SessionContextValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionPhase>({ phase: 'loading' });
  const [attempt, setAttempt] = useState(0);
  // Cached answers belong to the person signed in: the next one may see other data.
  const queryClient = useQueryClient();
  const clearShared = useCallback(() => queryClient.clear(), [queryClient]);

  useEffect(() => {
    let cancelled = false;
    (async () => {
      try {
        const status = await call('auth.status', {});
        if (cancelled) return;
        if (status.needsSetup) { setState({ phase: 'setup' }); return; }
        if (!isDesktop() && !hasStoredToken()) { setState({ phase: 'signedOut', expired: false }); return; }
        const me = await call('auth.me', {});
        if (!cancelled) setState({ phase: 'signedIn', user: me.user });
      } catch (e) {
        if (cancelled) return;
        const err = toApiError(e);
        if (err.code === 'UNAUTHENTICATED') setState({ phase: 'signedOut', expired: false });
        else setState({ phase: 'unreachable', error: err });
      }
    })();
    return () => { cancelled = true; };
  }, [attempt]);

  useEffect(() => onSessionExpired(() => {
    clearShared();
    setState((s) => (s.phase === 'signedIn' ? { phase: 'signedOut', expired: true } : s));
  }), [clearShared]);

  const signedIn = useCallback((session: Session) => {
    clearShared();
    setState({ phase: 'signedIn', user: session.user });
  }, [clearShared]);

  const signOut = useCallback(async () => {
    try { await call('auth.logout', {}); } catch { /* the session may already be gone */ }
    forgetSession();
    clearShared();
    setState({ phase: 'signedOut', expired: false, signedOutOnPurpose: true });
  }, [clearShared]);

  const retry = useCallback(() => { setState({ phase: 'loading' }); setAttempt((n) => n + 1); }, []);

  const value = useMemo<SessionContextValue>(() => ({
    state, user: state.phase === 'signedIn' ? state.user : null, signedIn, signOut, retry,
  }), [state, signedIn, signOut, retry]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const ctx = useContext(SessionContext);
  if (!ctx) throw new Error('useSession outside SessionProvider');
  return ctx;
}

/** The signed-in user; only for screens behind the sign-in guard. */
export function useUser(): User {
  const { user } = useSession();
  if (!user) throw new Error('useUser needs a signed-in user');
  return user;
}

export const isStaffRole = (role: User['role']): boolean => role === 'agent' || role === 'admin';
export const homePath = (user: User): string => (isStaffRole(user.role) ? '/queue' : '/my');

/** A returnTo value is only ever a path inside this app. */
export function safeReturnTo(value: string | null | undefined): string | null {
  if (!value || !value.startsWith('/') || value.startsWith('//')) return null;
  if (value.startsWith('/login') || value.startsWith('/setup')) return null;
  return value;
}
