import { Group, Stack, Text, Title } from '@mantine/core';
import { type ReactNode, useEffect } from 'react';

/**
 * The page's title (also the document title), an optional subtitle and its actions on the right.
 * `badges` sit beside the title, outside the heading, so the heading names only the page.
 */
export function PageHeader({
  title,
  badges,
  subtitle,
  actions,
}: {
  title: string;
  badges?: ReactNode;
  subtitle?: ReactNode;
  actions?: ReactNode;
}) {
  useEffect(() => {
    document.title = `${title} · Rapport`;
  }, [title]);
  return (
    <Group justify="space-between" align="flex-start" mb="md" wrap="wrap" gap="sm">
      <Stack gap={2}>
        {badges ? (
          <Group gap="xs" wrap="wrap" align="center">
            <Title order={1} size="h2">
              {title}
            </Title>
            {badges}
          </Group>
        ) : (
          <Title order={1} size="h2">
            {title}
          </Title>
        )}
        {subtitle ? (
          <Text c="dimmed" size="sm" component="div">
            {subtitle}
          </Text>
        ) : null}
      </Stack>
      {actions ? <Group gap="xs">{actions}</Group> : null}
    </Group>
  );
}
