import { Center, Paper, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { ApiError, describeError } from '../lib/api.js';

/**
 * The customer-facing pages (a survey link, the contact form) speak to someone outside the
 * business, on a phone, with no staff app around them: these are their shared pieces.
 */

/** Whether a request failed with this HTTP status (0: the server could not be reached). */
export const isStatus = (error: unknown, status: number) =>
  error instanceof ApiError && error.status === status;

/** Why a request failed that may work when tried again, in the customer's words. */
export function retryText(error: unknown): string {
  if (isStatus(error, 429)) return 'Too many tries in a short time. Wait a minute, then try again.';
  if (isStatus(error, 0)) return 'We could not be reached. Check your connection and try again.';
  return describeError(error);
}

/** A full-card message: a link that does not work, a form that could not load, a thank-you. */
export function PublicMessage({
  icon,
  title,
  children,
  action,
  alert = false,
}: {
  icon: ReactNode;
  title: string;
  children: ReactNode;
  action?: ReactNode;
  alert?: boolean;
}) {
  return (
    <Paper withBorder radius="md" p="lg" role={alert ? 'alert' : undefined}>
      <Center>
        <Stack align="center" gap="sm" ta="center" maw={420}>
          <ThemeIcon variant="light" size={48} radius="xl" color={alert ? 'red' : 'gray'} aria-hidden>
            {icon}
          </ThemeIcon>
          <Title order={1} size="h3">
            {title}
          </Title>
          <Text c="dimmed">{children}</Text>
          {action}
        </Stack>
      </Center>
    </Paper>
  );
}
