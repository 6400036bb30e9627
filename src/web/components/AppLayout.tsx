import {
  ActionIcon,
  AppShell,
  Avatar,
  Burger,
  Group,
  Kbd,
  Menu,
  NavLink,
  Text,
  TextInput,
  Tooltip,
  UnstyledButton,
} from '@mantine/core';
import { useDisclosure, useHotkeys } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import {
  IconBuilding,
  IconBulb,
  IconCash,
  IconChartBar,
  IconChartHistogram,
  IconDoorEnter,
  IconFileImport,
  IconGauge,
  IconGitMerge,
  IconHeartHandshake,
  IconInbox,
  IconListCheck,
  IconLogout,
  IconSearch,
  IconSettings,
  IconSpeakerphone,
  IconUsers,
} from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { Link, Outlet, useNavigate, useRouterState } from '@tanstack/react-router';
import { Suspense, useRef, useState } from 'react';
import { can } from '../../shared/permissions.js';
import { api, describeError, setCsrfToken } from '../lib/api.js';
import { sessionQuery, useSession } from '../lib/session.js';
import { CommandPalette } from './CommandPalette.js';
import { LoadingState } from './States.js';

const NAV = [
  { to: '/', label: 'Dashboard', icon: IconGauge, exact: true },
  { to: '/value', label: 'Value', icon: IconChartHistogram, exact: false },
  // Exact: the work list, under /relationships, is its own item.
  { to: '/relationships', label: 'Relationships', icon: IconHeartHandshake, exact: true },
  { to: '/relationships/work-list', label: 'Work list', icon: IconListCheck, exact: false },
  { to: '/customers', label: 'Customers', icon: IconUsers, exact: false },
  // Exact: the suggestions board, dashboard and other pages under /cases are their own items.
  { to: '/cases', label: 'Cases', icon: IconInbox, exact: true },
  { to: '/cases/suggestions', label: 'Suggestions', icon: IconBulb, exact: false },
  // For those who steer service recovery; agents read the same figures through the API.
  {
    to: '/cases/dashboard',
    label: 'Case analytics',
    icon: IconChartBar,
    exact: false,
    roles: ['admin', 'manager', 'analyst'],
  },
  {
    to: '/cases/social-import',
    label: 'Social mentions',
    icon: IconSpeakerphone,
    exact: false,
    action: 'crm:write',
  },
  // Compensation above an agent's cap waits here for those who may approve it.
  {
    to: '/cases/approvals',
    label: 'Approvals',
    icon: IconCash,
    exact: false,
    roles: ['admin', 'manager'],
  },
  { to: '/companies', label: 'Companies', icon: IconBuilding, exact: false },
  { to: '/arrivals', label: 'Arrivals', icon: IconDoorEnter, exact: false },
  { to: '/import', label: 'Import', icon: IconFileImport, exact: false, action: 'data:import' },
  { to: '/duplicates', label: 'Duplicates', icon: IconGitMerge, exact: false, action: 'customers:merge' },
  { to: '/settings', label: 'Settings', icon: IconSettings, exact: false },
] as const;

function initials(name: string): string {
  return (
    name
      .split(/\s+/)
      .filter(Boolean)
      .slice(0, 2)
      .map((p) => p[0]?.toUpperCase())
      .join('') || '?'
  );
}

/** The frame of every logged-in screen: navigation, global search, command palette, user menu. */
export function AppLayout() {
  const session = useSession();
  const [navOpen, nav] = useDisclosure(false);
  const [paletteOpen, palette] = useDisclosure(false);
  const [search, setSearch] = useState('');
  const searchRef = useRef<HTMLInputElement>(null);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const pathname = useRouterState({ select: (s) => s.location.pathname });

  useHotkeys([
    ['mod+K', () => palette.open()],
    ['/', () => searchRef.current?.focus()],
  ]);

  const logout = async () => {
    try {
      await api.post('/auth/logout', null);
    } catch (error) {
      notifications.show({ color: 'red', title: 'Logout failed', message: describeError(error) });
      return;
    }
    setCsrfToken(null);
    queryClient.clear();
    queryClient.setQueryData(sessionQuery.queryKey, null);
    await navigate({ to: '/login' });
  };

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 220, breakpoint: 'md', collapsed: { mobile: !navOpen } }}
      padding="md"
    >
      <a href="#main" className="rapport-skip-link">
        Skip to content
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap" gap="sm">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={navOpen}
              onClick={nav.toggle}
              hiddenFrom="md"
              size="sm"
              aria-label="Toggle navigation"
            />
            <Text component={Link} to="/" fw={750} size="lg" c="blue.8" td="none">
              Rapport
            </Text>
            <Text size="sm" c="dimmed" visibleFrom="sm" truncate maw={200}>
              {session.workspace.name}
            </Text>
          </Group>
          <search style={{ flex: 1, maxWidth: 440 }}>
            <form
              onSubmit={(e) => {
                e.preventDefault();
                void navigate({ to: '/customers', search: { q: search.trim() || undefined } });
                searchRef.current?.blur();
              }}
            >
              <TextInput
                ref={searchRef}
                value={search}
                onChange={(e) => setSearch(e.currentTarget.value)}
                onKeyDown={(e) => {
                  if (e.key === 'Escape') e.currentTarget.blur();
                }}
                placeholder="Search customers by name, e-mail or phone"
                aria-label="Search customers"
                leftSection={<IconSearch size={16} aria-hidden />}
                rightSection={<Kbd size="xs">/</Kbd>}
                rightSectionWidth={32}
              />
            </form>
          </search>
          <Group gap="xs" wrap="nowrap">
            <Tooltip label="Jump to a customer (Ctrl+K)">
              <ActionIcon
                variant="default"
                size="lg"
                onClick={palette.open}
                aria-label="Open the command palette"
              >
                <Kbd size="xs">⌘K</Kbd>
              </ActionIcon>
            </Tooltip>
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <UnstyledButton aria-label={`Account of ${session.user.name}`}>
                  <Avatar color="blue" radius="xl" size={34}>
                    {initials(session.user.name)}
                  </Avatar>
                </UnstyledButton>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>
                  {session.user.name} · {session.user.role}
                </Menu.Label>
                <Menu.Item disabled>{session.user.email}</Menu.Item>
                <Menu.Divider />
                <Menu.Item leftSection={<IconLogout size={16} />} onClick={() => void logout()}>
                  Log out
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main navigation">
        {NAV.filter(
          (item) =>
            (!('action' in item) || can(session.user, item.action)) &&
            (!('roles' in item) || (item.roles as readonly string[]).includes(session.user.role)),
        ).map((item) => {
          const active = item.exact ? pathname === item.to : pathname.startsWith(item.to);
          return (
            <NavLink
              key={item.to}
              component={Link}
              to={item.to}
              // The router marks a link active (aria-current) under its path too: not /relationships on the work list.
              activeOptions={{ exact: item.exact }}
              label={item.label}
              leftSection={<item.icon size={18} aria-hidden />}
              active={active}
              aria-current={active ? 'page' : undefined}
              onClick={nav.close}
            />
          );
        })}
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1} style={{ maxWidth: 'var(--rapport-page-max)' }}>
        <Suspense fallback={<LoadingState />}>
          <Outlet />
        </Suspense>
      </AppShell.Main>
      <CommandPalette opened={paletteOpen} onClose={palette.close} />
    </AppShell>
  );
}
