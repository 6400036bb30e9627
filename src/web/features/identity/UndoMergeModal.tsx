import { Alert, Button, Checkbox, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconArrowBackUp } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Merge } from '../../../shared/contracts/identities.js';
import { api, describeError } from '../../lib/api.js';
import { useFormat } from '../../lib/use-format.js';
import { movesText } from './identity-display.js';
import { refreshAfterMerge } from './queries.js';

/**
 * "Undo this merge?": both customers come back as they were, every moved record goes back. The
 * pair is marked never-merge unless unticked, or the next event naming both would merge them
 * again. `merge` null: closed.
 */
export function UndoMergeModal({ merge, onClose }: { merge: Merge | null; onClose: () => void }) {
  return (
    <Modal opened={merge !== null} onClose={onClose} title="Undo this merge?" size="md">
      {merge ? <UndoBody key={merge.id} merge={merge} onClose={onClose} /> : null}
    </Modal>
  );
}

function UndoBody({ merge, onClose }: { merge: Merge; onClose: () => void }) {
  const fmt = useFormat();
  const queryClient = useQueryClient();
  const [neverMergeAgain, setNeverMergeAgain] = useState(true);
  const [reason, setReason] = useState('');
  const survivor = merge.survivorBefore.fullName || 'the survivor';
  const merged = merge.mergedBefore.fullName || 'The merged customer';

  const undo = useMutation({
    mutationFn: () =>
      api.post(`/identity/merges/${merge.id}/undo`, Merge, {
        neverMergeAgain,
        ...(reason.trim() ? { reason: reason.trim() } : {}),
      }),
    onSuccess: async () => {
      notifications.show({
        color: 'green',
        title: 'Merge undone',
        message: `${merged} and ${survivor} are two customers again${
          neverMergeAgain ? ', and will not be merged again' : ''
        }.`,
      });
      onClose();
      await refreshAfterMerge(queryClient);
    },
  });

  const moved = movesText(merge.movedCounts, fmt);
  return (
    <Stack gap="md">
      <Text size="sm">
        {merged} comes back as a customer of its own
        {moved === 'nothing' ? '' : `, with the ${moved} that moved`}. {survivor} gets back the profile it had
        before the merge; changes made to it since are kept.
      </Text>
      <Checkbox
        checked={neverMergeAgain}
        onChange={(e) => setNeverMergeAgain(e.currentTarget.checked)}
        label="Never merge these two again"
        description="Otherwise the next event or import that names both would merge them again."
      />
      {neverMergeAgain ? (
        <TextInput
          label="Reason (optional)"
          placeholder="e.g. father and son, same name"
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          maxLength={500}
        />
      ) : null}
      {undo.isError ? (
        <Alert
          color="red"
          icon={<IconAlertTriangle size={18} />}
          role="alert"
          title="The merge was not undone"
        >
          {describeError(undo.error)}
        </Alert>
      ) : null}
      <Group justify="flex-end" gap="sm">
        <Button variant="default" onClick={onClose} disabled={undo.isPending}>
          Keep the merge
        </Button>
        <Button
          color="red"
          leftSection={<IconArrowBackUp size={16} aria-hidden />}
          onClick={() => undo.mutate()}
          loading={undo.isPending}
        >
          Undo merge
        </Button>
      </Group>
    </Stack>
  );
}
