import {
  ActionIcon,
  Badge,
  Button,
  Checkbox,
  Group,
  Paper,
  Select,
  Skeleton,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArchive, IconArrowBackUp, IconArrowDown, IconArrowUp, IconPlus } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { z } from 'zod';
import { CHANNELS, type Channel } from '../../../shared/contracts/common.js';
import {
  ChannelSetting,
  type ChannelSettingUpdate,
  TouchpointType,
  type TouchpointTypeCreate,
  type TouchpointTypeUpdate,
} from '../../../shared/contracts/touchpoint-types.js';
import { CHANNEL_LABELS } from '../../../shared/contracts/touchpoints.js';
import { ErrorState } from '../../components/States.js';
import { ApiError, api, describeError } from '../../lib/api.js';
import { useCan, useSession } from '../../lib/session.js';
import { CATALOGUE_KEY } from '../touchpoint-catalogue/catalogue.js';
import { AdminOnlyState, SectionHeader } from './SettingsParts.js';
import { keyFromLabel, moved } from './settings.touchpoints.js';

const TypeList = z.object({ items: z.array(TouchpointType) });
const ChannelList = z.object({ items: z.array(ChannelSetting) });

const typesQuery = {
  queryKey: [...CATALOGUE_KEY, 'types', 'all'],
  queryFn: ({ signal }: { signal: AbortSignal }) =>
    api.get('/touchpoint-types', TypeList, { query: { includeArchived: true }, signal }),
};
const channelsQuery = {
  queryKey: [...CATALOGUE_KEY, 'channels'],
  queryFn: ({ signal }: { signal: AbortSignal }) => api.get('/touchpoint-channels', ChannelList, { signal }),
};

const NO_CHANNEL = 'none';
const channelChoices = [
  { value: NO_CHANNEL, label: 'Any channel' },
  ...CHANNELS.map((c) => ({ value: c, label: CHANNEL_LABELS[c] })),
];

function useSaved(title: string) {
  return (error: unknown) => notifications.show({ color: 'red', title, message: describeError(error) });
}

/**
 * The touch-point catalogue: the types staff log and the timeline names (add, rename, reorder,
 * archive, satisfaction), and which built-in channels the workspace uses and what it calls them.
 */
export function TouchpointSettings() {
  const { user } = useSession();
  const canManage = useCan('workspace:manage');
  if (!canManage)
    return <AdminOnlyState title="Touch points" what="the touch-point catalogue" role={user.role} />;
  return (
    <>
      <SectionHeader
        title="Touch points"
        description="The types of touch point staff log and the timeline shows, and the channels they happen on. Touch points from other systems keep their own type names; types here give them labels and decide where a satisfaction rating is asked for."
      />
      <Stack gap="xl" maw={900}>
        <TypesSection />
        <ChannelsSection />
      </Stack>
    </>
  );
}

