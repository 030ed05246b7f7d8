import type { QueryClient } from '@tanstack/react-query';

/** After a change every read of 免申即享 lists may be stale: the list, its entries, the lists page. */
export function invalidateGrants(queryClient: QueryClient): Promise<void> {
  return queryClient.invalidateQueries({
    predicate: (query) => typeof query.queryKey[0] === 'string' && query.queryKey[0].startsWith('/api/grants'),
  });
}

/** The list's own read: GET /api/grants/{id}, as getQuery keys it. */
export function listKey(id: number) {
  return [`/api/grants/${id}`, {}] as const;
}
