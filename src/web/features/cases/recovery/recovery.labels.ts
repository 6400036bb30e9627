import type {
  CaseOutcome,
  CaseRootCause,
  CompensationKind,
  CompensationStatus,
  CsatNotSentReason,
  CsatState,
} from '../../../../shared/contracts/case-resolution.js';

export const OUTCOME_LABELS: Record<CaseOutcome, string> = {
  fixed: 'Fixed',
  compensated: 'Compensated',
  explained: 'Explained',
  not_upheld: 'Not upheld',
  referred: 'Referred elsewhere',
  no_action: 'No action needed',
};

export const ROOT_CAUSE_LABELS: Record<CaseRootCause, string> = {
  product_defect: 'Product defect',
  service_failure: 'Service failure',
  delay: 'Delay',
  billing: 'Billing',
  staff_behaviour: 'Staff behaviour',
  policy: 'Policy',
  communication: 'Communication',
  facility: 'Facility',
  customer_error: 'Customer error',
  other: 'Other',
};

export const COMPENSATION_KIND_LABELS: Record<CompensationKind, string> = {
  refund: 'Refund',
  voucher: 'Voucher',
  gift: 'Gift',
  upgrade: 'Upgrade',
  points: 'Points',
  other: 'Other',
};

export const COMPENSATION_STATUS_LABELS: Record<CompensationStatus, string> = {
  pending_approval: 'Needs manager approval',
  approved: 'Approved',
  rejected: 'Rejected',
};

export const COMPENSATION_STATUS_COLORS: Record<CompensationStatus, string> = {
  pending_approval: 'yellow',
  approved: 'green',
  rejected: 'gray',
};

export const CSAT_STATE_LABELS: Record<CsatState, string> = {
  not_requested: 'Not asked',
  scheduled: 'Survey about to be e-mailed',
  requested: 'Survey e-mailed, no answer yet',
  reminded: 'Reminder sent, no answer yet',
  answered: 'Answered',
  not_sent: 'Survey not sent',
};

export const CSAT_NOT_SENT_LABELS: Record<CsatNotSentReason, string> = {
  no_customer_email: 'the customer has no e-mail address',
  smtp_not_configured: 'outgoing e-mail is not set up',
  policy_blocked: 'the relationship rules do not allow a feedback request to this customer',
  send_failed: 'every attempt to send it failed',
};
