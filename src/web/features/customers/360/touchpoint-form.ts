import type { Channel } from '../../../../shared/contracts/common.js';
import type { TouchpointCreate } from '../../../../shared/contracts/touchpoints.js';
import { fromLocalInput } from './task-form.js';

/** What the "log a touch point" form holds; `at` is a `datetime-local` value. */
export interface TouchpointValues {
  type: string | null;
  channel: Channel | null;
  at: string;
  satisfaction: number | null;
  notes: string;
}

/**
 * The POST body, or the form's field errors. Satisfaction goes only with a type that captures
 * it (the server refuses it on other catalogued types); notes become `properties.notes`.
 */
export function toTouchpointCreate(
  customerId: string,
  v: TouchpointValues,
  capturesSatisfaction: (type: string) => boolean,
): { body: TouchpointCreate } | { errors: Partial<Record<keyof TouchpointValues, string>> } {
  const errors: Partial<Record<keyof TouchpointValues, string>> = {};
  if (!v.type) errors.type = 'choose a type';
  if (!v.channel) errors.channel = 'choose a channel';
  const occurredAt = fromLocalInput(v.at);
  if (!occurredAt) errors.at = 'enter when it happened';
  else if (Date.parse(occurredAt) > Date.now() + 5 * 60_000) errors.at = 'is in the future';
  if (!v.type || !v.channel || !occurredAt || Object.keys(errors).length) return { errors };
  const notes = v.notes.trim();
  return {
    body: {
      customerId,
      type: v.type,
      channel: v.channel,
      occurredAt,
      properties: notes ? { notes } : {},
      ...(v.satisfaction !== null && capturesSatisfaction(v.type) ? { satisfaction: v.satisfaction } : {}),
    },
  };
}
