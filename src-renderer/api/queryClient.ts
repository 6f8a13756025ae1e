// The renderer's one TanStack Query client (the staff app and the kiosk page each create
// theirs from here): what is cached, for how long, and when it is fetched again.
import { QueryClient } from '@tanstack/react-query';
import { isApiError } from './client.ts';

/** Failures that retrying cannot fix: the answer was a decision, not a lost connection. */
const retryable = (err: unknown): boolean => !isApiError(err) || err.code === 'NETWORK' || err.code === 'INTERNAL';

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        gcTime: 5 * 60_000,
        retry: (count, err) => count < 2 && retryable(err),
        refetchOnWindowFocus: true,
      },
      mutations: { retry: false },
    },
  });
}
