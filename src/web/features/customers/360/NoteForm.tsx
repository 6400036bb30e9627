import { Button, Checkbox, Group, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { NOTE_MAX_CHARS, Note, NoteCreate } from '../../../../shared/contracts/notes.js';
import { ApiError, api, describeError } from '../../../lib/api.js';
import { useFormat } from '../../../lib/use-format.js';
import { customerKey } from './queries.js';

/** The first message of the shared contract's check, so the form says what the server would. */
export function noteBodyError(body: string): string | null {
  const parsed = NoteCreate.safeParse({ body });
  return parsed.success ? null : (parsed.error.issues[0]?.message ?? 'is not valid');
}

/**
 * "New note": plain text up to 10,000 characters, added to the customer's timeline and notes at
 * once (both, and the 360, are refetched). Ctrl/Cmd+Enter adds it from the keyboard.
 */
export function NoteForm({ customerId, compact = false }: { customerId: string; compact?: boolean }) {
  const fmt = useFormat();
  const queryClient = useQueryClient();
  const [body, setBody] = useState('');
  const [frontLine, setFrontLine] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const add = useMutation({
    mutationFn: (text: string) =>
      api.post(`/customers/${customerId}/notes`, Note, { body: text, ...(frontLine ? { frontLine } : {}) }),
    onSuccess: async () => {
      setBody('');
      setFrontLine(false);
      setError(null);
      notifications.show({ color: 'green', title: 'Note added', message: 'It is on the timeline now.' });
      await queryClient.invalidateQueries({ queryKey: customerKey(customerId) });
    },
    onError: (err) => {
      const fieldError = err instanceof ApiError ? err.fieldErrors().body : undefined;
      if (fieldError) setError(fieldError);
      else notifications.show({ color: 'red', title: 'The note was not added', message: describeError(err) });
    },
  });

  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    if (add.isPending) return;
    const local = noteBodyError(body);
    if (local) {
      setError(body.trim() ? local : 'Write something first');
      return;
    }
    add.mutate(body);
  };

  const over = body.length > NOTE_MAX_CHARS;
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap={6}>
        <Textarea
          label="New note"
          placeholder="What should the next person who serves this customer know?"
          autosize
          minRows={compact ? 2 : 3}
          maxRows={12}
          value={body}
          onChange={(e) => {
            setBody(e.currentTarget.value);
            if (error) setError(null);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) submit();
          }}
          error={error}
        />
        <Checkbox
          label="For front-line staff: show it on the arrivals briefing"
          checked={frontLine}
          onChange={(e) => setFrontLine(e.currentTarget.checked)}
        />
        <Group justify="space-between" gap="xs">
          <Text size="xs" c={over ? 'red' : 'dimmed'} aria-live="polite">
            {fmt.number(body.length)} / {fmt.number(NOTE_MAX_CHARS)}
          </Text>
          <Button type="submit" size="xs" loading={add.isPending}>
            Add note
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
