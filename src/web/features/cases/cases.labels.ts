import type { CaseSeverity, CaseStatus, CaseType } from '../../../shared/contracts/cases.js';

/** Case types as staff read them. */
export const CASE_TYPE_LABELS: Record<CaseType, string> = {
  complaint: 'Complaint',
  suggestion: 'Suggestion',
  question: 'Question',
  praise: 'Praise',
};

/** Case types as the public form offers them to a customer, with a line saying what each is for. */
export const PUBLIC_TYPE_CHOICES: Record<CaseType, { label: string; hint: string }> = {
  complaint: { label: 'Something went wrong', hint: 'A complaint we should put right' },
  suggestion: { label: 'An idea', hint: 'A suggestion to make things better' },
  question: { label: 'A question', hint: 'Something you would like to know' },
  praise: { label: 'Praise', hint: 'Something we did well' },
};

export const CASE_TYPE_COLORS: Record<CaseType, string> = {
  complaint: 'red',
  suggestion: 'violet',
  question: 'blue',
  praise: 'green',
};

export const CASE_STATUS_LABELS: Record<CaseStatus, string> = {
  new: 'New',
  acknowledged: 'Acknowledged',
  in_progress: 'In progress',
  waiting_on_customer: 'Waiting on customer',
  resolved: 'Resolved',
  closed: 'Closed',
};

export const CASE_STATUS_COLORS: Record<CaseStatus, string> = {
  new: 'blue',
  acknowledged: 'cyan',
  in_progress: 'indigo',
  waiting_on_customer: 'yellow',
  resolved: 'green',
  closed: 'gray',
};

export const CASE_SEVERITY_LABELS: Record<CaseSeverity, string> = {
  low: 'Low',
  normal: 'Normal',
  high: 'High',
  urgent: 'Urgent',
};

export const CASE_SEVERITY_COLORS: Record<CaseSeverity, string> = {
  low: 'gray',
  normal: 'blue',
  high: 'orange',
  urgent: 'red',
};
