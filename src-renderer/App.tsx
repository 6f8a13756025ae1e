// Routes and guards. HashRouter (in main.tsx) works from file:// in Electron and on the hub.
import { lazy, Suspense, useEffect } from 'react';
import { Navigate, Outlet, Route, Routes, useLocation, useSearchParams } from 'react-router';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import { Link as RouterLink } from 'react-router';
import { useSession, homePath, isStaffRole, safeReturnTo } from './app/session.tsx';
import { Layout } from './app/Layout.tsx';
import { useTitle } from './app/useTitle.ts';
import { LoadingState, ErrorState, EmptyState } from './components/States.tsx';
import { AuthFrame } from './screens/auth/AuthFrame.tsx';
import { LoginScreen } from './screens/auth/LoginScreen.tsx';
import { SetupScreen } from './screens/auth/SetupScreen.tsx';
import { MyTickets } from './screens/tickets/MyTickets.tsx';
import { NewTicket } from './screens/tickets/NewTicket.tsx';
import { TicketScreen } from './screens/tickets/TicketScreen.tsx';
import { QueueScreen } from './screens/tickets/QueueScreen.tsx';
import { AdminScreen } from './screens/admin/AdminScreen.tsx';
import { ConnectionLink, ConnectionScreen } from './screens/ConnectionScreen.tsx';
import { AccountScreen } from './screens/account/AccountScreen.tsx';
import { FileScreen } from './screens/files/FileScreen.tsx';
import { Profiled } from './app/profiler.tsx';

// Charts (recharts) are a separate chunk, fetched and parsed when the browser is idle after a
// staff member signs in, so opening Analytics does not wait for them.
const loadAnalytics = () => import('./screens/analytics/AnalyticsScreen.tsx');
const AnalyticsScreen = lazy(loadAnalytics);
function Analytics() {
  useTitle('Analytics');
  return <Profiled id="analytics"><Suspense fallback={<LoadingState label="Loading analytics…" />}><AnalyticsScreen /></Suspense></Profiled>;
}

function RequireSignIn() {
  const { user, state } = useSession();
  const location = useLocation();
  if (!user) {
    // Back to this page after signing in — unless the person signed out on purpose.
    const here = location.pathname + location.search;
    const keep = here !== '/' && !(state.phase === 'signedOut' && state.signedOutOnPurpose);
    const to = keep ? `/login?returnTo=${encodeURIComponent(here)}` : '/login';
    return <Navigate to={to} replace />;
  }
  return <Profiled id="layout"><Layout /></Profiled>;
}

function RequireStaff() {
  const { user } = useSession();
  useEffect(() => {
    const idle = window.requestIdleCallback ? (fn: () => void) => window.requestIdleCallback(fn) : (fn: () => void) => window.setTimeout(fn, 1500);
    idle(() => { void loadAnalytics(); });
  }, []);
  if (!user || !isStaffRole(user.role)) return <Navigate to="/" replace />;
  return <Outlet />;
}

function RequireAdmin() {
  const { user } = useSession();
  if (!user || user.role !== 'admin') return <Navigate to="/" replace />;
  return <Outlet />;
}

function Home() {
  const { user } = useSession();
  return <Navigate to={user ? homePath(user) : '/login'} replace />;
}

function LoginRoute() {
  const { user } = useSession();
  const [params] = useSearchParams();
  if (user) return <Navigate to={safeReturnTo(params.get('returnTo')) ?? homePath(user)} replace />;
  return <Profiled id="login"><LoginScreen /></Profiled>;
}

function NotFound() {
  return (
    <EmptyState title="This page does not exist" action={<Button component={RouterLink} to="/" variant="outlined">Go to the start page</Button>}>
      The address may be mistyped, or the page moved.
    </EmptyState>
  );
}

/** While the hub is unreachable at start: try again every `ms` by itself. */
function RetryEvery({ ms, retry }: { ms: number; retry: () => void }) {
  useEffect(() => {
    const timer = setInterval(retry, ms);
    return () => clearInterval(timer);
  }, [ms, retry]);
  return null;
}

export function App() {
  const { state, retry } = useSession();
  if (state.phase === 'loading') {
    return <Box component="main" sx={{ minHeight: '100vh', display: 'grid', placeItems: 'center' }}><LoadingState label="Starting CampusDesk…" /></Box>;
  }
  if (state.phase === 'unreachable') {
    return (
      <AuthFrame title="CampusDesk is not reachable">
        <ErrorState error={state.error} onRetry={retry} />
        <Typography color="text.secondary">If this keeps happening, ask the helpdesk whether the CampusDesk hub is running. CampusDesk keeps trying by itself.</Typography>
        <RetryEvery ms={5000} retry={retry} />
        <ConnectionLink />
      </AuthFrame>
    );
  }
  if (state.phase === 'setup') {
    return (
      <Routes>
        <Route path="/setup" element={<SetupScreen />} />
        <Route path="/connection" element={<ConnectionScreen />} />
        <Route path="*" element={<Navigate to="/setup" replace />} />
      </Routes>
    );
  }
  return (
    <Routes>
      <Route path="/login" element={<LoginRoute />} />
      <Route path="/connection" element={<ConnectionScreen />} />
      <Route path="/setup" element={<Navigate to="/" replace />} />
      <Route element={<RequireSignIn />}>
        <Route index element={<Home />} />
        <Route path="my" element={<MyTickets />} />
        <Route path="new" element={<NewTicket />} />
        <Route path="tickets/:id" element={<Profiled id="ticket"><TicketScreen /></Profiled>} />
        <Route path="account" element={<AccountScreen />} />
        <Route path="files/:id" element={<FileScreen />} />
        <Route element={<RequireStaff />}>
          <Route path="queue" element={<Profiled id="queue"><QueueScreen /></Profiled>} />
          <Route path="analytics" element={<Analytics />} />
        </Route>
        <Route element={<RequireAdmin />}>
          <Route path="admin/*" element={<AdminScreen />} />
        </Route>
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
