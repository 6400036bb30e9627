// @vitest-environment happy-dom
import { type AnyRootRoute, createRoute } from '@tanstack/react-router';
import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Role } from '../../../../shared/contracts/common.js';
import { AppLayout } from '../../../components/AppLayout.js';
import { notFound, renderAt, sessionFor, stubApi } from '../../../test-utils.js';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function routes(root: AnyRootRoute) {
  const app = createRoute({ getParentRoute: () => root, id: 'app', component: AppLayout });
  return [
    app.addChildren([createRoute({ getParentRoute: () => app, path: '/', component: () => <p>Home</p> })]),
  ];
}

const navFor = async (role: Role) => {
  stubApi(() => notFound());
  renderAt('/', routes, sessionFor(role));
  await screen.findByText('Home');
  return within(screen.getByRole('navigation', { name: 'Main navigation' }));
};

describe('Case analytics in the navigation', () => {
  it.each(['admin', 'manager', 'analyst'] as const)('is there for %s', async (role) => {
    const nav = await navFor(role);
    expect(nav.getByRole('link', { name: 'Case analytics' }).getAttribute('href')).toBe('/cases/dashboard');
  });

  it.each(['agent', 'marketer'] as const)('is not there for %s', async (role) => {
    const nav = await navFor(role);
    expect(nav.queryByRole('link', { name: 'Case analytics' })).toBeNull();
    expect(nav.getByRole('link', { name: 'Customers' })).toBeTruthy();
  });
});
