// Administration: users, categories and kiosks (the kiosk panel is the kiosk developer's).
import { Navigate, Route, Routes, useLocation, Link as RouterLink } from 'react-router';
import Box from '@mui/material/Box';
import Tabs from '@mui/material/Tabs';
import Tab from '@mui/material/Tab';
import Typography from '@mui/material/Typography';
import { UsersAdmin } from './UsersAdmin.tsx';
import { CategoriesAdmin } from './CategoriesAdmin.tsx';
import KiosksAdmin from './KiosksAdmin.tsx';
import { MailSettings } from './MailSettings.tsx';
import { useTitle } from '../../app/useTitle.ts';

const TABS = [
  { path: 'users', label: 'Users' },
  { path: 'categories', label: 'Categories' },
  { path: 'kiosks', label: 'Kiosks' },
  { path: 'mail', label: 'Mail settings' },
];

export function AdminScreen() {
  const location = useLocation();
  const current = TABS.find((t) => location.pathname.startsWith(`/admin/${t.path}`))?.path ?? false;
  useTitle(`Admin: ${TABS.find((t) => t.path === current)?.label ?? 'Users'}`);
  return (
    <Box>
      <Typography variant="h5" component="h1" sx={{ mb: 1 }}>Administration</Typography>
      <Tabs value={current} aria-label="Administration sections" sx={{ mb: 2, borderBottom: 1, borderColor: 'divider' }} variant="scrollable" allowScrollButtonsMobile>
        {TABS.map((t) => <Tab key={t.path} value={t.path} label={t.label} component={RouterLink} to={`/admin/${t.path}`} />)}
      </Tabs>
      <Routes>
        <Route index element={<Navigate to="users" replace />} />
        <Route path="users" element={<UsersAdmin />} />
        <Route path="categories" element={<CategoriesAdmin />} />
        <Route path="kiosks" element={<KiosksAdmin />} />
        <Route path="mail" element={<MailSettings />} />
        <Route path="*" element={<Navigate to="users" replace />} />
      </Routes>
    </Box>
  );
}
