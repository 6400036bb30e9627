import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { Colleague } from '../../../../shared/contracts/users.js';
import { useSession } from '../../../lib/session.js';
import { colleaguesQuery } from '../../customers/360/queries.js';

/**
 * Who may be given cases, and how an assignee is named: the workspace's active users, whom any
 * staff role may list. A disabled user (no longer listed) is "Another user".
 */
export function useCasePeople(): {
  meId: string;
  /** The workspace's active users; null until they have loaded (or when they could not). */
  users: Colleague[] | null;
  nameOf(id: string | null): string;
} {
  const session = useSession();
  const colleagues = useQuery(colleaguesQuery);
  return {
    meId: session.user.id,
    users: colleagues.data?.items ?? null,
    nameOf(id) {
      if (id === null) return 'Unassigned';
      if (id === session.user.id) return 'You';
      return colleagues.data?.items.find((u) => u.id === id)?.name ?? 'Another user';
    },
  };
}

/** The time now, again every `intervalMs`: what live countdowns count from. */
export function useNow(intervalMs: number): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/**
 * Whether a key press is someone typing (a text field, a text area, a select, an editable
 * element), when single-key shortcuts must stay out of the way. Checkboxes and buttons are not.
 */
export function isTyping(el: Element | null): boolean {
  if (!el) return false;
  if (el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) return true;
  if (el instanceof HTMLInputElement) {
    return !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(el.type);
  }
  return el instanceof HTMLElement && el.isContentEditable;
}
