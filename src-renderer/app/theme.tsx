// Light and dark themes that follow the OS (prefers-color-scheme) until the person picks
// one; MUI's color-scheme manager keeps the choice in localStorage.
import type { ReactNode } from 'react';
import { createTheme, ThemeProvider, useColorScheme } from '@mui/material/styles';
import CssBaseline from '@mui/material/CssBaseline';
import IconButton from '@mui/material/IconButton';
import Tooltip from '@mui/material/Tooltip';
import DarkMode from '@mui/icons-material/DarkModeOutlined';
import LightMode from '@mui/icons-material/LightModeOutlined';
import SettingsBrightness from '@mui/icons-material/SettingsBrightnessOutlined';

export const theme = createTheme({
  cssVariables: { colorSchemeSelector: 'class' },
  colorSchemes: {
    // info and warning darker than MUI's defaults, so white text on them (status chips, filled
    // alerts) meets WCAG AA (4.5:1); the dark scheme's light colours carry dark text.
    light: { palette: { primary: { main: '#1f5fae' }, secondary: { main: '#7b3fa0' }, info: { main: '#0369a1' }, warning: { main: '#b45309' }, background: { default: '#f4f6f9' } } },
    dark: { palette: { primary: { main: '#8ab4f8' }, secondary: { main: '#d0a6f0' }, background: { default: '#121417', paper: '#1b1e23' } } },
  },
  shape: { borderRadius: 8 },
  typography: { fontFamily: 'Roboto, system-ui, -apple-system, "Segoe UI", sans-serif' },
  components: {
    // One visible focus ring for every control reached by keyboard (buttons, chips, links, sort
    // labels, tabs, rows' links); text fields and selects show theirs on the field's border.
    MuiCssBaseline: {
      styleOverrides: {
        ':focus-visible:not(input, textarea, .MuiInputBase-input), .MuiButtonBase-root.Mui-focusVisible': {
          outline: '2px solid var(--mui-palette-primary-main)',
          outlineOffset: 2,
        },
        // Inside a menu or list the ring sits within the item, not over its neighbours.
        '.MuiMenuItem-root.Mui-focusVisible, .MuiListItemButton-root.Mui-focusVisible': { outlineOffset: -2 },
      },
    },
    MuiButton: { defaultProps: { disableElevation: true } },
    MuiTextField: { defaultProps: { size: 'small' } },
    MuiTableCell: { styleOverrides: { root: { paddingTop: 8, paddingBottom: 8 } } },
  },
});

export const MODE_STORAGE_KEY = 'campusdesk.colorMode';

export function AppThemeProvider({ children }: { children: ReactNode }) {
  return (
    <ThemeProvider theme={theme} defaultMode="system" modeStorageKey={MODE_STORAGE_KEY} disableTransitionOnChange>
      <CssBaseline enableColorScheme />
      {children}
    </ThemeProvider>
  );
}

const NEXT: Record<'system' | 'light' | 'dark', 'system' | 'light' | 'dark'> = { system: 'light', light: 'dark', dark: 'system' };
const LABEL = { system: 'Theme: follows the system', light: 'Theme: light', dark: 'Theme: dark' } as const;

/** Cycles system → light → dark; shows the current choice. */
export function ThemeToggle() {
  const { mode, setMode } = useColorScheme();
  const current = mode ?? 'system';
  const icon = current === 'dark' ? <DarkMode /> : current === 'light' ? <LightMode /> : <SettingsBrightness />;
  return (
    <Tooltip title={`${LABEL[current]} (click to change)`}>
      <IconButton color="inherit" aria-label={`${LABEL[current]}; switch to ${NEXT[current]}`} data-mode={current} onClick={() => setMode(NEXT[current])}>
        {icon}
      </IconButton>
    </Tooltip>
  );
}
