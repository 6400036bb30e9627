import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  CloseButton,
  Group,
  NumberInput,
  Paper,
  Select,
  Skeleton,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowDown, IconArrowUp, IconInfoCircle, IconPlus } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useEffect, useMemo, useState } from 'react';
import {
  IdentitySettings,
  type IdentitySettingsUpdate,
  SURVIVING_FIELDS,
  type SurvivorshipRule,
} from '../../../shared/contracts/identities.js';
import { ErrorState } from '../../components/States.js';
import { ApiError, api } from '../../lib/api.js';
import { notifyUnplacedErrors } from '../../lib/form-errors.js';
import { useCan } from '../../lib/session.js';
import { FormActions, SectionHeader } from '../settings/SettingsParts.js';
import { FIELD_LABELS, IDENTITY_KIND_LABELS } from './identity-display.js';
import {
  blockedValueError,
  blockedValueErrors,
  changedSettings,
  formOf,
  type IdentitySettingsForm,
  moveItem,
  SOURCE_LABELS,
  SURVIVORSHIP_OPTIONS,
  validatePatch,
} from './identity-settings-form.js';
import { identitySettingsQuery } from './queries.js';

const KIND_HINTS: Record<string, string> = {
  external_id: 'a user id in another system (per system)',
  loyalty: 'a loyalty or membership number',
  email: 'normalised, lower case',
  phone: 'in international format',
  anonymous: 'a device or browser id from events',
};

/**
 * Settings → Identity: how Rapport decides that two records are one person and what a merge
 * keeps. Admins edit; everyone else sees the rules read-only.
 */
export function IdentitySettingsPage() {
  const query = useQuery(identitySettingsQuery);
  const canManage = useCan('workspace:manage');
  return (
    <>
      <SectionHeader
        title="Identity"
        description="Which identities find and join customers, which values never match, and what a merge keeps."
      />
      {query.isPending ? (
        <Skeleton height={640} maw={860} radius="md" aria-label="Loading the identity settings" />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <IdentityEditor settings={query.data} readOnly={!canManage} />
      )}
    </>
  );
}

function Block({
  title,
  description,
  children,
}: {
  title: string;
  description: ReactNode;
  children: ReactNode;
}) {
  return (
    <Stack gap="xs" component="section" aria-label={title}>
      <Stack gap={0}>
        <Title order={3} size="h5">
          {title}
        </Title>
        <Text size="sm" c="gray.7">
          {description}
        </Text>
      </Stack>
      {children}
    </Stack>
  );
}

