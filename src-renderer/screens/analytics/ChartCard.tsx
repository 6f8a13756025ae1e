// A chart in a card: title, period, the chart, its definition, and PNG / CSV export. In the
// dark scheme the PNG export offers a light background (for print and documents) or the
// dark one on screen.
import { useRef, useState, type ReactNode } from 'react';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import ImageOutlined from '@mui/icons-material/ImageOutlined';
import TableChartOutlined from '@mui/icons-material/TableChartOutlined';
import { chartToPng, saveFile, toCsv, type Cell, type LegendEntry } from './export.ts';
import { fileStem } from './model.ts';
import { lightRecolouring, type ChartColors } from './colors.ts';

/** The chart's own drawing (legend icons are small svgs of the same class, outside the wrapper's direct children). */
export const CHART_SVG = '.recharts-wrapper > svg.recharts-surface';

export interface ChartCardProps {
  id: string;
  title: string;
  period: string;
  /** For file names: the period's ISO bounds. */
  from?: string;
  to?: string;
  /** For file names of a snapshot of now (no period): the day it was taken, YYYY-MM-DD. */
  snapshotDay?: string;
  definition: string;
  legend: LegendEntry[];
  csv: { header: string[]; rows: Cell[][] };
  colors: ChartColors;
  height?: number;
  empty?: boolean;
  onMessage: (message: string, severity: 'success' | 'error') => void;
  children: ReactNode;
}

export function ChartCard(p: ChartCardProps) {
  const chartRef = useRef<HTMLDivElement>(null);
  const [busy, setBusy] = useState(false);
  const [pngMenu, setPngMenu] = useState<HTMLElement | null>(null);
  const stem = p.snapshotDay ? fileStem(p.title, p.snapshotDay) : fileStem(p.title, p.from, p.to);

  async function exportPng(background: 'light' | 'screen') {
    setPngMenu(null);
    const svg = chartRef.current?.querySelector<SVGSVGElement>(CHART_SVG);
    if (!svg) { p.onMessage('There is no chart to export yet.', 'error'); return; }
    setBusy(true);
    try {
      const light = background === 'light' && p.colors.dark;
      const c = light ? p.colors.light : p.colors;
      const png = await chartToPng(svg, {
        title: p.title, period: p.period,
        legend: light ? p.legend.map((e) => ({ ...e, color: lightRecolouring(p.colors).find(([from]) => from === e.color)?.[1] ?? e.color })) : p.legend,
        background: c.paper, foreground: c.text, secondary: c.textSecondary,
        ...(light ? { recolour: lightRecolouring(p.colors) } : {}),
      });
      const r = await saveFile(`${stem}.png`, png, 'png');
      if (r.saved) p.onMessage(r.where ? `Saved ${r.where}` : `Downloaded ${stem}.png`, 'success');
    } catch (e) {
      p.onMessage(e instanceof Error ? e.message : String(e), 'error');
    } finally {
      setBusy(false);
    }
  }

  async function exportCsv() {
    try {
      const r = await saveFile(`${stem}.csv`, toCsv(p.csv.header, p.csv.rows), 'csv');
      if (r.saved) p.onMessage(r.where ? `Saved ${r.where}` : `Downloaded ${stem}.csv`, 'success');
    } catch (e) {
      p.onMessage(e instanceof Error ? e.message : String(e), 'error');
    }
  }

  return (
    <Card variant="outlined" component="section" aria-labelledby={`${p.id}-title`} data-chart={p.id}>
      <CardContent>
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1} sx={{ justifyContent: 'space-between', alignItems: { sm: 'flex-start' }, mb: 1 }}>
          <Box>
            <Typography id={`${p.id}-title`} variant="h6" component="h2">{p.title}</Typography>
            <Typography variant="body2" sx={{ color: 'text.secondary' }}>{p.period}</Typography>
          </Box>
          <Stack direction="row" spacing={1} sx={{ flexShrink: 0 }}>
            <Button size="small" variant="outlined" startIcon={<ImageOutlined />} disabled={busy || p.empty} aria-label={`Export ${p.title} as PNG`}
              {...(p.colors.dark ? { 'aria-haspopup': 'menu' as const, 'aria-expanded': !!pngMenu } : {})}
              onClick={(e) => { if (p.colors.dark) setPngMenu(e.currentTarget); else void exportPng('screen'); }}>PNG</Button>
            <Menu anchorEl={pngMenu} open={!!pngMenu} onClose={() => setPngMenu(null)}>
              <MenuItem onClick={() => void exportPng('light')}>Light background (print, documents)</MenuItem>
              <MenuItem onClick={() => void exportPng('screen')}>Dark background, as on screen</MenuItem>
            </Menu>
            <Button size="small" variant="outlined" startIcon={<TableChartOutlined />} onClick={exportCsv} disabled={p.empty} aria-label={`Export ${p.title} data as CSV`}>CSV</Button>
          </Stack>
        </Stack>
        <Box ref={chartRef} sx={{ width: '100%', height: p.height ?? 300 }}>
          {p.empty ? (
            <Box sx={{ height: '100%', display: 'flex', alignItems: 'center', justifyContent: 'center', color: 'text.secondary' }}>
              <Typography>No tickets in this period.</Typography>
            </Box>
          ) : p.children}
        </Box>
        <Typography variant="caption" component="p" sx={{ color: 'text.secondary', mt: 1 }}>{p.definition}</Typography>
      </CardContent>
    </Card>
  );
}
