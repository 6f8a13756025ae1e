// The frame of every signed-in screen: app bar with navigation (a drawer in narrow
// windows), shortcuts help, theme toggle and the user menu.
import { memo, useCallback, useState, type ReactNode } from 'react';
import { Link as RouterLink, Outlet, useLocation, useNavigate } from 'react-router';
import AppBar from '@mui/material/AppBar';
import Toolbar from '@mui/material/Toolbar';
import Typography from '@mui/material/Typography';
import Button from '@mui/material/Button';
import IconButton from '@mui/material/IconButton';
import Box from '@mui/material/Box';
import Drawer from '@mui/material/Drawer';
import List from '@mui/material/List';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import Divider from '@mui/material/Divider';
import Tooltip from '@mui/material/Tooltip';
import Avatar from '@mui/material/Avatar';
import useMediaQuery from '@mui/material/useMediaQuery';
import { useTheme } from '@mui/material/styles';
import MenuIcon from '@mui/icons-material/Menu';
import KeyboardIcon from '@mui/icons-material/KeyboardOutlined';
import LogoutIcon from '@mui/icons-material/Logout';
import InboxIcon from '@mui/icons-material/Inbox';
import ListAltIcon from '@mui/icons-material/ListAlt';
import AddIcon from '@mui/icons-material/AddCircleOutlineOutlined';
import BarChartIcon from '@mui/icons-material/BarChart';
import AdminIcon from '@mui/icons-material/AdminPanelSettingsOutlined';
import SupportIcon from '@mui/icons-material/SupportAgent';
import { useSession, useUser, isStaffRole } from './session.tsx';
import { ThemeToggle } from './theme.tsx';
import { useShortcut, useShortcutHelp } from './shortcuts.tsx';
import { ROLE_LABEL } from '../format.ts';
import { NotificationBell } from '../components/NotificationBell.tsx';
import AccountIcon from '@mui/icons-material/ManageAccountsOutlined';

interface NavItem { to: string; label: string; icon: ReactNode; match: (path: string) => boolean }

function navFor(role: 'reporter' | 'agent' | 'admin'): NavItem[] {
  const items: NavItem[] = [];
  if (isStaffRole(role)) {
    items.push({ to: '/queue', label: 'Queue', icon: <InboxIcon />, match: (p) => p.startsWith('/queue') || p.startsWith('/tickets') });
  } else {
    items.push({ to: '/my', label: 'My tickets', icon: <ListAltIcon />, match: (p) => p.startsWith('/my') || p.startsWith('/tickets') });
  }
  items.push({ to: '/new', label: 'New ticket', icon: <AddIcon />, match: (p) => p === '/new' });
  if (isStaffRole(role)) items.push({ to: '/analytics', label: 'Analytics', icon: <BarChartIcon />, match: (p) => p.startsWith('/analytics') });
  if (role === 'admin') items.push({ to: '/admin', label: 'Admin', icon: <AdminIcon />, match: (p) => p.startsWith('/admin') });
  return items;
}

export function Layout() {
  const user = useUser();
  const navigate = useNavigate();
  const location = useLocation();
  const theme = useTheme();
  const narrow = useMediaQuery(theme.breakpoints.down('md'));
  const [drawerOpen, setDrawerOpen] = useState(false);
  const items = navFor(user.role);
  // The bar depends on which item is active, not on the exact address: moving from ticket to
  // ticket (j/k) leaves it as it is.
  const activeTo = items.find((item) => item.match(location.pathname))?.to ?? null;
  const openDrawer = useCallback(() => setDrawerOpen(true), []);

  useShortcut('n', () => navigate('/new'));
  // Default for "/": the list with a search field (screens with their own search override this).
  useShortcut('/', () => navigate(isStaffRole(user.role) ? '/queue' : '/my', { state: { focusSearch: true } }));

  return (
    <Box sx={{ minHeight: '100vh', display: 'flex', flexDirection: 'column' }}>
      <a href="#main" className="skip-link" onClick={(e) => { e.preventDefault(); document.getElementById('main')?.focus(); }}>Skip to content</a>
      <LayoutBar activeTo={activeTo} narrow={narrow} onOpenDrawer={openDrawer} />
      <Drawer open={drawerOpen} onClose={() => setDrawerOpen(false)}>
        <Box component="nav" aria-label="Main" sx={{ width: 260 }}>
          <Typography variant="h6" sx={{ px: 2, py: 1.5 }}>CampusDesk</Typography>
          <Divider />
          <List>
            {items.map((item) => (
              <ListItemButton key={item.to} component={RouterLink} to={item.to} selected={item.match(location.pathname)} onClick={() => setDrawerOpen(false)}>
                <ListItemIcon>{item.icon}</ListItemIcon>
                <ListItemText primary={item.label} />
              </ListItemButton>
            ))}
          </List>
        </Box>
      </Drawer>
      <Box component="main" id="main" tabIndex={-1} sx={{ flex: 1, width: '100%', maxWidth: 1400, mx: 'auto', px: { xs: 1.5, sm: 3 }, py: { xs: 2, sm: 3 }, outline: 'none' }}>
        <Outlet />
      </Box>
    </Box>
  );
}

