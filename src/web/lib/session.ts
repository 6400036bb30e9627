import { queryOptions, useSuspenseQuery } from '@tanstack/react-query';
import { SessionInfo } from '../../shared/contracts/users.js';
import { type Action, can } from '../../shared/permissions.js';
import { ApiError, api, setCsrfToken } from './api.js';

/** The logged-in user and workspace, or null when nobody is logged in. */
export const sessionQuery = queryOptions({
  queryKey: ['session'],
  queryFn: async (): Promise<SessionInfo | null> => {
    try {
      const session = await api.get('/auth/session', SessionInfo);
      setCsrfToken(session.csrfToken);
      return session;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        setCsrfToken(null);
        return null;
      }
      throw error;
    }
  },
  staleTime: 5 * 60_000,
  retry: false,
});

/** The session inside the logged-in part of the app (the layout route guarantees there is one). */
export function useSession(): SessionInfo {
  const { data } = useSuspenseQuery(sessionQuery);
  if (!data)
    throw new ApiError({
      type: 'about:blank',
      title: 'You need to log in',
      status: 401,
      code: 'UNAUTHENTICATED',
    });
  return data;
}

/** Whether the logged-in user's role allows an action; screens hide what the server would refuse. */
export function useCan(action: Action): boolean {
  return can(useSession().user, action);
}
