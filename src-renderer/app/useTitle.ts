// The window/tab title names the screen ("Queue · CampusDesk"), for people and screen readers.
import { useEffect } from 'react';

export function useTitle(title: string | null | undefined): void {
  useEffect(() => {
    document.title = title ? `${title} · CampusDesk` : 'CampusDesk';
  }, [title]);
}
