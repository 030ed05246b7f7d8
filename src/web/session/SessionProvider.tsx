import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useMemo, type ReactNode } from 'react';
import type { AccountView } from '../../server/api.ts';
import { api, ApiError, setCsrfToken } from '../api/client.ts';

// Who is signed in. GET /api/auth/me answers the account and, for a cookie session, the CSRF token a reloaded
// page could not otherwise know (the cookie is HttpOnly); a 401 means no one is.

export const ME_KEY = ['session', 'me'] as const;

interface MeAnswer {
  account: AccountView;
  via: 'session' | 'token';
  csrfToken?: string;
}

interface LoginAnswer {
  account: AccountView;
  csrfToken: string;
}

interface Session {
  /** undefined while asking, null when no one is signed in */
  account: AccountView | null | undefined;
  error: Error | null;
  signIn(username: string, password: string): Promise<AccountView>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

async function readMe(): Promise<AccountView | null> {
  try {
    const me = await api.get<MeAnswer>('/api/auth/me');
    setCsrfToken(me.csrfToken ?? null);
    return me.account;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

/**
 * Drops every cached answer but the session's own: what one account read must not show to the next. The session
 * query stays (its observer would not see a replacement) and is overwritten instead.
 */
function forgetReads(queryClient: QueryClient): void {
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== ME_KEY[0] });
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const me = useQuery({ queryKey: ME_KEY, queryFn: readMe, staleTime: Infinity, retry: false });

  const signIn = useCallback(
    async (username: string, password: string) => {
      const answer = await api.post<LoginAnswer>('/api/auth/login', { username, password });
      setCsrfToken(answer.csrfToken);
      forgetReads(queryClient);
      queryClient.setQueryData(ME_KEY, answer.account);
      return answer.account;
    },
    [queryClient],
  );

  const signOut = useCallback(async () => {
    try {
      await api.post('/api/auth/logout');
    } finally {
      setCsrfToken(null);
      forgetReads(queryClient);
      queryClient.setQueryData(ME_KEY, null);
    }
  }, [queryClient]);

  const session = useMemo<Session>(
    () => ({ account: me.data, error: me.error, signIn, signOut }),
    [me.data, me.error, signIn, signOut],
  );
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (session === null) throw new Error('useSession outside SessionProvider');
  return session;
}

/** The signed-in account, for pages rendered only behind RequireAccount. */
export function useAccount(): AccountView {
  const { account } = useSession();
  if (!account) throw new Error('useAccount outside RequireAccount');
  return account;
}
