import {
  SuggestionItem,
  SuggestionListQuery,
  SuggestionOutcomeInput,
  SuggestionOutcomeResult,
  SuggestionParams,
  SuggestionSummary,
  SuggestionSummaryQuery,
} from '../../../shared/contracts/case-suggestions.js';
import { pageOf } from '../../../shared/contracts/common.js';
import type { App } from '../../lib/http.js';
import type { CaseSuggestionsService } from './case-suggestions.service.js';

export function caseSuggestionsRoutes(app: App, deps: { caseSuggestions: CaseSuggestionsService }) {
  const { caseSuggestions } = deps;
  const tags = ['cases'];
  app.get(
    '/cases/suggestions',
    {
      schema: {
        tags,
        summary:
          'The suggestions board: suggestion cases with their area, outcome and whether the customer was told',
        querystring: SuggestionListQuery,
        response: { 200: pageOf(SuggestionItem) },
      },
    },
    (req) => caseSuggestions.list(req.actor, req.query),
  );
  app.get(
    '/cases/suggestions/summary',
    {
      schema: {
        tags,
        summary:
          'Suggestions received in a period by outcome and area, and the "suggestions answered" rate (told an outcome / received)',
        querystring: SuggestionSummaryQuery,
        response: { 200: SuggestionSummary },
      },
    },
    (req) => caseSuggestions.summary(req.actor, req.query),
  );
  app.put(
    '/cases/:id/suggestion',
    {
      schema: {
        tags,
        summary:
          "Records a suggestion's area and outcome (planned, done, declined with a reason) and, on request, tells the customer in a reply",
        params: SuggestionParams,
        body: SuggestionOutcomeInput,
        response: { 200: SuggestionOutcomeResult },
      },
    },
    (req) => caseSuggestions.setOutcome(req.actor, req.params.id, req.body),
  );
}
