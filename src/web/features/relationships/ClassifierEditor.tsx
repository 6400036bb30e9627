import {
  Alert,
  Badge,
  Box,
  Button,
  Group,
  Input,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowRight, IconEye } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useMemo, useState } from 'react';
import {
  type ClassifierConfigInput,
  ClassifierConfigOut,
  ClassifierPreview,
  RELATIONSHIP_TYPES,
  type RelationshipType,
} from '../../../shared/contracts/relationships.js';
import { ErrorState, LoadingState } from '../../components/States.js';
import { api } from '../../lib/api.js';
import { placeFormErrors } from '../../lib/form-errors.js';
import { useFormat } from '../../lib/use-format.js';
import { FormActions } from '../settings/SettingsParts.js';
import {
  type ClassifierForm,
  classifierBody,
  classifierChanged,
  classifierFormOf,
  editedTypes,
} from './classifier-form.js';
import { classifierQuery, RELATIONSHIPS_KEY } from './queries.js';
import { TYPE_LABELS } from './relationships.labels.js';

/** Transitions shown under a preview. */
const TOP_TRANSITIONS = 8;

const CELL_STYLE = { width: 64, minWidth: 64 } as const;

/**
 * The scoring model: per type a bias and a weight per feature (a positive weight pushes a
 * customer with that signal towards the type), how much a survey answer counts, and the
 * temperature of the confidence. Preview says how many customers an edit would move before it
 * is saved as the next version (used from the next recompute).
 */
export function ClassifierEditor({ readOnly }: { readOnly: boolean }) {
  const query = useQuery(classifierQuery);
  if (query.isPending) return <LoadingState label="Loading the scoring model…" minHeight={320} />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  return <ModelForm config={query.data} readOnly={readOnly} />;
}

