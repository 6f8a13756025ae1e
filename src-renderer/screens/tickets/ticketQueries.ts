// The three questions the ticket page asks — the ticket, its messages, its history — as query
// options, so the queue can prefetch them (hover or keyboard focus on a row, the neighbours
// for j/k) and the ticket page then shows the cached answers at once.
import type { QueryClient } from '@tanstack/react-query';
import { callQuery } from '../../api/hooks.ts';

export const ticketQuery = (id: number) => callQuery('tickets.get', { id });
export const messagesQuery = (id: number) => callQuery('messages.list', { ticketId: id });
export const historyQuery = (id: number) => callQuery('tickets.history', { id });

/** Warms the cache for a ticket's page (only what is not fresh already is fetched). */
export function prefetchTicket(client: QueryClient, id: number): void {
  void client.prefetchQuery(ticketQuery(id));
  void client.prefetchQuery(messagesQuery(id));
  void client.prefetchQuery(historyQuery(id));
}
