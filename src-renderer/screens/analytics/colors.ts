// Chart colours for the current colour scheme: real colour values (not CSS variables), so
// that SVG attributes and exported PNGs carry them. Chosen for contrast on both backgrounds.
import { useColorScheme, useTheme, type Palette, type Theme } from '@mui/material/styles';

export interface ChartPalette {
  paper: string;
  text: string;
  textSecondary: string;
  grid: string;
  series: string[];
  opened: string;
  closed: string;
  backlog: string;
  status: { open: string; in_progress: string; waiting: string };
  stats: { mean: string; median: string; p90: string };
}

export interface ChartColors extends ChartPalette {
  /** The dark scheme is on screen. */
  dark: boolean;
  /** The light scheme's colours, for exports on a light background (print, documents). */
  light: ChartPalette;
}

const LIGHT = {
  series: ['#1f5fae', '#c2410c', '#15803d', '#7b3fa0', '#b91c1c', '#0e7490'],
  opened: '#1f5fae', closed: '#15803d', backlog: '#c2410c',
  status: { open: '#1f5fae', in_progress: '#c2410c', waiting: '#7b3fa0' },
  stats: { mean: '#7b3fa0', median: '#1f5fae', p90: '#c2410c' },
};
const DARK = {
  series: ['#8ab4f8', '#fdba74', '#86efac', '#d0a6f0', '#fca5a5', '#67e8f9'],
  opened: '#8ab4f8', closed: '#86efac', backlog: '#fdba74',
  status: { open: '#8ab4f8', in_progress: '#fdba74', waiting: '#d0a6f0' },
  stats: { mean: '#d0a6f0', median: '#8ab4f8', p90: '#fdba74' },
};

export function useChartColors(): ChartColors {
  const theme = useTheme();
  const { mode, systemMode } = useColorScheme();
  const dark = (mode === 'system' ? systemMode : mode) === 'dark';
  // With CSS variables on, theme.palette holds one scheme; the per-scheme palettes hold real values.
  const schemes = (theme as Theme & { colorSchemes?: Partial<Record<'light' | 'dark', { palette: Palette }>> }).colorSchemes;
  const of = (p: Palette, fixed: typeof LIGHT): ChartPalette => ({
    paper: p.background.paper, text: p.text.primary, textSecondary: p.text.secondary, grid: p.divider, ...fixed,
  });
  const palette = schemes?.[dark ? 'dark' : 'light']?.palette ?? theme.palette;
  const light = schemes?.light?.palette ? of(schemes.light.palette, LIGHT) : { paper: '#ffffff', text: 'rgba(0, 0, 0, 0.87)', textSecondary: 'rgba(0, 0, 0, 0.6)', grid: 'rgba(0, 0, 0, 0.12)', ...LIGHT };
  return { ...of(palette, dark ? DARK : LIGHT), dark, light };
}

/** Pairs of colour values (on screen → light scheme) to redraw a dark chart on a light background. */
export function lightRecolouring(c: ChartColors): [string, string][] {
  const flat = (p: ChartPalette): string[] => [p.text, p.textSecondary, p.grid, p.paper, ...p.series, p.opened, p.closed, p.backlog,
    p.status.open, p.status.in_progress, p.status.waiting, p.stats.mean, p.stats.median, p.stats.p90];
  const from = flat(c);
  const to = flat(c.light);
  const pairs = new Map<string, string>();
  from.forEach((v, i) => { if (!pairs.has(v) && v !== to[i]) pairs.set(v, to[i]!); });
  return [...pairs];
}