/** The app bar, memoised: it redraws when the active item, the window class or the user changes. */
const LayoutBar = memo(function LayoutBar({ activeTo, narrow, onOpenDrawer }: { activeTo: string | null; narrow: boolean; onOpenDrawer: () => void }) {
  const user = useUser();
  const { signOut } = useSession();
  const [menuAnchor, setMenuAnchor] = useState<HTMLElement | null>(null);
  const openHelp = useShortcutHelp();
  const items = navFor(user.role);
  const initials = user.displayName.split(/\s+/).map((w) => w[0] ?? '').join('').slice(0, 2).toUpperCase();
  return (
    <AppBar position="sticky" elevation={0} sx={(t) => ({ borderBottom: 1, borderColor: 'divider', ...t.applyStyles('dark', { bgcolor: '#1b1e23', color: '#e8eaed' }) })}>
      <Toolbar variant="dense" sx={{ gap: 1, minHeight: 56 }}>
        {narrow ? (
          <IconButton color="inherit" edge="start" aria-label="Open navigation" onClick={onOpenDrawer}><MenuIcon /></IconButton>
        ) : null}
        <SupportIcon aria-hidden sx={{ mr: 0.5 }} />
        <Typography variant="h6" component="span" sx={{ fontWeight: 600, mr: 2, whiteSpace: 'nowrap' }}>CampusDesk</Typography>
        {!narrow ? (
          <Box component="nav" aria-label="Main" sx={{ display: 'flex', gap: 0.5 }}>
            {items.map((item) => {
              const active = item.to === activeTo;
              return (
                <Button key={item.to} component={RouterLink} to={item.to} color="inherit" startIcon={item.icon}
                  aria-current={active ? 'page' : undefined}
                  sx={{ bgcolor: active ? 'rgba(255,255,255,0.1)' : 'transparent', boxShadow: active ? 'inset 0 -2px 0 currentColor' : 'none', '&:hover': { bgcolor: 'rgba(255,255,255,0.1)' } }}>
                  {item.label}
                </Button>
              );
            })}
          </Box>
        ) : null}
        <Box sx={{ flex: 1 }} />
        {/* Narrow (touch) windows: no keyboard-help button, so the bell fits (the ? key still opens it). */}
        {!narrow ? (
          <Tooltip title="Keyboard shortcuts (?)">
            <IconButton color="inherit" aria-label="Keyboard shortcuts" onClick={openHelp}><KeyboardIcon /></IconButton>
          </Tooltip>
        ) : null}
        <NotificationBell />
        <ThemeToggle />
        <Tooltip title={`${user.displayName} (${ROLE_LABEL[user.role]})`}>
          <IconButton color="inherit" aria-label={`Account: ${user.displayName}`} aria-haspopup="menu" onClick={(e) => setMenuAnchor(e.currentTarget)}>
            <Avatar sx={{ width: 30, height: 30, fontSize: 14, bgcolor: 'secondary.main' }}>{initials || '?'}</Avatar>
          </IconButton>
        </Tooltip>
        <Menu anchorEl={menuAnchor} open={!!menuAnchor} onClose={() => setMenuAnchor(null)}>
          <Box sx={{ px: 2, py: 1 }}>
            <Typography sx={{ fontWeight: 500 }}>{user.displayName}</Typography>
            <Typography variant="body2" color="text.secondary">{user.username} · {ROLE_LABEL[user.role]}</Typography>
          </Box>
          <Divider />
          <MenuItem component={RouterLink} to="/account" onClick={() => setMenuAnchor(null)}><ListItemIcon><AccountIcon fontSize="small" /></ListItemIcon>My account</MenuItem>
          <MenuItem onClick={() => { setMenuAnchor(null); void signOut(); }}>
            <ListItemIcon><LogoutIcon fontSize="small" /></ListItemIcon>
            Sign out
          </MenuItem>
        </Menu>
      </Toolbar>
    </AppBar>
  );
});
