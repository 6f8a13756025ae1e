// The kiosk's two clocks. Both measure with Date.now() against a start time and only use
// setInterval to look again, so a sleeping tablet, a slow frame or a test's fake clock
// that jumps ahead all give the right answer on the next tick.
import { useCallback, useEffect, useRef, useState } from 'react';

const TICK_MS = 250;

/** Whole seconds left of `durationMs` from mount (or from the last change of `key`); calls onExpire once. */
export function useCountdown(durationMs: number, onExpire: () => void, key: unknown = null): number {
  const [left, setLeft] = useState(Math.ceil(durationMs / 1000));
  const expire = useRef(onExpire);
  expire.current = onExpire;
  useEffect(() => {
    const start = Date.now();
    let done = false;
    setLeft(Math.ceil(durationMs / 1000));
    const id = setInterval(() => {
      const remaining = durationMs - (Date.now() - start);
      if (remaining <= 0) {
        if (!done) { done = true; clearInterval(id); expire.current(); }
        return;
      }
      setLeft(Math.ceil(remaining / 1000));
    }, TICK_MS);
    return () => clearInterval(id);
  }, [durationMs, key]);
  return left;
}

// What a person does. Not 'scroll': the page scrolls by itself too (a field scrolled into
// view, layout shifting when a message appears), which must not keep a forgotten form alive;
// a person scrolling touches (touchstart) or turns a wheel first.
const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'input', 'touchstart', 'wheel'] as const;

export interface IdleState {
  /** Seconds until the reset while the warning shows; null before the warning. */
  secondsLeft: number | null;
  /** Counts as activity (e.g. "I'm still here"). */
  touch: () => void;
}

/**
 * Calls onIdle after `idleMs` without a touch, tap, key or scroll anywhere on the page;
 * during the last `warnMs` it reports the seconds left so the page can show a countdown.
 * Disabled (enabled false): nothing runs and secondsLeft is null.
 */
export function useIdleReset(enabled: boolean, idleMs: number, warnMs: number, onIdle: () => void): IdleState {
  const [secondsLeft, setSecondsLeft] = useState<number | null>(null);
  const last = useRef(Date.now());
  const idle = useRef(onIdle);
  idle.current = onIdle;
  const touch = useCallback(() => { last.current = Date.now(); setSecondsLeft(null); }, []);

  useEffect(() => {
    if (!enabled) {
      setSecondsLeft(null);
      return;
    }
    last.current = Date.now();
    let fired = false;
    const onActivity = () => { last.current = Date.now(); };
    for (const e of ACTIVITY_EVENTS) window.addEventListener(e, onActivity, { capture: true, passive: true });
    const check = () => {
      const remaining = idleMs - (Date.now() - last.current);
      if (remaining <= 0) {
        if (!fired) { fired = true; setSecondsLeft(null); idle.current(); }
        return;
      }
      setSecondsLeft(remaining <= warnMs ? Math.ceil(remaining / 1000) : null);
    };
    const id = setInterval(check, TICK_MS);
    return () => {
      clearInterval(id);
      for (const e of ACTIVITY_EVENTS) window.removeEventListener(e, onActivity, { capture: true });
    };
  }, [enabled, idleMs, warnMs]);

  return { secondsLeft, touch };
}
