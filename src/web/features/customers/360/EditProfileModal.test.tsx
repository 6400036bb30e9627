// @vitest-environment happy-dom
import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Customer } from '../../../../shared/contracts/customers.js';
import {
  clientAs,
  jsonResponse,
  renderWithProviders,
  stubApi,
  TEST_CUSTOMER_ID,
  TEST_USER_ID,
  validationProblem,
} from '../../../test-utils.js';
import { EditProfileModal } from './EditProfileModal.js';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const actor = { type: 'user' as const, id: TEST_USER_ID, name: 'Test agent' };
const customer: Customer = {
  id: TEST_CUSTOMER_ID,
  givenName: 'Isa',
  familyName: 'Seitz',
  fullName: 'Isa Seitz',
  emails: [
    { value: 'isa@example.net', label: 'personal', primary: true },
    { value: 'isa@work.example', label: 'work' },
  ],
  phones: [{ value: '+4917044016425', primary: true }],
  primaryEmail: 'isa@example.net',
  primaryPhone: '+4917044016425',
  address: { city: 'Freiburg', country: 'DE' },
  birthday: null,
  locale: 'de-DE',
  timeZone: 'Europe/Berlin',
  tags: ['vip'],
  attributes: {},
  prefersHumanService: false,
  createdAt: new Date('2024-01-01T00:00:00Z'),
  updatedAt: new Date('2024-01-01T00:00:00Z'),
  createdBy: actor,
  updatedBy: actor,
  deletedAt: null,
  mergedIntoId: null,
};

/** The error text Mantine ties to an input (through aria-describedby). */
function errorOf(input: HTMLElement): string {
  const ids = (input.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
  return ids.map((id) => document.getElementById(id)?.textContent ?? '').join(' ');
}

/** Replaces an input's text in one paste: typing key by key re-renders the whole form each time. */
async function fill(input: HTMLElement, text: string) {
  await userEvent.clear(input);
  await userEvent.click(input);
  await userEvent.paste(text);
}

function renderModal() {
  const onClose = vi.fn();
  renderWithProviders(<EditProfileModal customer={customer} opened onClose={onClose} />, {
    queryClient: clientAs('agent'),
  });
  return { onClose };
}

describe('EditProfileModal', () => {
  it('puts server field errors under the input they name', async () => {
    const seen = stubApi(() =>
      validationProblem([
        { path: 'body.emails.1.value', message: 'is not a valid e-mail address' },
        { path: 'body.address.country', message: 'must be an ISO 3166-1 alpha-2 code such as GB' },
        { path: 'body.timeZone', message: 'is not an IANA time zone such as Europe/Paris' },
      ]),
    );
    const { onClose } = renderModal();
    const second = screen.getByLabelText('E-mail 2');
    await fill(second, 'isa@work');
    await userEvent.click(screen.getByRole('button', { name: 'Save profile' }));

    await waitFor(() => expect(second.getAttribute('aria-invalid')).toBe('true'));
    expect(errorOf(second)).toContain('is not a valid e-mail address');
    expect(screen.getByLabelText('E-mail 1').getAttribute('aria-invalid')).not.toBe('true');
    expect(errorOf(screen.getByLabelText(/^Country/))).toContain('must be an ISO 3166-1 alpha-2 code');
    expect(screen.getByText('is not an IANA time zone such as Europe/Paris')).toBeTruthy();
    expect(onClose).not.toHaveBeenCalled();
    // Only what changed was sent: the e-mail list, whole.
    expect(seen[0]).toMatchObject({
      method: 'PATCH',
      path: `/customers/${TEST_CUSTOMER_ID}`,
      body: {
        emails: [
          { value: 'isa@example.net', label: 'personal', primary: true },
          { value: 'isa@work', label: 'work', primary: false },
        ],
      },
    });
    expect(Object.keys(seen[0]!.body as object)).toEqual(['emails']);
  });

  it('maps an error back to its row when a blank row before it was left out', async () => {
    const seen = stubApi(() =>
      validationProblem([{ path: 'body.emails.1.value', message: 'is taken by another customer' }]),
    );
    renderModal();
    await userEvent.click(screen.getByRole('button', { name: 'Add e-mail' }));
    await fill(screen.getByLabelText('E-mail 3'), 'new@example.net');
    await userEvent.clear(screen.getByLabelText('E-mail 2'));
    await userEvent.click(screen.getByRole('button', { name: 'Save profile' }));
    const third = screen.getByLabelText('E-mail 3');
    await waitFor(() => expect(errorOf(third)).toContain('is taken by another customer'));
    expect(screen.getByLabelText('E-mail 2').getAttribute('aria-invalid')).not.toBe('true');
    expect((seen[0]!.body as { emails: { value: string }[] }).emails.map((e) => e.value)).toEqual([
      'isa@example.net',
      'new@example.net',
    ]);
  });

  it('saves and closes; names travel together so the display name follows them', async () => {
    const seen = stubApi((req) =>
      jsonResponse(200, { ...customer, ...(req.body as object), fullName: 'Isa Berg' }),
    );
    const { onClose } = renderModal();
    const family = screen.getByLabelText('Family name');
    await fill(family, 'Berg');
    await userEvent.click(screen.getByLabelText(/Prefers a human/));
    await userEvent.click(screen.getByRole('button', { name: 'Save profile' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(seen[0]!.body).toEqual({
      givenName: 'Isa',
      familyName: 'Berg',
      fullName: null,
      prefersHumanService: true,
    });
  });
});
