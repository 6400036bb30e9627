import { Button, Group, Modal, Stack, TagsInput, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { CustomerBulkTag, CustomerBulkTagResult } from '../../../../shared/contracts/customers.js';
import { ApiError, api, fieldErrorsOf } from '../../../lib/api.js';
import { notifyUnplacedErrors } from '../../../lib/form-errors.js';
import { type BulkTagErrors, bulkTagMessage, sortBulkTagErrors } from './bulk-tag.js';
import { CUSTOMERS_KEY } from './queries.js';

/** Adds and/or removes tags on the selected customers (`POST /customers/bulk-tag`). */
export function BulkTagModal({
  opened,
  ids,
  suggestions,
  onClose,
  onDone,
}: {
  opened: boolean;
  ids: string[];
  /** Tags the selected customers carry now: the likely ones to remove. */
  suggestions: string[];
  onClose: () => void;
  onDone: () => void;
}) {
  const [add, setAdd] = useState<string[]>([]);
  const [remove, setRemove] = useState<string[]>([]);
  const [errors, setErrors] = useState<BulkTagErrors>({});
  const queryClient = useQueryClient();

  const close = () => {
    setAdd([]);
    setRemove([]);
    setErrors({});
    onClose();
  };

  const tag = useMutation({
    mutationFn: (body: CustomerBulkTag) => api.post('/customers/bulk-tag', CustomerBulkTagResult, body),
    onSuccess: (result) => {
      notifications.show({ color: 'green', title: 'Tags updated', message: bulkTagMessage(result) });
      void queryClient.invalidateQueries({ queryKey: CUSTOMERS_KEY });
      close();
      onDone();
    },
    onError: (error) => {
      const { fields, rest } = sortBulkTagErrors(error instanceof ApiError ? error.fieldErrors() : {});
      setErrors(fields);
      notifyUnplacedErrors('Tags were not changed', error, fields, rest);
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body: CustomerBulkTag = { ids, add, remove };
    const parsed = CustomerBulkTag.safeParse(body);
    if (!parsed.success) {
      const { fields, rest } = sortBulkTagErrors(
        fieldErrorsOf(parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }))),
      );
      setErrors(fields);
      if (rest.length)
        notifications.show({ color: 'red', title: 'Tags were not changed', message: rest.join('; ') });
      return;
    }
    tag.mutate(body);
  };

  const n = ids.length;
  return (
    <Modal opened={opened} onClose={close} title={`Tag ${n} customer${n === 1 ? '' : 's'}`}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <TagsInput
            label="Add tags"
            description="Press Enter after each tag"
            data-autofocus
            value={add}
            onChange={(v) => {
              setAdd(v);
              setErrors({});
            }}
            error={errors.add}
            maxTags={20}
            clearable
          />
          <TagsInput
            label="Remove tags"
            data={suggestions.filter((t) => !add.includes(t))}
            value={remove}
            onChange={(v) => {
              setRemove(v);
              setErrors({});
            }}
            error={errors.remove}
            maxTags={20}
            clearable
            comboboxProps={{ withinPortal: true }}
          />
          <Text size="xs" c="dimmed">
            Customers that already have (or lack) these tags are left as they are.
          </Text>
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={tag.isPending}>
              Apply to {n} customer{n === 1 ? '' : 's'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
