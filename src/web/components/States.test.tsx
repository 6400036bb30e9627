// @vitest-environment happy-dom
import { cleanup, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../lib/api.js';
import { renderWithProviders } from '../test-utils.js';
import { ErrorState } from './States.js';

afterEach(cleanup);

describe('ErrorState', () => {
  it('explains a server problem and retries on request', async () => {
    const retry = vi.fn();
    const error = new ApiError({
      type: 't',
      title: 'The request is not valid',
      status: 400,
      code: 'VALIDATION_FAILED',
      errors: [{ path: 'querystring.cursor', message: 'is not a valid cursor' }],
    });
    renderWithProviders(<ErrorState error={error} onRetry={retry} />);
    expect(screen.getByRole('alert').textContent).toContain('cursor is not a valid cursor');
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(retry).toHaveBeenCalledTimes(1);
  });

  it('offers no retry when the role is not allowed (retrying cannot help)', () => {
    const error = new ApiError({
      type: 't',
      title: 'Your role does not allow this',
      status: 403,
      code: 'FORBIDDEN',
    });
    renderWithProviders(<ErrorState error={error} onRetry={() => {}} />);
    expect(screen.getByText('Not allowed')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Try again' })).toBeNull();
  });
});