function TypesSection() {
  const queryClient = useQueryClient();
  const types = useQuery(typesQuery);
  const refresh = () => queryClient.invalidateQueries({ queryKey: CATALOGUE_KEY });
  const update = useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: TouchpointTypeUpdate }) =>
      api.patch(`/touchpoint-types/${id}`, TouchpointType, patch),
    onSuccess: refresh,
    onError: useSaved('The type was not saved'),
  });
  const reorder = useMutation({
    mutationFn: (ids: string[]) => api.put('/touchpoint-types/order', TypeList, { ids }),
    onSuccess: refresh,
    onError: useSaved('The order was not saved'),
  });

  if (types.isPending)
    return <Skeleton height={320} radius="md" aria-label="Loading the touch-point types" />;
  if (types.isError) return <ErrorState error={types.error} onRetry={() => void types.refetch()} />;
  const live = types.data.items.filter((t) => !t.archivedAt);
  const archived = types.data.items.filter((t) => t.archivedAt);
  const move = (index: number, by: -1 | 1) => reorder.mutate(moved(live, index, by).map((t) => t.id));

  return (
    <Stack gap="sm">
      <Title order={3} size="h4">
        Types
      </Title>
      <Paper withBorder>
        <Table verticalSpacing="xs" aria-label="Touch-point types">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Label</Table.Th>
              <Table.Th>Key</Table.Th>
              <Table.Th>Usual channel</Table.Th>
              <Table.Th>Satisfaction</Table.Th>
              <Table.Th>
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {[...live, ...archived].map((t) => {
              const index = live.indexOf(t);
              return (
                <Table.Tr key={t.id} style={t.archivedAt ? { opacity: 0.6 } : undefined}>
                  <Table.Td>
                    <LabelInput type={t} onSave={(label) => update.mutate({ id: t.id, patch: { label } })} />
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" ff="monospace">
                      {t.key}
                    </Text>
                    {t.archivedAt ? (
                      <Badge size="xs" color="gray" variant="light" tt="none">
                        Archived
                      </Badge>
                    ) : null}
                  </Table.Td>
                  <Table.Td>
                    <Select
                      aria-label={`Usual channel of ${t.label}`}
                      size="xs"
                      w={150}
                      data={channelChoices}
                      value={t.defaultChannel ?? NO_CHANNEL}
                      allowDeselect={false}
                      onChange={(v) =>
                        update.mutate({
                          id: t.id,
                          patch: { defaultChannel: !v || v === NO_CHANNEL ? null : (v as Channel) },
                        })
                      }
                    />
                  </Table.Td>
                  <Table.Td>
                    <Switch
                      aria-label={`Ask for satisfaction with ${t.label}`}
                      checked={t.capturesSatisfaction}
                      onChange={(e) =>
                        update.mutate({ id: t.id, patch: { capturesSatisfaction: e.currentTarget.checked } })
                      }
                    />
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap" justify="flex-end">
                      {t.archivedAt ? (
                        <Tooltip label="Restore">
                          <ActionIcon
                            variant="subtle"
                            aria-label={`Restore ${t.label}`}
                            onClick={() => update.mutate({ id: t.id, patch: { archived: false } })}
                          >
                            <IconArrowBackUp size={16} />
                          </ActionIcon>
                        </Tooltip>
                      ) : (
                        <>
                          <ActionIcon
                            variant="subtle"
                            aria-label={`Move ${t.label} up`}
                            disabled={index === 0 || reorder.isPending}
                            onClick={() => move(index, -1)}
                          >
                            <IconArrowUp size={16} />
                          </ActionIcon>
                          <ActionIcon
                            variant="subtle"
                            aria-label={`Move ${t.label} down`}
                            disabled={index === live.length - 1 || reorder.isPending}
                            onClick={() => move(index, 1)}
                          >
                            <IconArrowDown size={16} />
                          </ActionIcon>
                          <Tooltip label="Archive: hidden from forms and filters; its touch points keep the label">
                            <ActionIcon
                              variant="subtle"
                              color="gray"
                              aria-label={`Archive ${t.label}`}
                              onClick={() => update.mutate({ id: t.id, patch: { archived: true } })}
                            >
                              <IconArchive size={16} />
                            </ActionIcon>
                          </Tooltip>
                        </>
                      )}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Paper>
      <NewTypeForm onAdded={refresh} />
    </Stack>
  );
}

/** A label edited in place, saved on Enter or when the field loses focus. */
function LabelInput({ type, onSave }: { type: TouchpointType; onSave: (label: string) => void }) {
  const [value, setValue] = useState(type.label);
  useEffect(() => setValue(type.label), [type.label]);
  const save = () => {
    const label = value.trim();
    if (!label) setValue(type.label);
    else if (label !== type.label) onSave(label);
  };
  return (
    <TextInput
      aria-label={`Label of ${type.key}`}
      size="xs"
      value={value}
      maxLength={80}
      onChange={(e) => setValue(e.currentTarget.value)}
      onBlur={save}
      onKeyDown={(e) => {
        if (e.key === 'Enter') {
          e.preventDefault();
          save();
        }
      }}
    />
  );
}

function NewTypeForm({ onAdded }: { onAdded: () => Promise<unknown> }) {
  const empty = { label: '', key: '', keyEdited: false, channel: NO_CHANNEL, captures: false };
  const [form, setForm] = useState(empty);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const add = useMutation({
    mutationFn: (body: TouchpointTypeCreate) => api.post('/touchpoint-types', TouchpointType, body),
    onSuccess: async (created) => {
      notifications.show({ color: 'green', title: 'Type added', message: created.label });
      setForm(empty);
      setErrors({});
      await onAdded();
    },
    onError: (error) => {
      const fields = error instanceof ApiError ? error.fieldErrors() : {};
      setErrors(fields);
      if (!fields.key && !fields.label) {
        notifications.show({ color: 'red', title: 'The type was not added', message: describeError(error) });
      }
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!form.label.trim()) {
      setErrors({ label: 'is required' });
      return;
    }
    add.mutate({
      key: form.key,
      label: form.label.trim(),
      defaultChannel: form.channel === NO_CHANNEL ? null : (form.channel as Channel),
      capturesSatisfaction: form.captures,
    });
  };
  return (
    <Paper withBorder p="md" component="form" onSubmit={submit} noValidate aria-label="New touch-point type">
      <Group align="flex-end" gap="sm" wrap="wrap">
        <TextInput
          label="New type"
          placeholder="Room service"
          value={form.label}
          error={errors.label}
          maxLength={80}
          onChange={(e) => {
            const label = e.currentTarget.value;
            setForm((f) => ({ ...f, label, key: f.keyEdited ? f.key : keyFromLabel(label) }));
          }}
        />
        <TextInput
          label="Key"
          description="What touch points carry as their type"
          value={form.key}
          error={errors.key}
          maxLength={64}
          onChange={(e) => {
            const key = e.currentTarget.value;
            setForm((f) => ({ ...f, key, keyEdited: true }));
          }}
        />
        <Select
          label="Usual channel"
          data={channelChoices}
          value={form.channel}
          allowDeselect={false}
          onChange={(v) => setForm((f) => ({ ...f, channel: v ?? NO_CHANNEL }))}
          w={160}
        />
        <Checkbox
          label="Ask for satisfaction"
          checked={form.captures}
          onChange={(e) => {
            const captures = e.currentTarget.checked;
            setForm((f) => ({ ...f, captures }));
          }}
          mb={8}
        />
        <Button type="submit" leftSection={<IconPlus size={16} />} loading={add.isPending}>
          Add type
        </Button>
      </Group>
    </Paper>
  );
}

function ChannelsSection() {
  const queryClient = useQueryClient();
  const channels = useQuery(channelsQuery);
  const update = useMutation({
    mutationFn: ({ channel, patch }: { channel: Channel; patch: ChannelSettingUpdate }) =>
      api.patch(`/touchpoint-channels/${channel}`, ChannelSetting, patch),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: CATALOGUE_KEY }),
    onError: useSaved('The channel was not saved'),
  });
  if (channels.isPending) return <Skeleton height={320} radius="md" aria-label="Loading the channels" />;
  if (channels.isError) return <ErrorState error={channels.error} onRetry={() => void channels.refetch()} />;
  return (
    <Stack gap="sm">
      <Title order={3} size="h4">
        Channels
      </Title>
      <Text size="sm" c="gray.7">
        A disabled channel is left out of forms and filters; touch points already on it still show.
      </Text>
      <Paper withBorder>
        <Table verticalSpacing="xs" aria-label="Channels">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Channel</Table.Th>
              <Table.Th>Label in this workspace</Table.Th>
              <Table.Th>In use</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {channels.data.items.map((c) => (
              <Table.Tr key={c.channel}>
                <Table.Td>{CHANNEL_LABELS[c.channel]}</Table.Td>
                <Table.Td>
                  <ChannelLabelInput
                    setting={c}
                    onSave={(label) => update.mutate({ channel: c.channel, patch: { label } })}
                  />
                </Table.Td>
                <Table.Td>
                  <Switch
                    aria-label={`Use ${c.label}`}
                    checked={c.enabled}
                    onChange={(e) =>
                      update.mutate({ channel: c.channel, patch: { enabled: e.currentTarget.checked } })
                    }
                  />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Paper>
    </Stack>
  );
}

/** Empty means the built-in label. */
function ChannelLabelInput({
  setting,
  onSave,
}: {
  setting: ChannelSetting;
  onSave: (label: string | null) => void;
}) {
  const [value, setValue] = useState(setting.customLabel ?? '');
  useEffect(() => setValue(setting.customLabel ?? ''), [setting.customLabel]);
  const save = () => {
    const label = value.trim() || null;
    if (label !== setting.customLabel) onSave(label);
  };
  return (
    <TextInput
      aria-label={`Label of ${CHANNEL_LABELS[setting.channel]}`}
      size="xs"
      placeholder={CHANNEL_LABELS[setting.channel]}
      value={value}
      maxLength={40}
      onChange={(e) => setValue(e.currentTarget.value)}
      onBlur={save}
      onKeyDown={(e) => {
        if (e.key === 'Enter') {
          e.preventDefault();
          save();
        }
      }}
    />
  );
}
