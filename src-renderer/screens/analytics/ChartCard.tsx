// A chart in a card: title, period, the chart, its definition, and PNG / CSV export.
import { useRef, useState, type ReactNode } from 'react';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import ImageOutlined from '@mui/icons-material/ImageOutlined';
import TableChartOutlined from '@mui/icons-material/TableChartOutlined';
import { chartToPng, saveFile, toCsv, type Cell, type LegendEntry } from './export.ts';
import { fileStem } from './model.ts';
import type { ChartColors } from './colors.ts';

/** The chart's own drawing (legend icons are small svgs of the same class, outside the wrapper's direct children). */
export const CHART_SVG = '.recharts-wrapper > svg.recharts-surface';

export interface ChartCardProps {
  id: string;
  title: string;
  period: string;
  /** For file names: the period's ISO bounds. */
  from?: string;
  to?: string;
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
  const stem = fileStem(p.title, p.from, p.to);

  async function exportPng() {
    const svg = chartRef.current?.querySelector<SVGSVGElement>(CHART_SVG);
    if (!svg) { p.onMessage('There is no chart to export yet.', 'error'); return; }
    setBusy(true);
    try {
      const png = await chartToPng(svg, {
        title: p.title, period: p.period, legend: p.legend,
        background: p.colors.paper, foreground: p.colors.text, secondary: p.colors.textSecondary,
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
            <Button size="small" variant="outlined" startIcon={<ImageOutlined />} onClick={exportPng} disabled={busy || p.empty} aria-label={`Export ${p.title} as PNG`}>PNG</Button>
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
