import { Button, Group, Modal, Select, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import {
  type OverrideInput,
  RELATIONSHIP_TYPES,
  RelationshipPanel,
  type RelationshipType,
} from '../../../shared/contracts/relationships.js';
import { api } from '../../lib/api.js';
import { placeFormErrors } from '../../lib/form-errors.js';
import { refreshRelationship } from './queries.js';
import { type OverrideValues, overrideBody } from './relationship-forms.js';
import { TYPE_LABELS } from './relationships.labels.js';

const TYPE_OPTIONS = RELATIONSHIP_TYPES.map((t) => ({ value: t, label: TYPE_LABELS[t] }));
const OverrideOut = RelationshipPanel.shape.override;

type Field = keyof OverrideValues;
const FIELDS: readonly Field[] = ['type', 'reason'];

/**
 * Staff set the type by hand when they know better than the signals ("he told the front desk he
 * would never stay elsewhere"): a type and the reason, kept across recomputes until removed.
 */
export function OverrideModal({
  customerId,
  inferredType,
  opened,
  onClose,
}: {
  customerId: string;
  inferredType: RelationshipType | null;
  opened: boolean;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const [values, setValues] = useState<OverrideValues>({ type: null, reason: '' });
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});

  useEffect(() => {
    if (opened) {
      setValues({ type: null, reason: '' });
      setErrors({});
    }
  }, [opened]);

  const set = <K extends Field>(field: K, value: OverrideValues[K]) => {
    setValues((v) => ({ ...v, [field]: value }));
    setErrors((e) => ({ ...e, [field]: undefined }));
  };

  const save = useMutation({
    mutationFn: (body: OverrideInput) =>
      api.put(`/customers/${encodeURIComponent(customerId)}/relationship/override`, OverrideOut, body),
    onSuccess: async (saved) => {
      notifications.show({
        color: 'green',
        title: 'Relationship type set by hand',
        message: `${saved ? TYPE_LABELS[saved.type] : 'The type'} is in force until the override is removed.`,
      });
      onClose();
      await refreshRelationship(queryClient, customerId);
    },
    onError: (err) => setErrors(placeFormErrors('The override was not saved', err, FIELDS)),
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const result = overrideBody(values);
    if (!result.ok) setErrors(result.errors);
    else save.mutate(result.body);
  };

  return (
    <Modal opened={opened} onClose={onClose} title="Set the relationship type by hand" size="md">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            The type you choose decides how everyone contacts this customer, and stays in force across
            recomputes until someone removes it.
            {inferredType ? ` The signals say ${TYPE_LABELS[inferredType]}.` : ''}
          </Text>
          <Select
            label="Relationship type"
            required
            // Not searchable: a searchable Select opens on focus, over the form, as the modal opens.
            data-autofocus
            data={TYPE_OPTIONS}
            value={values.type}
            onChange={(v) => set('type', v as RelationshipType | null)}
            error={errors.type}
          />
          <Textarea
            label="Reason"
            description="What you know that the signals do not"
            required
            autosize
            minRows={2}
            maxLength={500}
            value={values.reason}
            onChange={(e) => set('reason', e.currentTarget.value)}
            error={errors.reason}
          />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              Save override
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
