// The window/tab title names the screen ("Queue · CampusDesk"), for people and screen readers.
import { useEffect } from 'react';

export function useTitle(title: string | null | undefined): void {
  useEffect(() => {
    document.title = title ? `${title} · CampusDesk` : 'CampusDesk';
  }, [title]);
}

/** Calls `reload` when the window comes back into view (e.g. the agent returns to the queue tab). */
export function useRefreshOnFocus(reload: () => void): void {
  useEffect(() => {
    let last = Date.now();
    const onVisible = () => {
      if (document.visibilityState !== 'visible' || Date.now() - last < 15_000) return;
      last = Date.now();
      reload();
    };
    document.addEventListener('visibilitychange', onVisible);
    window.addEventListener('focus', onVisible);
    return () => {
      document.removeEventListener('visibilitychange', onVisible);
      window.removeEventListener('focus', onVisible);
    };
  }, [reload]);
}
