import { queryOptions } from '@tanstack/react-query';
import {
  CaseResolution,
  type CaseResolve,
  ClaimsProfile,
  Compensation,
  type CompensationCreate,
  CompensationSettingsOut,
  PublicCsat,
  type PublicCsatAnswer,
} from '../../../../shared/contracts/case-resolution.js';
import { pageOf } from '../../../../shared/contracts/common.js';
import { api } from '../../../lib/api.js';

export const CompensationPage = pageOf(Compensation);

/** Everything recovery caches for a case, so one invalidation refreshes the panel. */
export const caseRecoveryKey = (caseId: string) => ['cases', 'detail', caseId, 'recovery'] as const;

export function caseResolutionQuery(caseId: string) {
  return queryOptions({
    queryKey: [...caseRecoveryKey(caseId), 'resolution'],
    queryFn: ({ signal }) =>
      api.get(`/cases/${encodeURIComponent(caseId)}/resolution`, CaseResolution, { signal }),
  });
}

export function caseCompensationsQuery(caseId: string) {
  return queryOptions({
    queryKey: [...caseRecoveryKey(caseId), 'compensations'],
    queryFn: ({ signal }) =>
      api.get(`/cases/${encodeURIComponent(caseId)}/compensations`, CompensationPage, { signal }),
  });
}

export const compensationSettingsQuery = queryOptions({
  queryKey: ['cases', 'compensation-settings'],
  queryFn: ({ signal }) => api.get('/cases/compensation-settings', CompensationSettingsOut, { signal }),
  staleTime: 5 * 60_000,
});

/** Cached with the customer, so whatever refreshes an open 360 refreshes the flag too. */
export function claimsProfileQuery(customerId: string) {
  return queryOptions({
    queryKey: ['customers', 'detail', customerId, 'claims-profile'],
    queryFn: ({ signal }) =>
      api.get(`/customers/${encodeURIComponent(customerId)}/claims-profile`, ClaimsProfile, { signal }),
  });
}

/** The approval queue: compensation waiting for a manager, oldest first. */
export const APPROVALS_KEY = ['case-compensations', 'pending_approval'] as const;
export const pendingCompensationsQuery = queryOptions({
  queryKey: APPROVALS_KEY,
  queryFn: ({ signal }) =>
    api.get('/case-compensations', CompensationPage, {
      query: { status: 'pending_approval', limit: 200 },
      signal,
    }),
});

export const resolveCase = (caseId: string, body: CaseResolve) =>
  api.post(`/cases/${encodeURIComponent(caseId)}/resolve`, CaseResolution, body);

export const offerCompensation = (caseId: string, body: CompensationCreate) =>
  api.post(`/cases/${encodeURIComponent(caseId)}/compensations`, Compensation, body);

export const decideCompensation = (id: string, decision: 'approve' | 'reject', note?: string) =>
  api.post(`/case-compensations/${encodeURIComponent(id)}/${decision}`, Compensation, note ? { note } : {});

/*
 * The public satisfaction page: anyone with the link answers without logging in, so every
 * request is anonymous and cached apart from staff data.
 */
export function publicCsatQuery(token: string) {
  return queryOptions({
    queryKey: ['public-csat', token],
    queryFn: ({ signal }) =>
      api.get(`/public/csat/${encodeURIComponent(token)}`, PublicCsat, { signal, anonymous: true }),
    staleTime: Number.POSITIVE_INFINITY,
    refetchOnWindowFocus: false,
  });
}

export const answerCsat = (token: string, body: PublicCsatAnswer) =>
  api.post(`/public/csat/${encodeURIComponent(token)}`, PublicCsat, body, { anonymous: true });
