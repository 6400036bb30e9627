import { Button, Group, Paper, SegmentedControl, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { CaseMessage, MAX_CASE_BODY } from '../../../../shared/contracts/cases.js';
import { api, describeError } from '../../../lib/api.js';
import { refreshCases } from '../inbox/inbox.queries.js';

type Kind = 'reply' | 'internal_note';

/**
 * Writes to the case: a reply goes to the customer (by e-mail when the case came that way), an
 * internal note stays with staff. The text is sent exactly as typed. Ctrl/⌘+Enter sends.
 */
export function Composer({ caseId, customerId }: { caseId: string; customerId: string }) {
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<Kind>('reply');
  const [body, setBody] = useState('');
  const [error, setError] = useState<string | null>(null);
  const send = useMutation({
    mutationFn: () => api.post(`/cases/${encodeURIComponent(caseId)}/messages`, CaseMessage, { kind, body }),
    onSuccess: async () => {
      setBody('');
      setError(null);
      notifications.show({
        color: 'green',
        title: kind === 'reply' ? 'Reply sent' : 'Note added',
        message:
          kind === 'reply' ? 'It is in the thread; its e-mail status shows there.' : 'Only staff see it.',
      });
      await refreshCases(queryClient, [customerId]);
    },
    onError: (err) => setError(describeError(err)),
  });
  const blank = body.trim() === '';
  const submit = () => {
    if (!blank && !send.isPending) send.mutate();
  };
  const note = kind === 'internal_note';
  return (
    <Paper
      withBorder
      p="sm"
      radius="md"
      component="form"
      aria-label="Write to the case"
      bg={note ? 'var(--mantine-color-yellow-light)' : undefined}
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <Stack gap="xs">
        <SegmentedControl
          size="xs"
          w="fit-content"
          value={kind}
          onChange={(v) => setKind(v === 'internal_note' ? 'internal_note' : 'reply')}
          data={[
            { value: 'reply', label: 'Reply to customer' },
            { value: 'internal_note', label: 'Internal note' },
          ]}
          aria-label="Reply or internal note"
        />
        <Textarea
          label={note ? 'Internal note (staff only)' : 'Reply to the customer'}
          autosize
          minRows={3}
          maxRows={12}
          maxLength={MAX_CASE_BODY}
          value={body}
          onChange={(e) => setBody(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              submit();
            }
          }}
          error={error}
        />
        <Group justify="space-between" gap="xs">
          <Text size="xs" c="dimmed">
            {note ? 'The customer never sees notes.' : 'The customer gets this as written.'} Ctrl+Enter sends.
          </Text>
          <Button type="submit" size="xs" loading={send.isPending} disabled={blank}>
            {note ? 'Add note' : 'Send reply'}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
