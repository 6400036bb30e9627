import { queryOptions } from '@tanstack/react-query';
import { CaseSla } from '../../../../shared/contracts/case-sla.js';
import { CaseDetail } from '../../../../shared/contracts/cases.js';
import { api } from '../../../lib/api.js';
import { CASES_KEY } from '../inbox/inbox.queries.js';

/** One case's page: the case with its messages and history (under ['cases', 'detail', id]). */
export const caseKey = (id: string) => [...CASES_KEY, 'detail', id] as const;

export function caseQuery(id: string) {
  return queryOptions({
    queryKey: [...caseKey(id), 'case'],
    queryFn: ({ signal }) => api.get(`/cases/${encodeURIComponent(id)}`, CaseDetail, { signal }),
  });
}

/** Where each SLA target stands, evaluated afresh by the server; asked again every minute. */
export function caseSlaQuery(id: string) {
  return queryOptions({
    queryKey: [...caseKey(id), 'sla'],
    queryFn: ({ signal }) => api.get(`/cases/${encodeURIComponent(id)}/sla`, CaseSla, { signal }),
    refetchInterval: 60_000,
  });
}
