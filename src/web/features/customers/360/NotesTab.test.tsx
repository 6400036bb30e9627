// @vitest-environment happy-dom
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Role } from '../../../../shared/contracts/common.js';
import type { Note } from '../../../../shared/contracts/notes.js';
import {
  clientAs,
  jsonResponse,
  renderWithProviders,
  stubApi,
  TEST_CUSTOMER_ID,
  TEST_USER_ID,
} from '../../../test-utils.js';
import { NotesTab } from './NotesTab.js';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const XSS = '<img src=x onerror=alert(1)>';
const NOTE_ID = '01938e77-0000-7000-8000-0000000000d1';
const note: Note = {
  id: NOTE_ID,
  customerId: TEST_CUSTOMER_ID,
  body: `Line one\n${XSS}`,
  frontLine: false,
  createdAt: new Date('2026-03-01T10:00:00Z'),
  updatedAt: new Date('2026-03-01T10:00:00Z'),
  createdBy: { type: 'user', id: TEST_USER_ID, name: 'Ann Desk' },
  updatedBy: { type: 'user', id: TEST_USER_ID, name: 'Ann Desk' },
  deletedAt: null,
};

function renderAs(role: Role) {
  const seen = stubApi((req) => {
    if (req.method === 'PATCH')
      return jsonResponse(200, { ...note, ...(req.body as object), updatedAt: new Date() });
    return jsonResponse(200, { items: [note], nextCursor: null });
  });
  const view = renderWithProviders(<NotesTab customerId={TEST_CUSTOMER_ID} deleted={false} />, {
    queryClient: clientAs(role),
  });
  return { seen, ...view };
}

describe('NotesTab', () => {
  it('shows note bodies as text, keeping line breaks', async () => {
    const { container } = renderAs('agent');
    const list = await screen.findByRole('list', { name: 'Notes' });
    const body = within(list).getByText(
      (_, el) => el?.textContent === `Line one\n${XSS}` && el.tagName === 'P',
    );
    expect(body.className).toContain('rapport-timeline-item');
    expect(container.querySelector('img')).toBeNull();
  });

  it('hides writing controls from analysts', async () => {
    renderAs('analyst');
    await screen.findByRole('list', { name: 'Notes' });
    expect(screen.queryByLabelText('New note')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Edit note' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Delete note' })).toBeNull();
  });

  it('lets staff flag a note for the front line, and shows analysts that it is', async () => {
    const { seen } = renderAs('agent');
    const flag = await screen.findByLabelText('On the arrivals briefing for front-line staff');
    expect((flag as HTMLInputElement).checked).toBe(false);
    await userEvent.click(flag);
    await waitFor(() => expect(seen.some((r) => r.method === 'PATCH')).toBe(true));
    expect(seen.find((r) => r.method === 'PATCH')).toMatchObject({
      path: `/notes/${NOTE_ID}`,
      body: { frontLine: true },
    });
    cleanup();
    stubApi(() => jsonResponse(200, { items: [{ ...note, frontLine: true }], nextCursor: null }));
    renderWithProviders(<NotesTab customerId={TEST_CUSTOMER_ID} deleted={false} />, {
      queryClient: clientAs('analyst'),
    });
    expect(await screen.findByText('Shown to front-line staff')).toBeTruthy();
    expect(screen.queryByLabelText('On the arrivals briefing for front-line staff')).toBeNull();
  });

  it('lets agents edit but only managers and admins delete', async () => {
    const { seen } = renderAs('agent');
    await userEvent.click(await screen.findByRole('button', { name: 'Edit note' }));
    expect(screen.queryByRole('button', { name: 'Delete note' })).toBeNull();
    const box = screen.getByLabelText('Edit note');
    await userEvent.clear(box);
    await userEvent.paste('Quiet wing only');
    await userEvent.click(screen.getByRole('button', { name: 'Save note' }));
    await waitFor(() => expect(seen.some((r) => r.method === 'PATCH')).toBe(true));
    expect(seen.find((r) => r.method === 'PATCH')).toMatchObject({
      path: `/notes/${NOTE_ID}`,
      body: { body: 'Quiet wing only' },
    });
    cleanup();
    renderAs('manager');
    expect(await screen.findByRole('button', { name: 'Delete note' })).toBeTruthy();
  });
});
