import { Button, Group, Modal, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { Link } from '@tanstack/react-router';
import { type ReactNode, useEffect } from 'react';
import type { Role } from '../../../shared/contracts/common.js';
import { ROLE_LABELS } from './settings.roles.js';

/** A settings section's heading (h2 under the layout's "Settings"), description and actions. */
export function SectionHeader({
  title,
  description,
  actions,
}: {
  title: string;
  description?: ReactNode;
  actions?: ReactNode;
}) {
  // The layout names the page "Settings"; the section makes the tab title specific.
  useEffect(() => {
    document.title = `${title} · Settings · Rapport`;
  }, [title]);
  return (
    <Group justify="space-between" align="flex-start" mb="md" gap="sm" wrap="wrap">
      <Stack gap={2} style={{ minWidth: 0, flex: '1 1 320px' }}>
        <Title order={2} size="h3">
          {title}
        </Title>
        {description ? (
          <Text size="sm" c="gray.7" component="div">
            {description}
          </Text>
        ) : null}
      </Stack>
      {actions ? <Group gap="xs">{actions}</Group> : null}
    </Group>
  );
}

/** Shown instead of a section the role may not manage, when its URL is opened anyway. */
export function AdminOnlyState({ title, what, role }: { title: string; what: string; role: Role }) {
  useEffect(() => {
    document.title = `${title} · Settings · Rapport`;
  }, [title]);
  return (
    <Stack align="center" gap="xs" py={48} maw={460} mx="auto" ta="center">
      <ThemeIcon variant="light" color="gray" size={44} radius="xl" aria-hidden>
        <IconLock size={22} />
      </ThemeIcon>
      <Title order={2} size="h4">
        Only admins can manage {what}
      </Title>
      <Text size="sm" c="gray.7">
        Your role ({ROLE_LABELS[role]}) does not include this. Ask an admin of the workspace if something here
        needs changing.
      </Text>
      <Button component={Link} to="/settings/workspace" variant="default" mt="xs">
        Go to workspace settings
      </Button>
    </Stack>
  );
}

/** A yes/no question before a consequential change; the confirm button names the action. */
export function ConfirmModal({
  opened,
  title,
  children,
  confirmLabel,
  color = 'red',
  busy,
  onConfirm,
  onClose,
}: {
  opened: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  color?: string;
  busy?: boolean;
  onConfirm: () => void;
  onClose: () => void;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title={title} centered>
      <Stack gap="md">
        <Text size="sm" component="div">
          {children}
        </Text>
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose} data-autofocus>
            Cancel
          </Button>
          <Button color={color} onClick={onConfirm} loading={busy}>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/**
 * A settings form's footer: "Discard changes" (back to what is stored) and the submit button,
 * both idle while nothing changed. `extra` stands beside them (a preview, say); `start` on the
 * left, apart (a reset to the default).
 */
export function FormActions({
  dirty,
  saving,
  onDiscard,
  submitLabel = 'Save',
  extra,
  start,
}: {
  dirty: boolean;
  saving: boolean;
  onDiscard: () => void;
  submitLabel?: string;
  extra?: ReactNode;
  start?: ReactNode;
}) {
  return (
    <Group justify={start ? 'space-between' : 'flex-end'} gap="sm">
      {start}
      <Group gap="sm">
        <Button variant="default" disabled={!dirty || saving} onClick={onDiscard}>
          Discard changes
        </Button>
        {extra}
        <Button type="submit" disabled={!dirty} loading={saving}>
          {submitLabel}
        </Button>
      </Group>
    </Group>
  );
}
