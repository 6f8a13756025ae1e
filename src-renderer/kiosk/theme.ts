// The kiosk's look: the app's colours, but large type and large touch targets (at least
// 56 px, main actions 72 px), light only (public screens, mixed lighting).
import { createTheme } from '@mui/material/styles';

export const kioskTheme = createTheme({
  palette: {
    mode: 'light',
    primary: { main: '#1f5fae' },
    secondary: { main: '#7b3fa0' },
    background: { default: '#eef2f7', paper: '#ffffff' },
  },
  shape: { borderRadius: 16 },
  typography: {
    fontFamily: 'Roboto, system-ui, -apple-system, "Segoe UI", sans-serif',
    fontSize: 17,
    h1: { fontSize: '2.6rem', fontWeight: 500, lineHeight: 1.15 },
    h2: { fontSize: '2rem', fontWeight: 500 },
    h3: { fontSize: '1.6rem', fontWeight: 500 },
    button: { textTransform: 'none', fontWeight: 500 },
  },
  components: {
    MuiButton: {
      defaultProps: { disableElevation: true, size: 'large' },
      styleOverrides: {
        root: { minHeight: 56, paddingLeft: 24, paddingRight: 24, fontSize: '1.15rem', borderRadius: 14 },
        sizeLarge: { minHeight: 64, fontSize: '1.25rem' },
      },
    },
    MuiTextField: { defaultProps: { variant: 'outlined', fullWidth: true } },
    MuiInputBase: { styleOverrides: { root: { fontSize: '1.25rem' } } },
    MuiInputLabel: { styleOverrides: { root: { fontSize: '1.15rem' } } },
    MuiFormHelperText: { styleOverrides: { root: { fontSize: '0.95rem' } } },
    MuiAlert: { styleOverrides: { root: { fontSize: '1.1rem', alignItems: 'center' } } },
    MuiChip: { styleOverrides: { root: { fontSize: '1.05rem', height: 44, borderRadius: 22 } } },
  },
});
