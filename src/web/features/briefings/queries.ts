import { queryOptions } from '@tanstack/react-query';
import {
  Briefing,
  BriefingFeedback,
  type BriefingFeedbackInput,
} from '../../../shared/contracts/briefings.js';
import { VisitLocations } from '../../../shared/contracts/visits.js';
import { api } from '../../lib/api.js';

/** Everything cached about briefings starts with this key. */
export const BRIEFINGS_KEY = ['briefings'] as const;

export function locationsQuery(from: string) {
  return queryOptions({
    queryKey: ['visits', 'locations', from],
    queryFn: ({ signal }) => api.get('/visits/locations', VisitLocations, { query: { from }, signal }),
  });
}

export function briefingQuery(date: string, location: string) {
  return queryOptions({
    queryKey: [...BRIEFINGS_KEY, date, location],
    queryFn: ({ signal }) => api.get('/briefings', Briefing, { query: { date, location }, signal }),
  });
}

export const sendFeedback = (input: BriefingFeedbackInput) =>
  api.post('/briefings/feedback', BriefingFeedback, input);

/** The briefing with one message's feedback set, for an answer shown before the server confirms it. */
export function withFeedback(b: Briefing, visitId: string, kind: string, useful: boolean | null): Briefing {
  return {
    ...b,
    entries: b.entries.map((e) =>
      e.visit.id !== visitId
        ? e
        : { ...e, messages: e.messages.map((m) => (m.kind === kind ? { ...m, myFeedback: useful } : m)) },
    ),
  };
}
