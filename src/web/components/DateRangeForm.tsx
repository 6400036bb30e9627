import { Button, Group, TextInput } from '@mantine/core';
import { type FormEvent, useEffect, useState } from 'react';

/**
 * Two dates and a Show button: the range is sent only when both days are set and the first is
 * not after the second (the second says so). Follows `value` when it changes from outside.
 */
export function DateRangeForm({
  value,
  onSubmit,
  label,
}: {
  value: { from: string; to: string } | null;
  onSubmit: (range: { from: string; to: string }) => void;
  /** The form's accessible name, e.g. "Period". */
  label: string;
}) {
  const [from, setFrom] = useState(value?.from ?? '');
  const [to, setTo] = useState(value?.to ?? '');
  const shownFrom = value?.from;
  const shownTo = value?.to;
  useEffect(() => {
    if (shownFrom === undefined || shownTo === undefined) return;
    setFrom(shownFrom);
    setTo(shownTo);
  }, [shownFrom, shownTo]);
  const invalid = from !== '' && to !== '' && from > to;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (from && to && !invalid) onSubmit({ from, to });
  };
  return (
    <form onSubmit={submit} aria-label={label}>
      <Group gap="xs" align="flex-end" wrap="wrap">
        <TextInput
          type="date"
          label="From"
          size="xs"
          value={from}
          max={to || undefined}
          onChange={(e) => setFrom(e.currentTarget.value)}
        />
        <TextInput
          type="date"
          label="To"
          size="xs"
          value={to}
          min={from || undefined}
          onChange={(e) => setTo(e.currentTarget.value)}
          error={invalid ? 'must be on or after the first day' : undefined}
        />
        <Button type="submit" size="xs" variant="light" disabled={invalid || !from || !to}>
          Show
        </Button>
      </Group>
    </form>
  );
}