function ModelForm({ config, readOnly }: { config: ClassifierConfigOut; readOnly: boolean }) {
  const fmt = useFormat();
  const queryClient = useQueryClient();
  const saved = useMemo(() => classifierFormOf(config), [config]);
  const [form, setForm] = useState<ClassifierForm>(saved);
  const [errors, setErrors] = useState<Partial<Record<string, string>>>({});
  useEffect(() => setForm(saved), [saved]);
  const dirty = classifierChanged(config, form);
  const edited = editedTypes(config, form);
  const fields = useMemo(
    () => [
      'surveyWeight',
      'temperature',
      'note',
      ...RELATIONSHIP_TYPES.flatMap((t) => [
        `types.${t}.bias`,
        ...config.features.map((f) => `types.${t}.weights.${f.key}`),
      ]),
    ],
    [config.features],
  );

  const preview = useMutation({
    mutationFn: (body: ClassifierConfigInput) =>
      api.post('/relationships/classifier/preview', ClassifierPreview, body),
    onError: (err) => setErrors(placeFormErrors('The preview did not run', err, fields)),
  });
  const save = useMutation({
    mutationFn: (body: ClassifierConfigInput) =>
      api.put('/relationships/classifier', ClassifierConfigOut, body),
    onSuccess: async (next) => {
      queryClient.setQueryData(classifierQuery.queryKey, next);
      preview.reset();
      notifications.show({
        color: 'teal',
        title: `Scoring model saved as version ${next.version}`,
        message:
          'The next recompute classifies every customer with it; recompute now on the Relationships page.',
      });
      await queryClient.invalidateQueries({ queryKey: RELATIONSHIPS_KEY });
    },
    onError: (err) => setErrors(placeFormErrors('The scoring model was not saved', err, fields)),
  });

  const checked = (): ClassifierConfigInput | null => {
    const result = classifierBody(form);
    if (!result.ok) {
      setErrors(result.errors);
      return null;
    }
    setErrors({});
    return result.body;
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body = checked();
    if (body) save.mutate(body);
  };
  const runPreview = () => {
    const body = checked();
    if (body) preview.mutate(body);
  };

  /** Edits one value; an earlier preview no longer describes the form. */
  const edit = (key: string, change: (f: ClassifierForm) => ClassifierForm) => {
    setForm(change);
    setErrors(({ [key]: _, ...rest }) => rest);
    if (preview.data) preview.reset();
  };
  const setCell = (type: RelationshipType, feature: string | null, value: string) =>
    edit(feature === null ? `types.${type}.bias` : `types.${type}.weights.${feature}`, (f) => {
      const row = f.types[type];
      const next =
        feature === null
          ? { ...row, bias: value }
          : { ...row, weights: { ...row.weights, [feature]: value } };
      return { ...f, types: { ...f.types, [type]: next } };
    });

  return (
    <Paper withBorder p="md" component="form" onSubmit={submit} noValidate aria-label="Scoring model">
      <Stack gap="md">
        <Group justify="space-between" align="flex-start" gap="xs">
          <Stack gap={0}>
            <Title order={3} size="h4">
              Scoring model · version {fmt.number(config.version)}
            </Title>
            <Text size="sm" c="gray.7">
              {config.version === 0 ? 'The shipped weights.' : config.note || 'Edited for this workspace.'} A
              row reads as a sentence: a high weight means customers with that signal lean towards the type.
              Empty is no weight.
            </Text>
          </Stack>
          {edited.length ? (
            <Badge variant="light" color="orange" tt="none">
              {fmt.number(edited.length)} {edited.length === 1 ? 'type' : 'types'} changed
            </Badge>
          ) : null}
        </Group>
        <Box className="rapport-table-wrap">
          <Table
            aria-label="Weights per type and feature"
            verticalSpacing={2}
            horizontalSpacing={4}
            withColumnBorders
          >
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Type</Table.Th>
                <Table.Th style={CELL_STYLE}>Bias</Table.Th>
                {config.features.map((f) => (
                  <Table.Th key={f.key} style={CELL_STYLE} title={f.label}>
                    <Text size="xs" fw={600} lineClamp={3}>
                      {f.label}
                    </Text>
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {RELATIONSHIP_TYPES.map((t) => (
                <Table.Tr key={t} bg={edited.includes(t) ? 'var(--mantine-color-orange-light)' : undefined}>
                  <Table.Th scope="row" style={{ whiteSpace: 'nowrap' }}>
                    <Text size="xs" fw={600}>
                      {TYPE_LABELS[t]}
                    </Text>
                  </Table.Th>
                  <WeightCell
                    label={`${TYPE_LABELS[t]}: bias`}
                    value={form.types[t].bias}
                    error={errors[`types.${t}.bias`]}
                    onChange={(v) => setCell(t, null, v)}
                    readOnly={readOnly}
                  />
                  {config.features.map((f) => (
                    <WeightCell
                      key={f.key}
                      label={`${TYPE_LABELS[t]}: ${f.label}`}
                      value={form.types[t].weights[f.key] ?? ''}
                      error={errors[`types.${t}.weights.${f.key}`]}
                      onChange={(v) => setCell(t, f.key, v)}
                      readOnly={readOnly}
                    />
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Box>
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
          <TextInput
            label="Survey weight"
            description="How much the customer’s own answer outweighs behaviour (0–50)"
            inputMode="decimal"
            value={form.surveyWeight}
            onChange={(e) => {
              const v = e.currentTarget.value;
              edit('surveyWeight', (f) => ({ ...f, surveyWeight: v }));
            }}
            error={errors.surveyWeight}
            disabled={readOnly}
          />
          <TextInput
            label="Temperature"
            description="Higher spreads the confidence over more types (0.05–20)"
            inputMode="decimal"
            value={form.temperature}
            onChange={(e) => {
              const v = e.currentTarget.value;
              edit('temperature', (f) => ({ ...f, temperature: v }));
            }}
            error={errors.temperature}
            disabled={readOnly}
          />
          <Textarea
            label="Note"
            description="What this version changes, and why"
            autosize
            minRows={1}
            maxLength={500}
            value={form.note}
            onChange={(e) => {
              const v = e.currentTarget.value;
              edit('note', (f) => ({ ...f, note: v }));
            }}
            error={errors.note}
            disabled={readOnly}
          />
        </SimpleGrid>
        {Object.keys(errors).length ? (
          <Text size="sm" c="red.8" role="alert">
            {Object.keys(errors).length === 1
              ? 'One value needs'
              : `${fmt.number(Object.keys(errors).length)} values need`}{' '}
            correcting before a preview or a save.
          </Text>
        ) : null}
        {preview.data ? <PreviewResult preview={preview.data} /> : null}
        {readOnly ? null : (
          <FormActions
            dirty={dirty}
            saving={save.isPending}
            onDiscard={() => {
              setForm(saved);
              setErrors({});
              preview.reset();
            }}
            submitLabel={`Save as version ${fmt.number(config.version + 1)}`}
            extra={
              <Button
                variant="light"
                leftSection={<IconEye size={16} aria-hidden />}
                onClick={runPreview}
                loading={preview.isPending}
              >
                Preview
              </Button>
            }
          />
        )}
      </Stack>
    </Paper>
  );
}

function WeightCell({
  label,
  value,
  error,
  onChange,
  readOnly,
}: {
  label: string;
  value: string;
  error: string | undefined;
  onChange: (value: string) => void;
  readOnly: boolean;
}) {
  return (
    <Table.Td style={CELL_STYLE}>
      <Input
        size="xs"
        inputMode="decimal"
        aria-label={label}
        title={error ? `${label}: ${error}` : label}
        value={value}
        onChange={(e) => onChange(e.currentTarget.value)}
        error={error}
        aria-invalid={error ? true : undefined}
        disabled={readOnly}
        styles={{ input: { textAlign: 'right', paddingInline: 4 } }}
      />
    </Table.Td>
  );
}

/** "N of M customers would change type", and the largest moves. */
function PreviewResult({ preview }: { preview: ClassifierPreview }) {
  const fmt = useFormat();
  const top = preview.transitions.slice(0, TOP_TRANSITIONS);
  return (
    <Alert
      color={preview.moved ? 'blue' : 'gray'}
      variant="light"
      role="status"
      title="Preview"
      aria-label="Preview"
    >
      <Stack gap="xs">
        <Text size="sm" fw={600}>
          {fmt.number(preview.moved)} of {fmt.number(preview.customers)} customers would change type
        </Text>
        {top.length ? (
          <Table aria-label="Largest moves" verticalSpacing={2} maw={520}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>From</Table.Th>
                <Table.Th />
                <Table.Th>To</Table.Th>
                <Table.Th ta="right">Customers</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {top.map((t) => (
                <Table.Tr key={`${t.from}>${t.to}`}>
                  <Table.Td>{TYPE_LABELS[t.from]}</Table.Td>
                  <Table.Td>
                    <IconArrowRight size={14} aria-label="to" />
                  </Table.Td>
                  <Table.Td>{TYPE_LABELS[t.to]}</Table.Td>
                  <Table.Td ta="right">{fmt.number(t.customers)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ) : null}
        {preview.transitions.length > TOP_TRANSITIONS ? (
          <Text size="xs" c="gray.7">
            and {fmt.number(preview.transitions.length - TOP_TRANSITIONS)} smaller moves.
          </Text>
        ) : null}
        <Text size="xs" c="gray.7">
          Nothing is saved by a preview. Saved, the model is used from the next recompute.
        </Text>
      </Stack>
    </Alert>
  );
}
