import './settings.css';
import { Group } from '@mantine/core';
import {
  IconBuilding,
  IconChartHistogram,
  IconFingerprint,
  IconHeartHandshake,
  IconKey,
  IconRoute,
  IconUsers,
} from '@tabler/icons-react';
import { Link, Outlet } from '@tanstack/react-router';
import { Suspense } from 'react';
import { type Action, can } from '../../../shared/permissions.js';
import { PageHeader } from '../../components/PageHeader.js';
import { LoadingState } from '../../components/States.js';
import { useSession } from '../../lib/session.js';

const SECTIONS = [
  { to: '/settings/workspace', label: 'Workspace', icon: IconBuilding, action: null },
  { to: '/settings/users', label: 'Users', icon: IconUsers, action: 'users:manage' },
  { to: '/settings/api-keys', label: 'API keys', icon: IconKey, action: 'api-keys:manage' },
  { to: '/settings/touchpoints', label: 'Touch points', icon: IconRoute, action: 'workspace:manage' },
  { to: '/settings/identity', label: 'Identity', icon: IconFingerprint, action: 'workspace:manage' },
  { to: '/settings/value', label: 'Value', icon: IconChartHistogram, action: 'workspace:manage' },
  {
    to: '/settings/relationships',
    label: 'Relationships',
    icon: IconHeartHandshake,
    action: 'workspace:manage',
  },
] as const satisfies readonly { to: string; label: string; icon: unknown; action: Action | null }[];

/**
 * Settings: a bar of section links (the router marks the open one `aria-current="page"`) above
 * the section. Sections a role may not manage are left out of the bar; their pages explain
 * themselves if opened by URL.
 */
export function SettingsLayout() {
  const { user } = useSession();
  return (
    <>
      <PageHeader title="Settings" subtitle="Workspace, people and API access" />
      <nav aria-label="Settings sections">
        <Group gap={0} wrap="nowrap" className="rapport-settings-nav" mb="lg">
          {SECTIONS.filter((s) => s.action === null || can(user, s.action)).map((s) => (
            <Link key={s.to} to={s.to} className="rapport-settings-tab">
              <s.icon size={16} aria-hidden />
              {s.label}
            </Link>
          ))}
        </Group>
      </nav>
      <Suspense fallback={<LoadingState />}>
        <Outlet />
      </Suspense>
    </>
  );
}
