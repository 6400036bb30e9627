import { Alert, Button, Group, Menu, Modal, Stack, Text } from '@mantine/core';
import { IconChevronDown, IconPencil, IconRestore, IconTrash } from '@tabler/icons-react';
import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { ApiError } from '../lib/api.js';
import { PageHeader } from './PageHeader.js';
import { EmptyState, ErrorState, LoadingState } from './States.js';

/**
 * The parts every soft-deletable record page (a customer's 360, a company) shares: the header's
 * edit / delete actions, the "this is deleted" banner with Restore, and the confirm dialog.
 */

/** A malformed id in the URL (400 on params.id) is as missing as an unknown one. */
export function isMissingRecord(err: unknown): boolean {
  return err instanceof ApiError && (err.status === 404 || (err.status === 400 && 'id' in err.fieldErrors()));
}

/**
 * What a record page shows before it has its record: loading, "no such …" (with the way back to
 * the list), or the error with a retry. Null once the record is there.
 */
export function RecordPageStatus(props: {
  query: { isPending: boolean; isError: boolean; error: unknown; refetch: () => unknown };
  /** Lower case, e.g. 'customer'. */
  noun: string;
  backTo: '/customers' | '/companies';
  missingText: string;
  minHeight: number;
}) {
  const { query, noun } = props;
  const title = noun[0]!.toUpperCase() + noun.slice(1);
  if (query.isPending) {
    return (
      <>
        <PageHeader title={title} />
        <LoadingState label={`Loading the ${noun}…`} minHeight={props.minHeight} />
      </>
    );
  }
  if (!query.isError) return null;
  const missing = isMissingRecord(query.error);
  return (
    <>
      <PageHeader title={missing ? `${title} not found` : title} />
      {missing ? (
        <EmptyState
          title={`No such ${noun}`}
          action={
            <Button component={Link} to={props.backTo} variant="light">
              Back to {noun === 'company' ? 'companies' : `${noun}s`}
            </Button>
          }
        >
          {props.missingText}
        </EmptyState>
      ) : (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      )}
    </>
  );
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