function IdentityEditor({ settings, readOnly }: { settings: IdentitySettings; readOnly: boolean }) {
  const queryClient = useQueryClient();
  const saved = useMemo(() => formOf(settings), [settings]);
  const [form, setForm] = useState<IdentitySettingsForm>(saved);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [sentBlocked, setSentBlocked] = useState<string[]>([]);
  // A refetch (someone else saved) resets the form to what is stored.
  useEffect(() => setForm(saved), [saved]);

  const patch = changedSettings(settings, form);
  const dirty = Object.keys(patch).length > 0;

  const save = useMutation({
    mutationFn: (body: IdentitySettingsUpdate) => api.patch('/identity/settings', IdentitySettings, body),
    onSuccess: (next) => {
      queryClient.setQueryData(identitySettingsQuery.queryKey, next);
      notifications.show({
        color: 'teal',
        title: 'Identity settings saved',
        message: 'New events, imports and merges use them from now on.',
      });
    },
    onError: (error) => {
      const fields = error instanceof ApiError ? error.fieldErrors() : {};
      setErrors(fields);
      const placed = Object.keys(fields).filter((k) => isPlaced(k));
      notifyUnplacedErrors(
        'The identity settings were not saved',
        error,
        Object.fromEntries(placed.map((k) => [k, fields[k]])),
        Object.entries(fields)
          .filter(([k]) => !isPlaced(k))
          .map(([k, m]) => `${k} ${m}`),
      );
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const check = validatePatch(patch);
    setSentBlocked(form.blockedValues);
    if (!check.ok) {
      setErrors(check.errors);
      return;
    }
    setErrors({});
    save.mutate(check.body);
  };

  const update = (next: Partial<IdentitySettingsForm>, clear: (key: string) => boolean) => {
    setForm((f) => ({ ...f, ...next }));
    setErrors((errs) => Object.fromEntries(Object.entries(errs).filter(([k]) => !clear(k))));
  };

  return (
    <Paper withBorder p="lg" maw={860} component="form" onSubmit={submit} noValidate>
      <Stack gap="xl">
        {readOnly ? (
          <Alert variant="light" color="gray" icon={<IconInfoCircle size={18} />}>
            Only admins can change identity settings.
          </Alert>
        ) : null}
        <KindsBlock
          form={form}
          errors={errors}
          readOnly={readOnly}
          onChange={(kinds, index) =>
            update(
              { kinds },
              (k) => k === 'kinds' || (index !== undefined && k.startsWith(`kinds.${index}.`)),
            )
          }
        />
        <BlockedValuesBlock
          values={form.blockedValues}
          serverErrors={blockedValueErrors(errors, sentBlocked)}
          listError={errors.blockedValues}
          readOnly={readOnly}
          onChange={(blockedValues) => update({ blockedValues }, (k) => k.startsWith('blockedValues'))}
        />
        <Block
          title="What a merge keeps"
          description="For each field both customers have, which value the surviving profile keeps. E-mails, phones, tags and identities are always combined; “prefers a human” is kept if either said so."
        >
          <Stack gap="xs" maw={520}>
            {SURVIVING_FIELDS.map((field) => (
              <Select
                key={field}
                label={FIELD_LABELS[field] ?? field}
                data={SURVIVORSHIP_OPTIONS}
                value={form.survivorship[field]}
                onChange={(v) =>
                  v &&
                  update(
                    { survivorship: { ...form.survivorship, [field]: v as SurvivorshipRule } },
                    (k) => k === `survivorship.${field}` || k === 'survivorship',
                  )
                }
                error={errors[`survivorship.${field}`]}
                allowDeselect={false}
                disabled={readOnly}
              />
            ))}
          </Stack>
        </Block>
        <Block
          title="Source trust"
          description="Who is trusted most when a field's rule is “most trusted source”: the source that created each profile."
        >
          <OrderedList
            label="Source trust order"
            items={form.sourceTrust.map((s) => ({ key: s, label: SOURCE_LABELS[s] }))}
            readOnly={readOnly}
            onMove={(i, d) =>
              update({ sourceTrust: moveItem(form.sourceTrust, i, d) }, (k) => k.startsWith('sourceTrust'))
            }
          />
          {errors.sourceTrust ? (
            <Text size="sm" c="red.8" role="alert">
              Source trust {errors.sourceTrust}
            </Text>
          ) : null}
        </Block>
        <Block
          title="Events"
          description="Which system an event's userId belongs to. Use the same name as the external ids your imports carry, so an event and an imported record of one person meet."
        >
          <TextInput
            label="userId source"
            value={form.userIdSource}
            onChange={(e) => update({ userIdSource: e.currentTarget.value }, (k) => k === 'userIdSource')}
            error={errors.userIdSource}
            maxLength={50}
            maw={320}
            disabled={readOnly}
          />
        </Block>
        {readOnly ? null : (
          <FormActions
            dirty={dirty}
            saving={save.isPending}
            onDiscard={() => {
              setForm(saved);
              setErrors({});
            }}
          />
        )}
      </Stack>
    </Paper>
  );
}

/** Error keys an input of this form shows; anything else is said in a notification. */
function isPlaced(key: string): boolean {
  return (
    /^kinds(\.\d+\.(limit|match|priority))?$/.test(key) ||
    key.startsWith('blockedValues') ||
    key.startsWith('survivorship') ||
    key === 'sourceTrust' ||
    key === 'userIdSource'
  );
}

function OrderedList({
  label,
  items,
  readOnly,
  onMove,
}: {
  label: string;
  items: { key: string; label: string }[];
  readOnly: boolean;
  onMove: (index: number, delta: number) => void;
}) {
  return (
    <Stack component="ol" gap={4} m={0} p={0} style={{ listStyle: 'none' }} aria-label={label} maw={520}>
      {items.map((item, i) => (
        <Group key={item.key} component="li" gap="xs" wrap="nowrap">
          <Badge variant="light" color="gray" circle>
            {i + 1}
          </Badge>
          <Text size="sm" style={{ flex: 1 }}>
            {item.label}
          </Text>
          {readOnly ? null : (
            <MoveButtons label={item.label} index={i} count={items.length} onMove={onMove} />
          )}
        </Group>
      ))}
    </Stack>
  );
}

function MoveButtons({
  label,
  index,
  count,
  onMove,
}: {
  label: string;
  index: number;
  count: number;
  onMove: (index: number, delta: number) => void;
}) {
  return (
    <Group gap={2} wrap="nowrap">
      <ActionIcon
        variant="subtle"
        color="gray"
        aria-label={`Move ${label} up`}
        disabled={index === 0}
        onClick={() => onMove(index, -1)}
      >
        <IconArrowUp size={16} aria-hidden />
      </ActionIcon>
      <ActionIcon
        variant="subtle"
        color="gray"
        aria-label={`Move ${label} down`}
        disabled={index === count - 1}
        onClick={() => onMove(index, 1)}
      >
        <IconArrowDown size={16} aria-hidden />
      </ActionIcon>
    </Group>
  );
}

function KindsBlock({
  form,
  errors,
  readOnly,
  onChange,
}: {
  form: IdentitySettingsForm;
  errors: Record<string, string>;
  readOnly: boolean;
  onChange: (kinds: IdentitySettingsForm['kinds'], index?: number) => void;
}) {
  const set = (i: number, patch: Partial<IdentitySettingsForm['kinds'][number]>) =>
    onChange(
      form.kinds.map((k, j) => (j === i ? { ...k, ...patch } : k)),
      i,
    );
  return (
    <Block
      title="Identity kinds"
      description="In priority order: an event's highest identity picks its customer; a lower one that names another customer merges the two, unless the merged profile would break a limit — then the lower one is dropped instead."
    >
      <Table.ScrollContainer minWidth={560}>
        <Table aria-label="Identity kinds" verticalSpacing={6} withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={70}>Priority</Table.Th>
              <Table.Th>Kind</Table.Th>
              <Table.Th w={150}>Limit per customer</Table.Th>
              <Table.Th w={150}>Use for matching</Table.Th>
              {readOnly ? null : <Table.Th w={80}>Order</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {form.kinds.map((k, i) => {
              const label = IDENTITY_KIND_LABELS[k.kind];
              return (
                <Table.Tr key={k.kind}>
                  <Table.Td>{i + 1}</Table.Td>
                  <Table.Th scope="row" fw={500}>
                    {label}
                    <Text size="xs" c="dimmed" fw={400}>
                      {KIND_HINTS[k.kind]}
                    </Text>
                  </Table.Th>
                  <Table.Td>
                    <NumberInput
                      aria-label={`${label} limit per customer`}
                      value={k.limit}
                      onChange={(v) =>
                        set(i, { limit: typeof v === 'number' ? v : v === '' ? '' : Number(v) })
                      }
                      min={1}
                      max={100}
                      allowDecimal={false}
                      error={errors[`kinds.${i}.limit`]}
                      disabled={readOnly}
                      size="xs"
                    />
                  </Table.Td>
                  <Table.Td>
                    <Switch
                      aria-label={`Use ${label.toLowerCase()} for matching`}
                      checked={k.match}
                      onChange={(e) => set(i, { match: e.currentTarget.checked })}
                      disabled={readOnly}
                      error={errors[`kinds.${i}.match`]}
                    />
                  </Table.Td>
                  {readOnly ? null : (
                    <Table.Td>
                      <MoveButtons
                        label={label}
                        index={i}
                        count={form.kinds.length}
                        onMove={(index, d) => onChange(moveItem(form.kinds, index, d))}
                      />
                    </Table.Td>
                  )}
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {errors.kinds ? (
        <Text size="sm" c="red.8" role="alert">
          Identity kinds {errors.kinds}
        </Text>
      ) : null}
    </Block>
  );
}

function BlockedValuesBlock({
  values,
  serverErrors,
  listError,
  readOnly,
  onChange,
}: {
  values: string[];
  serverErrors: { value: string; message: string }[];
  listError: string | undefined;
  readOnly: boolean;
  onChange: (values: string[]) => void;
}) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const add = () => {
    const problem = blockedValueError(text, values);
    if (problem) {
      setError(`“${text}” ${problem}`);
      return;
    }
    onChange([...values, text]);
    setText('');
    setError(null);
  };
  return (
    <Block
      title="Blocked values"
      description={
        <>
          Values that never identify anyone, such as placeholders typed into forms. Compared
          case-insensitively; write <code>/…/</code> for a regular expression, e.g. <code>/^0+$/</code>.
        </>
      }
    >
      <Group gap={6} wrap="wrap" aria-label="Blocked values" role="list">
        {values.map((v) => (
          <Badge
            key={v}
            role="listitem"
            variant="light"
            color={serverErrors.some((e) => e.value === v) ? 'red' : 'gray'}
            tt="none"
            size="lg"
            rightSection={
              readOnly ? null : (
                <CloseButton
                  size="xs"
                  aria-label={`Remove ${v === '' ? 'the empty value' : v}`}
                  onClick={() => onChange(values.filter((x) => x !== v))}
                />
              )
            }
          >
            {v === '' ? '(empty)' : v}
          </Badge>
        ))}
      </Group>
      {serverErrors.map((e) => (
        <Text key={e.value} size="sm" c="red.8" role="alert">
          “{e.value}” {e.message}
        </Text>
      ))}
      {listError ? (
        <Text size="sm" c="red.8" role="alert">
          Blocked values {listError}
        </Text>
      ) : null}
      {readOnly ? null : (
        <Group gap="xs" align="flex-start" maw={520}>
          <TextInput
            label="Add a blocked value"
            placeholder="e.g. noreply@example.com or /^x+$/"
            value={text}
            onChange={(e) => {
              setText(e.currentTarget.value);
              setError(null);
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                add();
              }
            }}
            error={error}
            maxLength={200}
            style={{ flex: 1 }}
          />
          <Button
            variant="default"
            mt={25}
            leftSection={<IconPlus size={14} aria-hidden />}
            onClick={add}
            disabled={!text}
          >
            Add
          </Button>
        </Group>
      )}
    </Block>
  );
}
