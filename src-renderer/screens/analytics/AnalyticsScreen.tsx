// The analytics screen for agents and admins (issue 4): pick the analysis and the period,
// key figures on top, recharts charts with tooltips, legends and axes with units in both
// themes, and every chart exportable as PNG (2×, with title and period) and CSV.
import { useMemo, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Collapse from '@mui/material/Collapse';
import FormControl from '@mui/material/FormControl';
import InputLabel from '@mui/material/InputLabel';
import MenuItem from '@mui/material/MenuItem';
import Select from '@mui/material/Select';
import Snackbar from '@mui/material/Snackbar';
import Stack from '@mui/material/Stack';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import TextField from '@mui/material/TextField';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Typography from '@mui/material/Typography';
import Refresh from '@mui/icons-material/Refresh';
import InfoOutlined from '@mui/icons-material/InfoOutlined';
import { keepPreviousData, useQueries, useQueryClient } from '@tanstack/react-query';
import { callQuery, invalidateProcedures, useCategories, useStaff } from '../../api/hooks.ts';
import { PRIORITY_LABEL } from '../../format.ts';
import { ErrorState, LoadingState } from '../../components/States.tsx';
import { localDayEnd, localDayStart } from '../../format.ts';
import type { Bucket } from '../../../src-shared/period.ts';
import type {
  ActiveByCategoryOutput, BacklogOutput, DurationOutput, TicketsByPeriodOutput, WorkloadOutput,
} from '../../../src-shared/analytics-schemas.ts';
import { ActiveByCategoryChart, BacklogChart, DurationChart, OpenedClosedChart, WorkloadChart, type DurationGrouping } from './charts.tsx';
import { useChartColors } from './colors.ts';
import { DEFINITIONS } from './definitions.ts';
import { PRESETS, formatDuration, localDay, periodInputs, periodText, type PeriodChoice, type PresetId } from './model.ts';

const ANALYSES = [
  { id: 'overview', label: 'Overview' },
  { id: 'volume', label: 'Opened vs closed' },
  { id: 'backlog', label: 'Backlog' },
  { id: 'resolution', label: 'Resolution time' },
  { id: 'firstResponse', label: 'First response' },
  { id: 'active', label: 'Active by category' },
  { id: 'workload', label: 'Workload' },
] as const;
type AnalysisId = (typeof ANALYSES)[number]['id'];

interface Results {
  byPeriod: TicketsByPeriodOutput;
  backlog: BacklogOutput;
  resolution: DurationOutput;
  firstResponse: DurationOutput;
  active: ActiveByCategoryOutput;
  workload: WorkloadOutput;
}

function KeyFigure({ label, value, hint }: { label: string; value: string; hint: string }) {
  return (
    <Card variant="outlined" sx={{ flex: '1 1 180px' }}>
      <CardContent sx={{ py: 1.5, '&:last-child': { pb: 1.5 } }}>
        <Typography variant="body2" sx={{ color: 'text.secondary' }}>{label}</Typography>
        <Typography variant="h5" component="p" data-figure={label}>{value}</Typography>
        <Typography variant="caption" sx={{ color: 'text.secondary' }}>{hint}</Typography>
      </CardContent>
    </Card>
  );
}

export default function AnalyticsScreen() {
  const colors = useChartColors();
  const { items: categories } = useCategories();
  const { items: staffUsers } = useStaff();
  const queryClient = useQueryClient();
  const [grouping, setGrouping] = useState<DurationGrouping>('category');
  const [analysis, setAnalysis] = useState<AnalysisId>('overview');
  const [preset, setPreset] = useState<PresetId>('30d');
  const [fromDay, setFromDay] = useState('');
  const [toDay, setToDay] = useState('');
  const [bucket, setBucket] = useState<Bucket | ''>('');
  const [category, setCategory] = useState('');
  const [now, setNow] = useState(() => Date.now());
  const [showHelp, setShowHelp] = useState(false);
  const [message, setMessage] = useState<{ text: string; severity: 'success' | 'error' } | null>(null);

  const choice: PeriodChoice = {
    preset,
    from: preset === 'custom' ? localDayStart(fromDay) : undefined,
    to: preset === 'custom' ? localDayEnd(toDay) : undefined,
    bucket: preset === 'custom' && bucket ? bucket : undefined,
    category: category || undefined,
  };
  const inputs = periodInputs(choice, now);

  // Six questions, each its own cached query ([name, input]); the screen draws when all are in
  // and keeps the previous answers on screen while a new period loads.
  const range = inputs?.range ?? {};
  const opts = { enabled: !!inputs, placeholderData: keepPreviousData };
  const results = useQueries({
    queries: [
      { ...callQuery('analytics.ticketsByPeriod', inputs?.period ?? { last: '30d' }), ...opts },
      { ...callQuery('analytics.backlog', inputs?.period ?? { last: '30d' }), ...opts },
      { ...callQuery('analytics.resolutionTime', grouping === 'none' ? range : { ...range, groupBy: grouping }), ...opts },
      { ...callQuery('analytics.firstResponse', { ...range, groupBy: 'category' }), ...opts },
      { ...callQuery('analytics.activeByCategory', {}), ...opts },
      { ...callQuery('analytics.workload', {}), ...opts },
    ] as const,
  });
  const [qPeriod, qBacklog, qResolution, qFirst, qActive, qWorkload] = results;
  const error = results.find((r) => r.error)?.error ?? null;
  const loading = results.some((r) => r.isFetching || r.isPlaceholderData);
  const reloadAll = () => void invalidateProcedures(queryClient, ['analytics.ticketsByPeriod', 'analytics.backlog', 'analytics.resolutionTime', 'analytics.firstResponse', 'analytics.activeByCategory', 'analytics.workload']);
  const data: Results | null = qPeriod?.data && qBacklog?.data && qResolution?.data && qFirst?.data && qActive?.data && qWorkload?.data
    ? {
      byPeriod: qPeriod.data, backlog: qBacklog.data, resolution: qResolution.data,
      firstResponse: qFirst.data, active: qActive.data, workload: qWorkload.data,
    }
    : null;

  const names = useMemo(() => {
    const map = new Map((categories ?? []).map((c) => [c.slug, c.name]));
    return (slug: string) => map.get(slug) ?? slug;
  }, [categories]);

  // With a category filter, the per-category figures narrow to that category.
  const onlyCategory = <T extends { key: string | number | null }>(groups: T[]) => (category ? groups.filter((g) => g.key === category) : groups);
  const resolution = data ? { ...data.resolution, groups: grouping === 'category' ? onlyCategory(data.resolution.groups) : data.resolution.groups } : null;
  const staffName = (id: number) => staffUsers?.find((u) => u.id === id)?.displayName ?? `User #${id}`;
  const groupName = (key: string | number | null): string =>
    grouping === 'category' ? names(String(key))
      : grouping === 'priority' ? PRIORITY_LABEL[key as keyof typeof PRIORITY_LABEL] ?? String(key)
        : key === null ? 'Unassigned' : staffName(Number(key));
  const firstResponse = data ? { ...data.firstResponse, groups: onlyCategory(data.firstResponse.groups) } : null;
  const activeCats = data ? data.active.categories.filter((c) => !category || c.category === category) : [];
  const median = (d: DurationOutput | null, byCategory = true) => (category && byCategory ? d?.groups.find((g) => g.key === category)?.medianSeconds ?? null : d?.overall.medianSeconds ?? null);

  const rangeText = data ? periodText(data.byPeriod.from, data.byPeriod.to) : '';
  const shownPeriod = data ? periodText(data.byPeriod.from, data.byPeriod.to, data.byPeriod.bucket) : '';
  const categoryNote = category ? ` · category: ${names(category)}` : '';
  const common = {
    colors,
    onMessage: (text: string, severity: 'success' | 'error') => setMessage({ text, severity }),
    from: data?.byPeriod.from, to: data?.byPeriod.to,
  };
  const nowText = `Now (${new Date(now).toISOString().slice(0, 16).replace('T', ' ')} UTC)`;
  const show = (id: AnalysisId) => analysis === 'overview' || analysis === id;

  return (
    <Box sx={{ maxWidth: 1400, mx: 'auto' }}>
      <Stack direction="row" sx={{ alignItems: 'center', justifyContent: 'space-between', mb: 2, flexWrap: 'wrap', gap: 1 }}>
        <Typography variant="h4" component="h1">Analytics</Typography>
        <Stack direction="row" spacing={1}>
          <Button startIcon={<InfoOutlined />} onClick={() => setShowHelp((v) => !v)} aria-expanded={showHelp}>About these figures</Button>
          <Button startIcon={<Refresh />} variant="outlined" onClick={() => { setNow(Date.now()); reloadAll(); }}>Refresh</Button>
        </Stack>
      </Stack>

      <Collapse in={showHelp}>
        <Alert severity="info" sx={{ mb: 2 }} onClose={() => setShowHelp(false)}>
          <Box component="dl" sx={{ m: 0, '& dt': { fontWeight: 500, mt: 1 }, '& dd': { ml: 0 } }}>
            <dt>Periods and buckets</dt><dd>{DEFINITIONS.period}</dd>
            <dt>Key figures</dt><dd>{DEFINITIONS.keyFigures}</dd>
            <dt>Opened vs closed</dt><dd>{DEFINITIONS.openedClosed}</dd>
            <dt>Backlog</dt><dd>{DEFINITIONS.backlog}</dd>
            <dt>Resolution time</dt><dd>{DEFINITIONS.resolution}</dd>
            <dt>First response time</dt><dd>{DEFINITIONS.firstResponse}</dd>
            <dt>Active by category</dt><dd>{DEFINITIONS.active}</dd>
            <dt>Workload</dt><dd>{DEFINITIONS.workload}</dd>
          </Box>
        </Alert>
      </Collapse>

      <Card variant="outlined" sx={{ mb: 2 }}>
        <CardContent>
          <Stack spacing={2}>
            <ToggleButtonGroup value={preset} exclusive size="small" aria-label="Period" color="primary"
              onChange={(_, v: PresetId | null) => { if (v) { setPreset(v); setNow(Date.now()); } }} sx={{ flexWrap: 'wrap' }}>
              {PRESETS.map((p) => <ToggleButton key={p.id} value={p.id}>{p.label}</ToggleButton>)}
            </ToggleButtonGroup>
            <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
              {preset === 'custom' ? (
                <>
                  <TextField type="date" label="From (first day)" value={fromDay} onChange={(e) => setFromDay(e.target.value)} slotProps={{ inputLabel: { shrink: true } }} />
                  <TextField type="date" label="To (last day, included)" value={toDay} onChange={(e) => setToDay(e.target.value)} slotProps={{ inputLabel: { shrink: true } }}
                    error={!!fromDay && !!toDay && toDay < fromDay} helperText={!!fromDay && !!toDay && toDay < fromDay ? 'The last day is before the first.' : ' '} />
                  <FormControl size="small" sx={{ minWidth: 160 }}>
                    <InputLabel id="bucket-label" shrink>Bucket</InputLabel>
                    <Select labelId="bucket-label" label="Bucket" value={bucket} onChange={(e) => setBucket(e.target.value)} displayEmpty notched>
                      <MenuItem value="">Automatic</MenuItem>
                      <MenuItem value="hour">Hour</MenuItem>
                      <MenuItem value="day">Day</MenuItem>
                      <MenuItem value="week">Week (from Monday)</MenuItem>
                      <MenuItem value="month">Month</MenuItem>
                    </Select>
                  </FormControl>
                </>
              ) : null}
              <FormControl size="small" sx={{ minWidth: 220 }}>
                <InputLabel id="category-label" shrink>Category</InputLabel>
                <Select labelId="category-label" label="Category" value={category} onChange={(e) => setCategory(e.target.value)} displayEmpty notched>
                  <MenuItem value="">All categories</MenuItem>
                  {(categories ?? []).filter((c) => c.active).map((c) => <MenuItem key={c.slug} value={c.slug}>{c.name}</MenuItem>)}
                </Select>
              </FormControl>
              <FormControl size="small" sx={{ minWidth: 220 }}>
                <InputLabel id="grouping-label" shrink>Resolution time by</InputLabel>
                <Select labelId="grouping-label" label="Resolution time by" value={grouping} onChange={(e) => setGrouping(e.target.value)} notched>
                  <MenuItem value="category">Category</MenuItem>
                  <MenuItem value="priority">Priority</MenuItem>
                  <MenuItem value="assignee">Assignee</MenuItem>
                  <MenuItem value="none">No grouping (overall)</MenuItem>
                </Select>
              </FormControl>
            </Stack>
          </Stack>
        </CardContent>
      </Card>

      <Tabs value={analysis} onChange={(_, v: AnalysisId) => setAnalysis(v)} variant="scrollable" scrollButtons="auto" aria-label="Analysis" sx={{ mb: 2 }}>
        {ANALYSES.map((a) => <Tab key={a.id} value={a.id} label={a.label} />)}
      </Tabs>

      {!inputs ? (
        <Alert severity="info">Choose the first and last day of the custom range.</Alert>
      ) : error && !data ? (
        <ErrorState error={error} onRetry={reloadAll} title="Analytics" />
      ) : !data ? (
        <LoadingState label="Computing analytics…" />
      ) : (
        <>
          <Typography variant="body2" sx={{ color: 'text.secondary', mb: 1 }} data-testid="period">
            {shownPeriod}{categoryNote}{loading ? ' · updating…' : ''}
          </Typography>
          <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 2, mb: 2 }} aria-label="Key figures" component="section">
            <KeyFigure label="Active now" value={(category ? activeCats[0]?.count ?? 0 : data.active.total).toLocaleString()} hint="open, in progress, waiting" />
            <KeyFigure label="Opened in the period" value={data.byPeriod.total.toLocaleString()} hint="in the period shown above" />
            <KeyFigure label="Median resolution" value={formatDuration(median(data.resolution, grouping === 'category'))} hint="tickets resolved in the period" />
            <KeyFigure label="Median first response" value={formatDuration(median(data.firstResponse))} hint="first staff reply in the period" />
          </Stack>
          <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', lg: analysis === 'overview' ? '1fr 1fr' : '1fr' }, gap: 2 }}>
            {show('volume') && <OpenedClosedChart data={data.byPeriod} period={shownPeriod + categoryNote} {...common} />}
            {show('backlog') && <BacklogChart data={data.backlog} period={shownPeriod + categoryNote} {...common} />}
            {show('resolution') && resolution && <DurationChart kind="resolution" data={resolution} groupBy={grouping} names={groupName} period={rangeText + (grouping === 'category' ? categoryNote : '')} {...common} />}
            {show('firstResponse') && firstResponse && <DurationChart kind="firstResponse" data={firstResponse} names={(k) => names(String(k))} period={rangeText + categoryNote} {...common} />}
            {show('active') && <ActiveByCategoryChart data={activeCats} period={nowText + categoryNote} {...common} from={undefined} to={undefined} snapshotDay={localDay(now)} />}
            {show('workload') && <WorkloadChart data={data.workload} period={nowText} {...common} from={undefined} to={undefined} snapshotDay={localDay(now)} />}
          </Box>
        </>
      )}

      <Snackbar open={!!message} autoHideDuration={5000} onClose={() => setMessage(null)} anchorOrigin={{ vertical: 'bottom', horizontal: 'center' }}>
        {message ? <Alert severity={message.severity} onClose={() => setMessage(null)} variant="filled">{message.text}</Alert> : undefined}
      </Snackbar>
    </Box>
  );
}
