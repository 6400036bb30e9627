import {
  ActionIcon,
  Badge,
  Button,
  Card,
  Group,
  Modal,
  Stack,
  Switch,
  Text,
  Textarea,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPencil, IconTrash } from '@tabler/icons-react';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Note } from '../../../../shared/contracts/notes.js';
import { EmptyState, ErrorState, LoadingState } from '../../../components/States.js';
import { ApiError, api, describeError } from '../../../lib/api.js';
import { useCan } from '../../../lib/session.js';
import { useFormat } from '../../../lib/use-format.js';
import { NoteForm, noteBodyError } from './NoteForm.js';
import { customerKey, flattenPages, notesQuery } from './queries.js';

/** A note was edited when its last change is more than a moment after it was written. */
const wasEdited = (n: Note) => n.updatedAt.getTime() - n.createdAt.getTime() > 1000;

function NoteItem({ note, customerId }: { note: Note; customerId: string }) {
  const fmt = useFormat();
  const canWrite = useCan('crm:write');
  const canDelete = useCan('crm:delete');
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(note.body);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: customerKey(customerId) });

  const save = useMutation({
    mutationFn: (body: string) => api.patch(`/notes/${note.id}`, Note, { body }),
    onSuccess: async () => {
      setEditing(false);
      notifications.show({
        color: 'green',
        title: 'Note saved',
        message: 'The timeline shows the new text.',
      });
      await refresh();
    },
    onError: (err) => {
      const fieldError = err instanceof ApiError ? err.fieldErrors().body : undefined;
      if (fieldError) setError(fieldError);
      else notifications.show({ color: 'red', title: 'The note was not saved', message: describeError(err) });
    },
  });

  const flag = useMutation({
    mutationFn: (frontLine: boolean) => api.patch(`/notes/${note.id}`, Note, { frontLine }),
    onSuccess: refresh,
    onError: (err) =>
      notifications.show({ color: 'red', title: 'The note was not changed', message: describeError(err) }),
  });

  const remove = useMutation({
    mutationFn: () => api.delete(`/notes/${note.id}`, Note),
    onSuccess: async () => {
      setConfirming(false);
      notifications.show({ color: 'green', title: 'Note deleted', message: 'It is gone from the timeline.' });
      await refresh();
    },
    onError: (err) =>
      notifications.show({ color: 'red', title: 'The note was not deleted', message: describeError(err) }),
  });

  return (
    <Card component="li" withBorder padding="sm" radius="md">
      <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
        <Text size="xs" c="dimmed">
          <Text span fw={600} c="var(--mantine-color-text)" size="xs">
            {note.createdBy.name}
          </Text>{' '}
          · <time dateTime={note.createdAt.toISOString()}>{fmt.dateTime(note.createdAt)}</time> (
          {fmt.relative(note.createdAt)})
          {wasEdited(note) ? ` · edited ${fmt.relative(note.updatedAt)} by ${note.updatedBy.name}` : ''}
        </Text>
        {!editing ? (
          <Group gap={4} wrap="nowrap">
            {canWrite ? (
              <Tooltip label="Edit note">
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  aria-label="Edit note"
                  onClick={() => {
                    setDraft(note.body);
                    setError(null);
                    setEditing(true);
                  }}
                >
                  <IconPencil size={16} aria-hidden />
                </ActionIcon>
              </Tooltip>
            ) : null}
            {canDelete ? (
              <Tooltip label="Delete note">
                <ActionIcon
                  variant="subtle"
                  color="red"
                  aria-label="Delete note"
                  onClick={() => setConfirming(true)}
                >
                  <IconTrash size={16} aria-hidden />
                </ActionIcon>
              </Tooltip>
            ) : null}
          </Group>
        ) : null}
      </Group>
      {editing ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            const local = noteBodyError(draft);
            if (local) setError(local);
            else save.mutate(draft);
          }}
          noValidate
        >
          <Stack gap={6} mt="xs">
            <Textarea
              label="Edit note"
              autosize
              minRows={3}
              maxRows={14}
              value={draft}
              onChange={(e) => {
                setDraft(e.currentTarget.value);
                setError(null);
              }}
              error={error}
              data-autofocus
            />
            <Group justify="flex-end" gap="xs">
              <Button variant="default" size="xs" onClick={() => setEditing(false)}>
                Cancel
              </Button>
              <Button type="submit" size="xs" loading={save.isPending}>
                Save note
              </Button>
            </Group>
          </Stack>
        </form>
      ) : (
        <Text size="sm" mt={6} className="rapport-timeline-item">
          {note.body}
        </Text>
      )}
      {!editing && canWrite ? (
        <Switch
          mt="xs"
          size="sm"
          label="On the arrivals briefing for front-line staff"
          checked={note.frontLine}
          disabled={flag.isPending}
          onChange={(e) => flag.mutate(e.currentTarget.checked)}
        />
      ) : !editing && note.frontLine ? (
        <Badge mt="xs" variant="light" color="yellow" tt="none">
          Shown to front-line staff
        </Badge>
      ) : null}
      <Modal opened={confirming} onClose={() => setConfirming(false)} title="Delete this note?" size="sm">
        <Stack gap="md">
          <Text size="sm">
            The note disappears from the notes and the timeline. The audit trail keeps a record.
          </Text>
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={() => setConfirming(false)}>
              Keep it
            </Button>
            <Button color="red" onClick={() => remove.mutate()} loading={remove.isPending}>
              Delete note
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Card>
  );
}

/** The customer's notes, newest first, with the form to add one; edit and delete by role. */
export function NotesTab({ customerId, deleted }: { customerId: string; deleted: boolean }) {
  const canWrite = useCan('crm:write');
  const notes = useInfiniteQuery({ ...notesQuery(customerId), enabled: !deleted });
  const items = flattenPages(notes.data?.pages);

  if (deleted) {
    return (
      <EmptyState title="Notes are closed while the customer is deleted">
        Their notes still show on the timeline. Restore the customer to add or edit notes.
      </EmptyState>
    );
  }
  return (
    <Stack gap="md">
      {canWrite ? (
        <Card withBorder padding="sm" radius="md">
          <NoteForm customerId={customerId} />
        </Card>
      ) : null}
      {notes.isPending ? (
        <LoadingState label="Loading notes…" />
      ) : notes.isError && !notes.data ? (
        <ErrorState error={notes.error} onRetry={() => void notes.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState title="No notes yet">
          {canWrite
            ? 'Write down what the next person should know.'
            : 'Nobody has written a note about this customer.'}
        </EmptyState>
      ) : (
        <Stack component="ul" gap="xs" m={0} p={0} style={{ listStyle: 'none' }} aria-label="Notes">
          {items.map((n) => (
            <NoteItem key={n.id} note={n} customerId={customerId} />
          ))}
        </Stack>
      )}
      {notes.hasNextPage ? (
        <Group justify="center">
          <Button
            variant="default"
            size="sm"
            onClick={() => void notes.fetchNextPage()}
            loading={notes.isFetchingNextPage}
          >
            Load more
          </Button>
        </Group>
      ) : null}
    </Stack>
  );
}
