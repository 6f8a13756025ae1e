// Whether the CampusDesk hub (or, in the desktop app on a hub, main's forwarder to it) can be
// reached right now. The API clients report every outcome (a NETWORK failure: offline; any
// answer: online); the OfflineBanner shows the state and keeps probing until the hub is back.
import { useSyncExternalStore } from 'react';

export interface Connectivity {
  online: boolean;
  /** When the current offline spell began (ms since epoch); null while online. */
  since: number | null;
  /** The last failure's message while offline. */
  message: string | null;
}

let state: Connectivity = { online: true, since: null, message: null };
const listeners = new Set<() => void>();

function set(next: Connectivity): void {
  state = next;
  for (const l of listeners) l();
}

export function reportOffline(message: string): void {
  set({ online: false, since: state.since ?? Date.now(), message });
}

export function reportOnline(): void {
  if (!state.online) set({ online: true, since: null, message: null });
}

export const connectivity = (): Connectivity => state;

export function subscribeConnectivity(listener: () => void): () => void {
  listeners.add(listener);
  return () => { listeners.delete(listener); };
}

export const useConnectivity = (): Connectivity => useSyncExternalStore(subscribeConnectivity, connectivity, connectivity);
