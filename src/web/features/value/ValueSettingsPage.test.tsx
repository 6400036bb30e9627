// @vitest-environment happy-dom
import { notifications } from '@mantine/notifications';
import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Role } from '../../../shared/contracts/common.js';
import { DEFAULT_VALUE_SETTINGS } from '../../../shared/contracts/value.js';
import {
  fill,
  jsonResponse,
  pages,
  renderAt,
  type SeenRequest,
  sessionFor,
  stubApi,
  validationProblem,
} from '../../test-utils.js';
import { ValueSettingsPage } from './ValueSettingsPage.js';

beforeEach(() => {
  vi.spyOn(notifications, 'show').mockImplementation(() => 'n');
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

function open(role: Role, onPatch?: (req: SeenRequest) => Response) {
  const seen = stubApi((req) => {
    if (req.method === 'PATCH' && req.path === '/value/settings') {
      return onPatch
        ? onPatch(req)
        : jsonResponse(200, { ...DEFAULT_VALUE_SETTINGS, ...(req.body as object) });
    }
    if (req.path === '/value/settings') return jsonResponse(200, DEFAULT_VALUE_SETTINGS);
    return jsonResponse(200, { items: [] });
  });
  renderAt('/settings/value', pages(['/settings/value', ValueSettingsPage]), sessionFor(role));
  return seen;
}

const patches = (seen: SeenRequest[]) => seen.filter((r) => r.method === 'PATCH');

/** The error message Mantine shows under an input (its aria-describedby). */
function errorOf(input: HTMLElement): string | undefined {
  const ids = input.getAttribute('aria-describedby')?.split(' ') ?? [];
  return ids
    .map((id) => document.getElementById(id))
    .find((el) => el?.className.includes('error'))
    ?.textContent?.trim();
}

async function replace(label: string | RegExp, text: string) {
  const input = screen.getByLabelText(label);
  await userEvent.clear(input);
  if (text) await fill(input, text);
  return input;
}

describe('ValueSettingsPage', () => {
  it('shows the stored settings, the discount in percent', async () => {
    open('admin');
    const horizon = (await screen.findByLabelText('Horizon (months)')) as HTMLInputElement;
    expect(horizon.value).toBe('12');
    expect((screen.getByLabelText(/^Monthly discount rate/) as HTMLInputElement).value).toBe('1');
    expect((screen.getByLabelText('Holdout (weeks)') as HTMLInputElement).value).toBe('26');
    expect((screen.getByRole('combobox', { name: 'Nightly at' }) as HTMLInputElement).value).toBe('02:00');
    expect((screen.getByRole('switch', { name: 'Recompute every night' }) as HTMLInputElement).checked).toBe(
      true,
    );
    expect(screen.getByRole('button', { name: 'Save' }).hasAttribute('disabled')).toBe(true);
  });

  it('sends only what an admin changed, the discount as a fraction', async () => {
    const seen = open('admin');
    await screen.findByLabelText('Horizon (months)');
    await replace('Horizon (months)', '24');
    await replace(/^Monthly discount rate/, '1.5');
    await userEvent.click(screen.getByRole('switch', { name: /^Leave out gift orders/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(patches(seen)).toHaveLength(1));
    expect(patches(seen)[0]?.body).toEqual({
      horizonMonths: 24,
      monthlyDiscountRate: 0.015,
      excludeGiftOrders: true,
    });
    expect(notifications.show).toHaveBeenCalledWith(
      expect.objectContaining({ title: 'Value settings saved' }),
    );
  });

  it('puts the server’s field errors under the inputs they concern', async () => {
    open('admin', () =>
      validationProblem([
        { path: 'body.holdoutWeeks', message: 'leaves too little history to fit on' },
        { path: 'body.monthlyDiscountRate', message: 'is higher than the finance team allows' },
      ]),
    );
    await screen.findByLabelText('Horizon (months)');
    const holdout = await replace('Holdout (weeks)', '52');
    const discount = await replace(/^Monthly discount rate/, '4');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(errorOf(holdout)).toBe('leaves too little history to fit on'));
    expect(holdout.getAttribute('aria-invalid')).toBe('true');
    // The API's `monthlyDiscountRate` is the percent input.
    expect(errorOf(discount)).toBe('is higher than the finance team allows');
    expect(errorOf(screen.getByLabelText('Horizon (months)'))).toBeUndefined();
    // Everything had an input to go under: no notification on top.
    expect(notifications.show).not.toHaveBeenCalled();

    // Editing the field clears its error.
    await replace('Holdout (weeks)', '40');
    expect(errorOf(holdout)).toBeUndefined();
    expect(errorOf(discount)).toBe('is higher than the finance team allows');
  });

  it('says what belongs to no input in a notification', async () => {
    open('admin', () => validationProblem([{ path: 'body', message: 'settings are locked during a run' }]));
    await screen.findByLabelText('Horizon (months)');
    await replace('RFM bins', '4');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(notifications.show).toHaveBeenCalledWith(
        expect.objectContaining({ title: 'The value settings were not saved' }),
      ),
    );
  });

  it('checks before sending: an emptied number is required', async () => {
    const seen = open('admin');
    await screen.findByLabelText('Horizon (months)');
    const kept = await replace('Runs kept', '');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(errorOf(kept)).toBe('is required');
    expect(kept.getAttribute('aria-invalid')).toBe('true');
    expect(patches(seen)).toHaveLength(0);
  });

  it('turns the nightly hour off with the nightly run', async () => {
    open('admin');
    await userEvent.click(await screen.findByRole('switch', { name: 'Recompute every night' }));
    expect((screen.getByRole('combobox', { name: 'Nightly at' }) as HTMLInputElement).disabled).toBe(true);
  });

  it('is read-only for everyone but admins', async () => {
    const seen = open('manager');
    expect(await screen.findByText('Only admins can change value settings.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Save' })).toBeNull();
    expect((screen.getByLabelText('Horizon (months)') as HTMLInputElement).disabled).toBe(true);
    expect(seen.every((r) => r.method === 'GET')).toBe(true);
  });
});
