import { infiniteQueryOptions, type QueryClient, queryOptions } from '@tanstack/react-query';
import {
  type SuggestionColumn,
  SuggestionItem,
  type SuggestionOutcomeInput,
  SuggestionOutcomeResult,
  SuggestionSummary,
} from '../../../../shared/contracts/case-suggestions.js';
import { pageOf } from '../../../../shared/contracts/common.js';
import { api } from '../../../lib/api.js';

const SuggestionPage = pageOf(SuggestionItem);

/** Everything of the board, so one invalidation after an outcome refreshes every column and the rate. */
export const SUGGESTIONS_KEY = ['cases', 'suggestions'] as const;

/** Cards per request of one column; "Show more" asks for the next ones. */
export const SUGGESTIONS_PAGE_SIZE = 25;

/** One column of the board: suggestions with this outcome (`none`: not yet decided), newest first. */
export function suggestionColumnQuery(outcome: SuggestionColumn, area: string | null) {
  return infiniteQueryOptions({
    queryKey: [...SUGGESTIONS_KEY, 'column', outcome, area ?? ''],
    queryFn: ({ pageParam, signal }) =>
      api.get('/cases/suggestions', SuggestionPage, {
        query: { outcome, area, limit: SUGGESTIONS_PAGE_SIZE, cursor: pageParam },
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** The answered rate and counts of the last 90 days (the server's default period). */
export function suggestionSummaryQuery() {
  return queryOptions({
    queryKey: [...SUGGESTIONS_KEY, 'summary'],
    queryFn: ({ signal }) => api.get('/cases/suggestions/summary', SuggestionSummary, { signal }),
  });
}

export function saveSuggestionOutcome(caseId: string, body: SuggestionOutcomeInput) {
  return api.put(`/cases/${encodeURIComponent(caseId)}/suggestion`, SuggestionOutcomeResult, body);
}

export function refreshSuggestions(queryClient: QueryClient) {
  return queryClient.invalidateQueries({ queryKey: SUGGESTIONS_KEY });
}
