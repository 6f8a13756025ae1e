// Bench-only React Profiler: in the profiling build (`VITE_REACT_PROFILE=1`, made by
// `npm run bench -- --ui --profile`, react-dom aliased to its profiling bundle) each wrapped
// subtree records its commits (how long React rendered it, and why: mount or update) into
// window.__reactCommits for the UI benchmark to read. In every other build this is a
// pass-through, and the condition is a constant, so the profiler code is left out.
import { Profiler, type ProfilerOnRenderCallback, type ReactNode } from 'react';

export interface ReactCommit { id: string; phase: string; actualMs: number; baseMs: number; startMs: number; commitMs: number }

const PROFILING = import.meta.env.VITE_REACT_PROFILE === '1';

const record: ProfilerOnRenderCallback = (id, phase, actualDuration, baseDuration, startTime, commitTime) => {
  const w = window as unknown as { __reactCommits?: ReactCommit[] };
  (w.__reactCommits ??= []).push({ id, phase, actualMs: actualDuration, baseMs: baseDuration, startMs: startTime, commitMs: commitTime });
};

export function Profiled({ id, children }: { id: string; children: ReactNode }) {
  return PROFILING ? <Profiler id={id} onRender={record}>{children}</Profiler> : children;
}
