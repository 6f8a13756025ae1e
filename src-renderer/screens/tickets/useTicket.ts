// The ticket page's data and changes: three queries (ticket, messages, history — shared
// with the queue's prefetching) and the changes as mutations. A change writes the answer
// into the cache and invalidates what it makes stale (the history, the lists, the counts);
// a CONFLICT (someone else changed the ticket meanwhile) is kept as `conflict`, with the
// changes made meanwhile, and nothing is overwritten.
import { useEffect, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { call, errorText, toApiError, type InputOf, type Status, type Ticket, type TicketEvent } from '../../api/client.ts';
import { invalidateProcedures } from '../../api/hooks.ts';
import { useNotify } from '../../app/notify.tsx';
import { historyQuery, messagesQuery, ticketQuery } from './ticketQueries.ts';

export type UpdateFields = Omit<InputOf<'tickets.update'>, 'id' | 'version'>;

export interface Conflict { current: Ticket | null; attempted: string; lastChanges?: TicketEvent[] }

/** What every ticket change makes stale besides the ticket itself. */
const LISTS = ['tickets.list', 'tickets.counts', 'analytics.activeByCategory', 'analytics.workload'] as const;

export function useTicket(id: number, valid: boolean) {
  const client = useQueryClient();
  const notify = useNotify();
  const ticketQ = useQuery({ ...ticketQuery(id), enabled: valid });
  const messagesQ = useQuery({ ...messagesQuery(id), enabled: valid });
  const historyQ = useQuery({ ...historyQuery(id), enabled: valid });
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => { setConflict(null); }, [id]);

  const ticket = ticketQ.data;
  const error = ticketQ.error ?? messagesQ.error ?? historyQ.error ?? null;
  const loaded = ticket && messagesQ.data && historyQ.data
    ? { ticket, messages: messagesQ.data.items, history: historyQ.data.items }
    : undefined;

  const reload = () => {
    setConflict(null);
    void ticketQ.refetch(); void messagesQ.refetch(); void historyQ.refetch();
  };

  /** Runs a change; on success shows the new ticket at once and refreshes what it changed. */
  async function change(what: string, run: () => Promise<Ticket>): Promise<Ticket | null> {
    if (!loaded) return null;
    setBusy(true);
    try {
      const next = await run();
      client.setQueryData(ticketQuery(id).queryKey, next);
      await client.invalidateQueries({ queryKey: historyQuery(id).queryKey });
      void invalidateProcedures(client, LISTS);
      return next;
    } catch (err) {
      const e = toApiError(err);
      if (e.code === 'CONFLICT') {
        const current = (e.details.find((d) => d.path === 'version')?.current ?? null) as Ticket | null;
        setConflict({ current, attempted: what });
        // Say who changed what (the history entries newer than the version on screen).
        const seen = new Set(loaded.history.map((ev) => ev.id));
        call('tickets.history', { id }).then((h) => {
          const fresh = h.items.filter((ev) => !seen.has(ev.id));
          setConflict((c) => (c && c.attempted === what ? { ...c, lastChanges: fresh } : c));
        }, () => {});
      } else if (e.code !== 'UNAUTHENTICATED') {
        notify(`${what}: ${errorText(e)}`, 'error');
      }
      return null;
    } finally {
      setBusy(false);
    }
  }

  const update = async (what: string, fields: UpdateFields): Promise<boolean> =>
    !!ticket && (await change(what, () => call('tickets.update', { id, version: ticket.version, ...fields }))) !== null;

  const setStatus = async (what: string, status: Status): Promise<Ticket | null> =>
    ticket ? change(what, () => call('tickets.setStatus', { id, status, version: ticket.version })) : null;

  /** A reply or an internal note; the ticket, its messages and history are fetched again. */
  const send = async (body: string, internal: boolean): Promise<boolean> => {
    if (!loaded) return false;
    try {
      await call('messages.add', { ticketId: id, body, ...(internal ? { internal: true } : {}) });
      await Promise.all([
        client.invalidateQueries({ queryKey: messagesQuery(id).queryKey }),
        client.invalidateQueries({ queryKey: ticketQuery(id).queryKey }),
        client.invalidateQueries({ queryKey: historyQuery(id).queryKey }),
      ]);
      void invalidateProcedures(client, LISTS);
      notify(internal ? 'Internal note added' : 'Reply sent');
      return true;
    } catch (err) {
      const e = toApiError(err);
      if (e.code !== 'UNAUTHENTICATED') notify(`Could not send: ${errorText(e)}`, 'error');
      return false;
    }
  };

  return { loaded, error, reload, conflict, busy, update, setStatus, send };
}
