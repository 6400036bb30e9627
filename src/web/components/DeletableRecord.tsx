import { Alert, Button, Group, Menu, Modal, Stack, Text } from '@mantine/core';
import { IconChevronDown, IconPencil, IconRestore, IconTrash } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { ApiError } from '../lib/api.js';

/**
 * The parts every soft-deletable record page (a customer's 360, a company) shares: the header's
 * edit / delete actions, the "this is deleted" banner with Restore, and the confirm dialog.
 */

/** A malformed id in the URL (400 on params.id) is as missing as an unknown one. */
export function isMissingRecord(err: unknown): boolean {
  return err instanceof ApiError && (err.status === 404 || (err.status === 400 && 'id' in err.fieldErrors()));
}

/** Edit button and a "More" menu holding Delete, each shown only when the role may. */
export function RecordActions(props: {
  canWrite: boolean;
  canDelete: boolean;
  editLabel: string;
  deleteLabel: string;
  onEdit: () => void;
  onDelete: () => void;
}) {
  return (
    <>
      {props.canWrite ? (
        <Button leftSection={<IconPencil size={16} aria-hidden />} onClick={props.onEdit}>
          {props.editLabel}
        </Button>
      ) : null}
      {props.canDelete ? (
        <Menu position="bottom-end">
          <Menu.Target>
            <Button variant="default" rightSection={<IconChevronDown size={14} aria-hidden />}>
              More
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Item color="red" leftSection={<IconTrash size={14} aria-hidden />} onClick={props.onDelete}>
              {props.deleteLabel}
            </Menu.Item>
          </Menu.Dropdown>
        </Menu>
      ) : null}
    </>
  );
}

/** The red banner over a deleted record; `children` says when and what that means. */
export function DeletedBanner(props: {
  title: string;
  children: ReactNode;
  canRestore: boolean;
  onRestore: () => void;
  restoring: boolean;
}) {
  return (
    <Alert color="red" variant="light" mb="md" title={props.title} icon={<IconTrash size={18} aria-hidden />}>
      <Group justify="space-between" gap="sm" wrap="wrap">
        <Text size="sm">{props.children}</Text>
        {props.canRestore ? (
          <Button
            size="xs"
            color="red"
            variant="white"
            leftSection={<IconRestore size={14} aria-hidden />}
            onClick={props.onRestore}
            loading={props.restoring}
          >
            Restore
          </Button>
        ) : null}
      </Group>
    </Alert>
  );
}

/** A small "are you sure?" dialog: what happens in `children`, Keep or the red `confirmLabel`. */
export function ConfirmModal(props: {
  opened: boolean;
  onClose: () => void;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  loading: boolean;
}) {
  return (
    <Modal opened={props.opened} onClose={props.onClose} title={props.title} size="sm">
      <Stack gap="md">
        <Text size="sm">{props.children}</Text>
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={props.onClose}>
            Keep
          </Button>
          <Button color="red" onClick={props.onConfirm} loading={props.loading}>
            {props.confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
