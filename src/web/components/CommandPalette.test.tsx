// @vitest-environment happy-dom
import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CustomerListItem } from '../../shared/contracts/customers.js';
import { jsonResponse, pages, renderAt, sessionFor, stubApi } from '../test-utils.js';
import { CommandPalette } from './CommandPalette.js';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const system = { type: 'system', id: null, name: 'demo' } as const;

/** A search result as the server sends it. */
function customer(id: string, fullName: string, extra: Partial<CustomerListItem> = {}): unknown {
  const row: CustomerListItem = {
    id,
    givenName: null,
    familyName: null,
    fullName,
    emails: [],
    phones: [],
    primaryEmail: null,
    primaryPhone: null,
    address: null,
    birthday: null,
    locale: null,
    timeZone: null,
    tags: [],
    attributes: {},
    prefersHumanService: false,
    createdAt: new Date('2026-03-01T10:00:00Z'),
    updatedAt: new Date('2026-03-01T10:00:00Z'),
    createdBy: system,
    updatedBy: system,
    deletedAt: null,
    mergedIntoId: null,
    lastActivityAt: null,
    value: null,
    ...extra,
  };
  return JSON.parse(JSON.stringify(row));
}

const ANTON = customer('c-anton', 'Anton Berg', { primaryEmail: 'anton@example.com' });
const ANA = customer('c-ana', 'Ana Ferreira', {
  primaryEmail: 'ana@example.com',
  primaryPhone: '+351912345678',
  prefersHumanService: true,
});

/** A tiny search server: names containing the query, as the list endpoint would answer. */
function serveSearch(delayMs = 0) {
  const queries: string[] = [];
  stubApi(async (_req, url) => {
    const q = (url.searchParams.get('q') ?? '').toLowerCase();
    queries.push(q);
    if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
    const items = [ANTON, ANA].filter((c) => (c as { fullName: string }).fullName.toLowerCase().includes(q));
    return jsonResponse(200, { items, nextCursor: null });
  });
  return queries;
}

function renderPalette(onClose = vi.fn()) {
  const view = renderAt(
    '/',
    pages(
      ['/', () => <CommandPalette opened onClose={onClose} />],
      ['/customers/$customerId', () => <p>Customer 360 page</p>],
    ),
    sessionFor('agent'),
  );
  return { ...view, onClose };
}

describe('CommandPalette', () => {
  it('finds a customer by what is typed and opens the 360 page on Enter', async () => {
    const queries = serveSearch();
    const { router, onClose } = renderPalette();
    const input = await screen.findByRole('textbox', { name: 'Find a customer' });
    await userEvent.type(input, 'ana f');
    const option = await screen.findByRole('option', { name: /Ana Ferreira/ });
    expect(option.textContent).toContain('ana@example.com · +351912345678');
    expect(option.textContent).toContain('prefers a human');
    expect(option.getAttribute('aria-selected')).toBe('true');
    expect(input.getAttribute('aria-activedescendant')).toBe('palette-c-ana');
    expect(queries).toContain('ana f');

    await userEvent.keyboard('{Enter}');
    await waitFor(() => expect(router.state.location.pathname).toBe('/customers/c-ana'));
    expect(onClose).toHaveBeenCalled();
    expect(await screen.findByText('Customer 360 page')).toBeTruthy();
  });

  it('moves through the results with the arrow keys', async () => {
    serveSearch();
    const { router } = renderPalette();
    const input = await screen.findByRole('textbox', { name: 'Find a customer' });
    await userEvent.type(input, 'an');
    await screen.findByRole('option', { name: /Ana Ferreira/ });
    expect(screen.getAllByRole('option').map((o) => o.getAttribute('aria-selected'))).toEqual([
      'true',
      'false',
    ]);
    await userEvent.keyboard('{ArrowDown}{ArrowDown}{ArrowUp}{ArrowDown}');
    expect(screen.getByRole('option', { name: /Ana Ferreira/ }).getAttribute('aria-selected')).toBe('true');
    await userEvent.keyboard('{Enter}');
    await waitFor(() => expect(router.state.location.pathname).toBe('/customers/c-ana'));
  });

  it('opens the match for the text typed, not a result still shown for an earlier prefix', async () => {
    serveSearch(30);
    const { router } = renderPalette();
    const input = await screen.findByRole('textbox', { name: 'Find a customer' });
    await userEvent.type(input, 'an');
    // "an" finds Anton first, then Ana.
    await screen.findByRole('option', { name: /Anton Berg/ });
    // Typing on and pressing Enter at once: Anton's row is still on screen until the search catches up.
    await userEvent.type(input, 'a f{Enter}');
    await waitFor(() => expect(router.state.location.pathname).toBe('/customers/c-ana'));
  });

  it('says when nobody matches', async () => {
    serveSearch();
    renderPalette();
    await userEvent.type(await screen.findByRole('textbox', { name: 'Find a customer' }), 'zed');
    expect(await screen.findByText('No customer matches “zed”.')).toBeTruthy();
    expect(screen.queryAllByRole('option')).toHaveLength(0);
  });
});
