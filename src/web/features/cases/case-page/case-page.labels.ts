import type {
  CaseEmailNotSentReason,
  CaseEvent,
  CaseMessage,
  CaseMessageKind,
  SlaState,
  SlaTargetKind,
} from '../../../../shared/contracts/cases.js';
import { CASE_SEVERITY_LABELS, CASE_STATUS_LABELS } from '../cases.labels.js';

export const SLA_TARGET_LABELS: Record<SlaTargetKind, string> = {
  first_response: 'First response',
  next_response: 'Next response',
  resolution: 'Resolution',
};

export const SLA_STATE_LABELS: Record<SlaState, string> = {
  on_track: 'On track',
  warning: 'At risk',
  breached: 'Breached',
  met: 'Met',
  missed: 'Missed',
  paused: 'Paused',
  not_started: 'Not started',
};

export const SLA_STATE_COLORS: Record<SlaState, string> = {
  on_track: 'teal',
  warning: 'orange',
  breached: 'red',
  met: 'green',
  missed: 'red',
  paused: 'gray',
  not_started: 'gray',
};

export const MESSAGE_KIND_LABELS: Record<CaseMessageKind, string> = {
  internal_note: 'Internal note',
  reply: 'Reply to the customer',
  customer_message: 'From the customer',
};

const NOT_SENT_REASONS: Record<CaseEmailNotSentReason, string> = {
  smtp_not_configured: 'no outgoing mail server is set up',
  channel_not_email: 'the case is answered on its own channel, not by e-mail',
  no_customer_email: 'the customer has no e-mail address',
};

/**
 * What happened to a message's e-mail, in words; null for a message without one (notes,
 * messages typed in by staff).
 * @example emailStatusText({ status: 'not_sent', notSentReason: 'no_customer_email', … }) === 'Not sent: the customer has no e-mail address'
 */
export function emailStatusText(email: CaseMessage['email']): { text: string; color: string } | null {
  if (!email) return null;
  switch (email.status) {
    case 'received':
      return { text: 'Came by e-mail', color: 'gray' };
    case 'queued':
      return {
        text: email.lastError ? `Queued, retrying (last try: ${email.lastError})` : 'Queued to send',
        color: 'blue',
      };
    case 'sent':
      return { text: email.to ? `Sent by e-mail to ${email.to}` : 'Sent by e-mail', color: 'green' };
    case 'not_sent':
      return {
        text: `Not sent: ${email.notSentReason ? NOT_SENT_REASONS[email.notSentReason] : 'no reason given'}`,
        color: 'yellow',
      };
    case 'failed':
      return { text: `Failed: ${email.lastError ?? 'every attempt failed'}`, color: 'red' };
    default: {
      const unknown: never = email.status;
      return { text: String(unknown), color: 'gray' };
    }
  }
}

const isSeverity = (v: unknown): v is keyof typeof CASE_SEVERITY_LABELS =>
  typeof v === 'string' && v in CASE_SEVERITY_LABELS;

/** A history entry's details as short "name: value" lines (values as text, never markup). */
export function detailLines(details: CaseEvent['details']): string[] {
  if (!details) return [];
  return Object.entries(details)
    .filter(([, v]) => v !== null && v !== undefined && v !== '')
    .map(([k, v]) => {
      const name = k
        .replace(/([a-z])([A-Z])/g, '$1 $2')
        .replace(/_/g, ' ')
        .toLowerCase();
      const value =
        typeof v === 'string'
          ? k.toLowerCase().includes('severity') && isSeverity(v)
            ? CASE_SEVERITY_LABELS[v]
            : v
          : typeof v === 'number' || typeof v === 'boolean'
            ? String(v)
            : JSON.stringify(v);
      return `${name}: ${value}`;
    });
}

/**
 * One history entry as a sentence: who moved it where, who it went to, what the SLA sweep did.
 * `nameOf` names an assignee (a user id, or null for nobody).
 */
export function describeEvent(e: CaseEvent, nameOf: (id: string | null) => string): string {
  const status = (s: CaseEvent['status']) => (s ? CASE_STATUS_LABELS[s] : '—');
  switch (e.kind) {
    case 'status':
      return e.fromStatus ? `${status(e.fromStatus)} → ${status(e.status)}` : `Opened as ${status(e.status)}`;
    case 'assignment': {
      const who = e.assigneeUserId ? nameOf(e.assigneeUserId) : 'nobody';
      return e.team ? `Assigned to ${who}, team ${e.team}` : `Assigned to ${who}`;
    }
    case 'agent_reply':
      return 'Replied to the customer';
    case 'customer_reply':
      return 'The customer wrote';
    case 'sla_warning':
      return 'SLA at risk';
    case 'sla_breached':
      return 'SLA breached';
    case 'escalated':
      return 'Escalated';
    case 'auto_reassigned':
      return e.assigneeUserId
        ? `Reassigned to ${nameOf(e.assigneeUserId)} (no answer in time)`
        : 'Sent back to the queue (no answer in time)';
    case 'resolution':
      return 'Resolution recorded';
    case 'compensation':
      return 'Compensation';
    case 'csat':
      return 'Satisfaction answer';
    case 'suggestion_outcome':
      return 'Suggestion outcome';
    default: {
      const unknown: never = e.kind;
      return String(unknown);
    }
  }
}
