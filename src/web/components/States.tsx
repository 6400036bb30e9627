import { Alert, Button, Center, Group, Loader, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconAlertTriangle, IconInbox, IconMapPinOff } from '@tabler/icons-react';
import { type ErrorComponentProps, Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { ApiError, describeError } from '../lib/api.js';

/** A centred spinner with a label screen readers announce; `minHeight` reserves the space so nothing jumps. */
export function LoadingState({
  label = 'Loading…',
  minHeight = 200,
}: {
  label?: string;
  minHeight?: number;
}) {
  return (
    <Center mih={minHeight} role="status" aria-live="polite">
      <Group gap="xs">
        <Loader size="sm" />
        <Text c="dimmed" size="sm">
          {label}
        </Text>
      </Group>
    </Center>
  );
}

/** Nothing to show yet, with what to do about it. */
export function EmptyState({
  title,
  children,
  action,
}: {
  title: string;
  children?: ReactNode;
  action?: ReactNode;
}) {
  return (
    <Center mih={200} p="lg">
      <Stack align="center" gap="xs" maw={420} ta="center">
        <ThemeIcon variant="light" size="xl" radius="xl" color="gray" aria-hidden>
          <IconInbox size={22} />
        </ThemeIcon>
        <Text fw={600}>{title}</Text>
        {children ? (
          <Text c="dimmed" size="sm">
            {children}
          </Text>
        ) : null}
        {action}
      </Stack>
    </Center>
  );
}

/** A failed load: the server's explanation and a retry. */
export function ErrorState({
  error,
  onRetry,
  title,
}: {
  error: unknown;
  onRetry?: () => void;
  title?: string;
}) {
  const forbidden = error instanceof ApiError && error.status === 403;
  return (
    <Alert
      color={forbidden ? 'yellow' : 'red'}
      icon={<IconAlertTriangle size={18} />}
      title={title ?? (forbidden ? 'Not allowed' : 'This could not be loaded')}
      role="alert"
      my="md"
    >
      <Stack gap="xs" align="flex-start">
        <Text size="sm">{describeError(error)}</Text>
        {onRetry && !forbidden ? (
          <Button size="xs" variant="light" onClick={onRetry}>
            Try again
          </Button>
        ) : null}
      </Stack>
    </Alert>
  );
}

export function NotFoundState() {
  return (
    <Center mih="60vh" p="lg">
      <Stack align="center" gap="sm">
        <ThemeIcon variant="light" size={48} radius="xl" color="gray" aria-hidden>
          <IconMapPinOff size={26} />
        </ThemeIcon>
        <Title order={2}>Page not found</Title>
        <Text c="dimmed">The link may be old, or the record was deleted.</Text>
        <Button component={Link} to="/">
          Go to the dashboard
        </Button>
      </Stack>
    </Center>
  );
}

export function RouteErrorState({ error, reset }: ErrorComponentProps) {
  if (error instanceof ApiError && error.status === 404) return <NotFoundState />;
  return (
    <Center p="lg">
      <ErrorState error={error} onRetry={reset} title="Something went wrong" />
    </Center>
  );
}
