import type { SuggestionColumn } from '../../../../shared/contracts/case-suggestions.js';

/** The board's columns as staff read them. */
export const SUGGESTION_COLUMN_LABELS: Record<SuggestionColumn, string> = {
  none: 'Unanswered',
  planned: 'Planned',
  done: 'Done',
  declined: 'Declined',
};

export const SUGGESTION_COLUMN_COLORS: Record<SuggestionColumn, string> = {
  none: 'gray',
  planned: 'blue',
  done: 'green',
  declined: 'orange',
};
