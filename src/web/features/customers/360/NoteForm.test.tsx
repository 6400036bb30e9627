// @vitest-environment happy-dom
import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Note } from '../../../../shared/contracts/notes.js';
import {
  clientAs,
  jsonResponse,
  notFound,
  renderWithProviders,
  stubApi,
  TEST_CUSTOMER_ID,
  TEST_USER_ID,
  validationProblem,
} from '../../../test-utils.js';
import { NoteForm } from './NoteForm.js';
import { customerKey } from './queries.js';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const note = (body: string): Note => ({
  id: '01938e77-0000-7000-8000-0000000000n1',
  customerId: TEST_CUSTOMER_ID,
  body,
  frontLine: false,
  createdAt: new Date('2026-03-01T10:00:00Z'),
  updatedAt: new Date('2026-03-01T10:00:00Z'),
  createdBy: { type: 'user', id: TEST_USER_ID, name: 'Test agent' },
  updatedBy: { type: 'user', id: TEST_USER_ID, name: 'Test agent' },
  deletedAt: null,
});

describe('NoteForm', () => {
  it('adds the note, clears the box and refreshes everything shown about the customer', async () => {
    const seen = stubApi((req) =>
      req.method === 'POST' ? jsonResponse(201, note((req.body as { body: string }).body)) : notFound(),
    );
    const queryClient = clientAs('agent');
    const invalidate = vi.spyOn(queryClient, 'invalidateQueries');
    renderWithProviders(<NoteForm customerId={TEST_CUSTOMER_ID} />, { queryClient });
    const box = screen.getByLabelText('New note');
    await userEvent.type(box, 'Prefers the quiet wing{enter}No feathers');
    expect(screen.getByText('34 / 10,000')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Add note' }));
    await waitFor(() => expect((box as HTMLTextAreaElement).value).toBe(''));
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      method: 'POST',
      path: `/customers/${TEST_CUSTOMER_ID}/notes`,
      body: { body: 'Prefers the quiet wing\nNo feathers' },
    });
    expect(invalidate).toHaveBeenCalledWith({ queryKey: customerKey(TEST_CUSTOMER_ID) });
  });

  it('flags the note for front-line staff when asked', async () => {
    const seen = stubApi((req) =>
      req.method === 'POST' ? jsonResponse(201, { ...note('x'), frontLine: true }) : notFound(),
    );
    renderWithProviders(<NoteForm customerId={TEST_CUSTOMER_ID} />, { queryClient: clientAs('agent') });
    await userEvent.type(screen.getByLabelText('New note'), 'Nut allergy');
    const flag = screen.getByLabelText('For front-line staff: show it on the arrivals briefing');
    await userEvent.click(flag);
    await userEvent.click(screen.getByRole('button', { name: 'Add note' }));
    await waitFor(() => expect(seen).toHaveLength(1));
    expect(seen[0]?.body).toEqual({ body: 'Nut allergy', frontLine: true });
    await waitFor(() => expect((flag as HTMLInputElement).checked).toBe(false));
  });

  it("shows the server's field error under the box and keeps the text", async () => {
    stubApi(() => validationProblem([{ path: 'body.body', message: 'must not contain card numbers' }]));
    renderWithProviders(<NoteForm customerId={TEST_CUSTOMER_ID} />, { queryClient: clientAs('agent') });
    const box = screen.getByLabelText('New note');
    await userEvent.type(box, 'Card 4111 1111 1111 1111');
    await userEvent.click(screen.getByRole('button', { name: 'Add note' }));
    expect(await screen.findByText('must not contain card numbers')).toBeTruthy();
    expect(box.getAttribute('aria-invalid')).toBe('true');
    expect((box as HTMLTextAreaElement).value).toBe('Card 4111 1111 1111 1111');
  });

  it('sends nothing for a blank note or one over 10,000 characters', async () => {
    const seen = stubApi(() => notFound());
    renderWithProviders(<NoteForm customerId={TEST_CUSTOMER_ID} />, { queryClient: clientAs('agent') });
    await userEvent.click(screen.getByRole('button', { name: 'Add note' }));
    expect(await screen.findByText('Write something first')).toBeTruthy();
    const box = screen.getByLabelText('New note');
    await userEvent.click(box);
    await userEvent.paste('x'.repeat(10_001));
    await userEvent.click(screen.getByRole('button', { name: 'Add note' }));
    expect(await screen.findByText('must be at most 10,000 characters')).toBeTruthy();
    expect(seen).toEqual([]);
  });
});
