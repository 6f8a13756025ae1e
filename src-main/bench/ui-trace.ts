// Reading a Chromium performance trace (Tracing domain, devtools.timeline categories) for the
// UI benchmark's --trace: the page's main thread between the step marks the benchmark sets
// (performance.mark 'cd-start' at the click or key press, 'cd-end' when the content is
// shown), split into self time per trace event (a nested event's time is taken from its
// parent) and grouped as a person reading DevTools would: scripting, style and layout,
// paint, garbage collection, parsing and compiling, idle.
export interface TraceEvent { name: string; ph: string; ts: number; dur?: number; pid: number; tid: number; cat?: string; args?: Record<string, unknown> }

export interface StepProfile {
  /** Milliseconds between the marks. */
  wallMs: number;
  /** Milliseconds the main thread was busy (sum of top-level events). */
  busyMs: number;
  /** Self time per group, milliseconds. */
  groups: Record<string, number>;
  /** The biggest self times by event name (with the function or URL where the trace gives one). */
  top: { name: string; ms: number }[];
}

const GROUP: Record<string, string> = {
  FunctionCall: 'scripting', EvaluateScript: 'scripting', EventDispatch: 'scripting', TimerFire: 'scripting',
  FireAnimationFrame: 'scripting', RunMicrotasks: 'scripting', 'v8.run': 'scripting', V8Execute: 'scripting', XHRReadyStateChange: 'scripting', FireIdleCallback: 'scripting',
  'v8.compile': 'compile', 'v8.compileModule': 'compile', 'V8.CompileCode': 'compile', CompileScript: 'compile', CompileCode: 'compile', 'v8.parseOnBackground': 'compile', 'v8.evaluateModule': 'scripting',
  UpdateLayoutTree: 'style & layout', Layout: 'style & layout', RecalculateStyles: 'style & layout', ParseAuthorStyleSheet: 'style & layout', 'LayoutShift': 'style & layout', PrePaint: 'paint',
  Paint: 'paint', PaintImage: 'paint', CompositeLayers: 'paint', Layerize: 'paint', UpdateLayer: 'paint', 'Commit': 'paint', RasterTask: 'paint',
  MinorGC: 'gc', MajorGC: 'gc', 'V8.GC_SCAVENGER': 'gc', 'BlinkGC.AtomicPhase': 'gc', 'V8.GCScavenger': 'gc', 'V8.GCFinalizeMC': 'gc', 'V8.GCIncrementalMarking': 'gc',
  ParseHTML: 'parse html', ResourceReceivedData: 'network', ResourceFinish: 'network', ResourceSendRequest: 'network', ResourceReceiveResponse: 'network',
};

function label(e: TraceEvent): string {
  const data = (e.args?.data ?? e.args?.beginData) as Record<string, unknown> | undefined;
  const fn = typeof data?.functionName === 'string' && data.functionName ? data.functionName : '';
  const url = typeof data?.url === 'string' ? data.url.replace(/^.*\//, '') : '';
  const type = typeof data?.type === 'string' ? data.type : '';
  const extra = [type, fn, url].filter(Boolean).join(' ');
  return extra ? `${e.name} (${extra})` : e.name;
}

/** The renderer main thread holding the marks, and each step's window between them. */
export function profileSteps(events: TraceEvent[]): StepProfile[] {
  const starts = events.filter((e) => e.name === 'cd-start').sort((a, b) => a.ts - b.ts);
  const ends = events.filter((e) => e.name === 'cd-end').sort((a, b) => a.ts - b.ts);
  if (starts.length === 0) return [];
  const { pid, tid } = starts[0]!;
  const main = events.filter((e) => e.pid === pid && e.tid === tid && e.ph === 'X' && typeof e.dur === 'number').sort((a, b) => a.ts - b.ts || (b.dur! - a.dur!));
  const out: StepProfile[] = [];
  for (const start of starts) {
    const end = ends.find((e) => e.ts > start.ts);
    if (!end) break;
    const from = start.ts;
    const to = end.ts;
    const inWindow = main.filter((e) => e.ts < to && e.ts + e.dur! > from);
    // Self time: an event's duration minus that of its direct children (events nest on one thread).
    const self = new Map<TraceEvent, number>();
    const stack: TraceEvent[] = [];
    let busy = 0;
    for (const e of inWindow) {
      while (stack.length && stack[stack.length - 1]!.ts + stack[stack.length - 1]!.dur! <= e.ts) stack.pop();
      const clipped = Math.min(e.ts + e.dur!, to) - Math.max(e.ts, from);
      self.set(e, (self.get(e) ?? 0) + clipped);
      const parent = stack[stack.length - 1];
      if (parent) self.set(parent, (self.get(parent) ?? 0) - clipped);
      else busy += clipped;
      stack.push(e);
    }
    const groups: Record<string, number> = {};
    const byName = new Map<string, number>();
    for (const [e, us] of self) {
      const g = GROUP[e.name] ?? 'other';
      groups[g] = (groups[g] ?? 0) + us / 1000;
      const n = label(e);
      byName.set(n, (byName.get(n) ?? 0) + us / 1000);
    }
    const wallMs = (to - from) / 1000;
    groups.idle = Math.max(0, wallMs - busy / 1000);
    const top = [...byName].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([name, ms]) => ({ name, ms }));
    out.push({ wallMs, busyMs: busy / 1000, groups, top });
  }
  return out;
}
