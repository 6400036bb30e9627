import { Button, Group, Modal, Select, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import type { Channel } from '../../../../shared/contracts/common.js';
import { Touchpoint, type TouchpointCreate } from '../../../../shared/contracts/touchpoints.js';
import { ApiError, api } from '../../../lib/api.js';
import { notifyUnplacedErrors } from '../../../lib/form-errors.js';
import { useCatalogue } from '../../touchpoint-catalogue/catalogue.js';
import { customerKey } from './queries.js';
import { toLocalInput } from './task-form.js';
import { type TouchpointValues, toTouchpointCreate } from './touchpoint-form.js';

type Field = keyof TouchpointValues;

/** Server paths of a touch-point write onto the form's inputs. */
const FIELD_OF: Record<string, Field> = {
  type: 'type',
  channel: 'channel',
  occurredAt: 'at',
  satisfaction: 'satisfaction',
  properties: 'notes',
};

const SATISFACTION_WORDS = ['', 'Very unhappy', 'Unhappy', 'Neutral', 'Happy', 'Very happy'];

/**
 * Staff log what happened with the customer: a type from the workspace's catalogue (its usual
 * channel preselected), when, notes, and a 1–5 satisfaction only for types that capture one.
 */
export function LogTouchpointModal({
  customerId,
  opened,
  onClose,
}: {
  customerId: string;
  opened: boolean;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const catalogue = useCatalogue();
  const [values, setValues] = useState<TouchpointValues>(() => blank());
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});

  useEffect(() => {
    if (opened) {
      setValues(blank());
      setErrors({});
    }
  }, [opened]);

  const set = <K extends Field>(field: K, value: TouchpointValues[K]) => {
    setValues((v) => ({ ...v, [field]: value }));
    setErrors((e) => ({ ...e, [field]: undefined }));
  };
  const chooseType = (type: string | null) => {
    const preset = catalogue.types.find((t) => t.key === type)?.defaultChannel ?? null;
    setValues((v) => ({
      ...v,
      type,
      // The type's usual channel, unless staff already picked one.
      channel: v.channel ?? preset,
      satisfaction: type && catalogue.capturesSatisfaction(type) ? v.satisfaction : null,
    }));
    setErrors((e) => ({ ...e, type: undefined, channel: undefined }));
  };

  const save = useMutation({
    mutationFn: (body: TouchpointCreate) => api.post('/touchpoints', Touchpoint, body),
    onSuccess: async (saved) => {
      notifications.show({
        color: 'green',
        title: 'Touch point logged',
        message: `${catalogue.typeLabel(saved.type)} is on the timeline.`,
      });
      onClose();
      await queryClient.invalidateQueries({ queryKey: customerKey(customerId) });
    },
    onError: (err) => {
      const fields: Partial<Record<Field, string>> = {};
      const rest: string[] = [];
      for (const [path, message] of Object.entries(err instanceof ApiError ? err.fieldErrors() : {})) {
        const field = FIELD_OF[path.split('.')[0] ?? ''];
        if (field) fields[field] ??= message;
        else rest.push(message);
      }
      setErrors(fields);
      notifyUnplacedErrors('The touch point was not logged', err, fields, rest);
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const result = toTouchpointCreate(customerId, values, catalogue.capturesSatisfaction);
    if ('errors' in result) setErrors(result.errors);
    else save.mutate(result.body);
  };

  const rated = values.type !== null && catalogue.capturesSatisfaction(values.type);
  return (
    <Modal opened={opened} onClose={onClose} title="Log a touch point" size="md">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
            <Select
              label="Type"
              required
              searchable
              data-autofocus
              data={catalogue.typeOptions([], values.type)}
              value={values.type}
              onChange={chooseType}
              error={errors.type}
              nothingFoundMessage="No such type in the catalogue"
            />
            <Select
              label="Channel"
              required
              data={catalogue.channelOptions(values.channel)}
              value={values.channel}
              onChange={(v) => set('channel', (v as Channel | null) ?? null)}
              error={errors.channel}
            />
          </SimpleGrid>
          <TextInput
            label="When"
            type="datetime-local"
            required
            value={values.at}
            onChange={(e) => set('at', e.currentTarget.value)}
            error={errors.at}
          />
          {rated ? (
            <Stack gap={4}>
              <Text size="sm" fw={500} id="touchpoint-satisfaction">
                Satisfaction
              </Text>
              <Group gap={6} role="group" aria-labelledby="touchpoint-satisfaction">
                {[1, 2, 3, 4, 5].map((n) => (
                  <Button
                    key={n}
                    size="xs"
                    variant={values.satisfaction === n ? 'filled' : 'default'}
                    aria-pressed={values.satisfaction === n}
                    aria-label={`${n} of 5: ${SATISFACTION_WORDS[n]}`}
                    // A second tap on the chosen rating takes it back.
                    onClick={() => set('satisfaction', values.satisfaction === n ? null : n)}
                  >
                    {n}
                  </Button>
                ))}
                <Text size="xs" c="dimmed">
                  {values.satisfaction ? SATISFACTION_WORDS[values.satisfaction] : 'Not rated'}
                </Text>
              </Group>
              {errors.satisfaction ? (
                <Text size="xs" c="red.8" role="alert">
                  {errors.satisfaction}
                </Text>
              ) : null}
            </Stack>
          ) : null}
          <Textarea
            label="Notes"
            autosize
            minRows={2}
            maxRows={6}
            maxLength={2000}
            value={values.notes}
            onChange={(e) => set('notes', e.currentTarget.value)}
            error={errors.notes}
          />
          <Group justify="flex-end" gap="xs" mt="xs">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              Log touch point
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function blank(): TouchpointValues {
  return { type: null, channel: null, at: toLocalInput(new Date()), satisfaction: null, notes: '' };
}
