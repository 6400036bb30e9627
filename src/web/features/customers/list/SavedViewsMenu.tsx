import { Badge, Button, Group, Menu, Modal, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  IconCheck,
  IconChevronDown,
  IconDeviceFloppy,
  IconLayoutList,
  IconPencil,
  IconPlus,
  IconTrash,
} from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { SavedView, type SavedViewUpdate } from '../../../../shared/contracts/saved-views.js';
import { ApiError, api, describeError } from '../../../lib/api.js';
import type { CustomersSearch } from '../customers.search.js';
import { SAVED_VIEWS_KEY, savedViewsQuery } from './queries.js';
import { isViewModified, searchToViewState, viewStateToSearch } from './view-state.js';

type Dialog =
  | { kind: 'create' }
  | { kind: 'rename'; view: SavedView }
  | { kind: 'delete'; view: SavedView }
  | null;

/** The saved view the URL names, if it is one of the user's (a colleague's link may name theirs). */
export function useCurrentView(viewId: string | undefined): SavedView | undefined {
  const views = useQuery(savedViewsQuery);
  return viewId ? views.data?.items.find((v) => v.id === viewId) : undefined;
}

/** A name prompt whose errors (e.g. "you already have a view with this name") sit under the input. */
function NameModal({
  opened,
  title,
  initial,
  submitLabel,
  onClose,
  onSubmit,
}: {
  opened: boolean;
  title: string;
  initial: string;
  submitLabel: string;
  onClose: () => void;
  onSubmit: (name: string) => Promise<unknown>;
}) {
  const [name, setName] = useState(initial);
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) {
      setError('is required');
      return;
    }
    setBusy(true);
    try {
      await onSubmit(name.trim());
      onClose();
    } catch (err) {
      const fields = err instanceof ApiError ? err.fieldErrors() : {};
      if (fields.name) setError(fields.name);
      else notifications.show({ color: 'red', title: 'The view was not saved', message: describeError(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} title={title}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <TextInput
            label="View name"
            placeholder="e.g. Lapsed spa guests"
            data-autofocus
            value={name}
            onChange={(e) => {
              setName(e.currentTarget.value);
              setError(undefined);
            }}
            error={error}
            maxLength={80}
          />
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={busy}>
              {submitLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/**
 * The user's saved views of the customers list: apply one, save the current list as a view,
 * update, rename or delete the one shown. Views are private to their user.
 */
export function SavedViewsMenu({
  search,
  onApply,
}: {
  search: CustomersSearch;
  /** Replace the URL state (a view applied, or the view forgotten). */
  onApply: (search: CustomersSearch) => void;
}) {
  const queryClient = useQueryClient();
  const views = useQuery(savedViewsQuery);
  const current = search.view ? views.data?.items.find((v) => v.id === search.view) : undefined;
  const modified = current ? isViewModified(current.state, search) : false;
  const [dialog, setDialog] = useState<Dialog>(null);

  const invalidate = () => queryClient.invalidateQueries({ queryKey: SAVED_VIEWS_KEY });

  const update = useMutation({
    mutationFn: ({ id, body }: { id: string; body: SavedViewUpdate }) =>
      api.patch(`/saved-views/${id}`, SavedView, body),
    onSuccess: () => invalidate(),
  });

  const remove = useMutation({
    mutationFn: (id: string) => api.delete(`/saved-views/${id}`),
    onSuccess: (_, id) => {
      void invalidate();
      notifications.show({ color: 'green', title: 'View deleted', message: 'The list stays as it is.' });
      if (search.view === id) onApply({ ...search, view: undefined });
      setDialog(null);
    },
    onError: (error) =>
      notifications.show({ color: 'red', title: 'The view was not deleted', message: describeError(error) }),
  });

  const createView = async (name: string) => {
    const view = await api.post('/saved-views', SavedView, {
      resource: 'customers',
      name,
      state: searchToViewState(search),
    });
    await invalidate();
    onApply({ ...search, view: view.id });
    notifications.show({ color: 'green', title: 'View saved', message: `“${view.name}” is in your views.` });
  };

  const saveCurrent = () => {
    if (!current) return;
    update.mutate(
      { id: current.id, body: { state: searchToViewState(search) } },
      {
        onSuccess: (view) =>
          notifications.show({ color: 'green', title: 'View updated', message: `“${view.name}” saved.` }),
        onError: (error) =>
          notifications.show({
            color: 'red',
            title: 'The view was not updated',
            message: describeError(error),
          }),
      },
    );
  };

  const items = views.data?.items ?? [];
  return (
    <>
      <Menu position="bottom-end" shadow="md" width={280} withinPortal>
        <Menu.Target>
          <Button
            variant="default"
            leftSection={<IconLayoutList size={16} aria-hidden />}
            rightSection={<IconChevronDown size={14} aria-hidden />}
            aria-label={
              current ? `Saved views, showing “${current.name}”${modified ? ', edited' : ''}` : 'Saved views'
            }
            maw={300}
          >
            <Group gap={6} wrap="nowrap">
              <Text span size="sm" fw={500} truncate maw={140}>
                {current ? current.name : 'Views'}
              </Text>
              {modified ? (
                <Badge size="xs" variant="light" color="orange" tt="none" style={{ flexShrink: 0 }}>
                  edited
                </Badge>
              ) : null}
            </Group>
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>Your views</Menu.Label>
          {views.isPending ? <Menu.Item disabled>Loading…</Menu.Item> : null}
          {views.isError ? (
            <Menu.Item color="red" closeMenuOnClick={false} onClick={() => void views.refetch()}>
              Views could not be loaded — try again
            </Menu.Item>
          ) : null}
          {views.isSuccess && items.length === 0 ? <Menu.Item disabled>No saved views yet</Menu.Item> : null}
          {items.map((view) => (
            <Menu.Item
              key={view.id}
              leftSection={
                <IconCheck
                  size={14}
                  aria-hidden
                  style={{ visibility: view.id === current?.id ? 'visible' : 'hidden' }}
                />
              }
              aria-current={view.id === current?.id ? 'true' : undefined}
              onClick={() => onApply(viewStateToSearch(view.state, view.id))}
            >
              <Text span size="sm" truncate display="block">
                {view.name}
              </Text>
            </Menu.Item>
          ))}
          <Menu.Divider />
          <Menu.Item
            leftSection={<IconPlus size={14} aria-hidden />}
            onClick={() => setDialog({ kind: 'create' })}
          >
            Save as new view…
          </Menu.Item>
          {current ? (
            <>
              <Menu.Item
                leftSection={<IconDeviceFloppy size={14} aria-hidden />}
                disabled={!modified || update.isPending}
                onClick={saveCurrent}
              >
                Update “{current.name}”
              </Menu.Item>
              <Menu.Item
                leftSection={<IconPencil size={14} aria-hidden />}
                onClick={() => setDialog({ kind: 'rename', view: current })}
              >
                Rename “{current.name}”…
              </Menu.Item>
              <Menu.Item
                color="red"
                leftSection={<IconTrash size={14} aria-hidden />}
                onClick={() => setDialog({ kind: 'delete', view: current })}
              >
                Delete “{current.name}”…
              </Menu.Item>
            </>
          ) : null}
        </Menu.Dropdown>
      </Menu>

      {dialog?.kind === 'create' ? (
        <NameModal
          opened
          title="Save as a new view"
          initial=""
          submitLabel="Save view"
          onClose={() => setDialog(null)}
          onSubmit={createView}
        />
      ) : null}
      {dialog?.kind === 'rename' ? (
        <NameModal
          opened
          title="Rename view"
          initial={dialog.view.name}
          submitLabel="Rename"
          onClose={() => setDialog(null)}
          onSubmit={(name) => update.mutateAsync({ id: dialog.view.id, body: { name } })}
        />
      ) : null}
      <Modal opened={dialog?.kind === 'delete'} onClose={() => setDialog(null)} title="Delete view">
        {dialog?.kind === 'delete' ? (
          <Stack gap="md">
            <Text size="sm">
              Delete the view “{dialog.view.name}”? This cannot be undone. No customer is changed.
            </Text>
            <Group justify="flex-end" gap="xs">
              <Button variant="default" onClick={() => setDialog(null)}>
                Cancel
              </Button>
              <Button color="red" loading={remove.isPending} onClick={() => remove.mutate(dialog.view.id)}>
                Delete view
              </Button>
            </Group>
          </Stack>
        ) : null}
      </Modal>
    </>
  );
}
