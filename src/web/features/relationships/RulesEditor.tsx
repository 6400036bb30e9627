import {
  Badge,
  Box,
  Button,
  Checkbox,
  Grid,
  Group,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  TagsInput,
  Text,
  Textarea,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useMemo, useState } from 'react';
import {
  CONTACT_CHANNELS,
  CONTACT_PURPOSES,
  type ContactChannel,
  RELATIONSHIP_TYPES,
  type RelationshipRules,
  type RelationshipType,
  RulesBook,
  TONES,
  type Tone,
} from '../../../shared/contracts/relationships.js';
import { ConfirmModal } from '../../components/DeletableRecord.js';
import { ErrorState, LoadingState } from '../../components/States.js';
import { api, describeError } from '../../lib/api.js';
import { placeFormErrors } from '../../lib/form-errors.js';
import { useFormat } from '../../lib/use-format.js';
import { FormActions } from '../settings/SettingsParts.js';
import { portfolioQuery, RELATIONSHIPS_KEY, rulesQuery } from './queries.js';
import {
  CONTACT_CHANNEL_LABELS,
  PURPOSE_LABELS,
  SERVICE_LABELS,
  TONE_LABELS,
  TYPE_LABELS,
} from './relationships.labels.js';
import {
  RULES_FIELDS,
  type RulesField,
  type RulesForm,
  rulesBody,
  rulesChanged,
  rulesFormOf,
} from './rules-form.js';

const TONE_OPTIONS = TONES.map((t) => ({ value: t, label: TONE_LABELS[t] }));
const CHANNEL_OPTIONS = CONTACT_CHANNELS.map((c) => ({ value: c, label: CONTACT_CHANNEL_LABELS[c] }));
const SERVICE_OPTIONS = (['human', 'automated', 'either'] as const).map((s) => ({
  value: s,
  label: SERVICE_LABELS[s],
}));

/**
 * The contact rules of every relationship type: a table of the types (how many customers each
 * has, whether its rules are edited) and the form of the one chosen. Each type is saved or reset
 * on its own.
 */
export function RulesEditor({ readOnly }: { readOnly: boolean }) {
  const book = useQuery(rulesQuery);
  // How many customers a change affects: the portfolio's type mix (nothing when there is no run).
  const portfolio = useQuery(portfolioQuery({}));
  const [selected, setSelected] = useState<RelationshipType>('casual_friends');
  const fmt = useFormat();
  const customersOf = (t: RelationshipType) =>
    portfolio.data?.typeMix.find((m) => m.type === t)?.customers ?? (portfolio.data ? 0 : null);

  if (book.isPending) return <LoadingState label="Loading the contact rules…" minHeight={320} />;
  if (book.isError) return <ErrorState error={book.error} onRetry={() => void book.refetch()} />;
  const { rules, edited } = book.data;
  return (
    <Grid gap="md">
      <Grid.Col span={{ base: 12, md: 5 }}>
        <Box className="rapport-table-wrap">
          <Table aria-label="Relationship types" verticalSpacing={6} highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Type</Table.Th>
                <Table.Th ta="right">Customers</Table.Th>
                <Table.Th>Rules</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {RELATIONSHIP_TYPES.map((t) => {
                const n = customersOf(t);
                return (
                  <Table.Tr
                    key={t}
                    aria-current={t === selected ? 'true' : undefined}
                    bg={t === selected ? 'var(--mantine-color-blue-light)' : undefined}
                  >
                    <Table.Td>
                      <UnstyledButton onClick={() => setSelected(t)} fw={t === selected ? 700 : 500} fz="sm">
                        {TYPE_LABELS[t]}
                      </UnstyledButton>
                    </Table.Td>
                    <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums' }}>
                      {n === null ? '—' : fmt.number(n)}
                    </Table.Td>
                    <Table.Td>
                      {edited.includes(t) ? (
                        <Badge size="sm" variant="light" color="orange" tt="none">
                          Edited
                        </Badge>
                      ) : (
                        <Text size="xs" c="gray.7">
                          Default
                        </Text>
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Box>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 7 }}>
        <TypeRulesForm
          key={selected}
          type={selected}
          rules={rules[selected]}
          edited={edited.includes(selected)}
          customers={customersOf(selected)}
          readOnly={readOnly}
        />
      </Grid.Col>
    </Grid>
  );
}

function TypeRulesForm({
  type,
  rules,
  edited,
  customers,
  readOnly,
}: {
  type: RelationshipType;
  rules: RelationshipRules;
  edited: boolean;
  customers: number | null;
  readOnly: boolean;
}) {
  const fmt = useFormat();
  const queryClient = useQueryClient();
  const saved = useMemo(() => rulesFormOf(rules), [rules]);
  const [form, setForm] = useState<RulesForm>(saved);
  const [errors, setErrors] = useState<Partial<Record<RulesField, string>>>({});
  const [confirmReset, setConfirmReset] = useState(false);
  useEffect(() => setForm(saved), [saved]);
  const dirty = rulesChanged(rules, form);
  const label = TYPE_LABELS[type];
  const affected =
    customers === null
      ? ''
      : ` It applies to ${fmt.number(customers)} ${customers === 1 ? 'customer' : 'customers'}.`;

  const done = async (book: RulesBook, title: string) => {
    queryClient.setQueryData(rulesQuery.queryKey, book);
    notifications.show({
      color: 'teal',
      title,
      message: `${label}: in force for the next contact.${affected}`,
    });
    // Every panel shows the rules of its type.
    await queryClient.invalidateQueries({ queryKey: RELATIONSHIPS_KEY });
  };
  const path = `/relationships/rules/${encodeURIComponent(type)}`;
  const save = useMutation({
    mutationFn: (body: RelationshipRules) => api.put(path, RulesBook, body),
    onSuccess: (book) => done(book, 'Contact rules saved'),
    onError: (err) => setErrors(placeFormErrors('The contact rules were not saved', err, RULES_FIELDS)),
  });
  const reset = useMutation({
    mutationFn: () => api.delete(path, RulesBook),
    onSuccess: async (book) => {
      setConfirmReset(false);
      setErrors({});
      await done(book, 'Contact rules reset to the default');
    },
    onError: (err) =>
      notifications.show({ color: 'red', title: 'The rules were not reset', message: describeError(err) }),
  });

  const set = <K extends RulesField>(key: K, value: RulesForm[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    setErrors(({ [key]: _, ...rest }) => rest);
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const result = rulesBody(form);
    if (!result.ok) {
      setErrors(result.errors);
      return;
    }
    setErrors({});
    save.mutate(result.body);
  };

  return (
    <Paper withBorder p="md" component="form" onSubmit={submit} noValidate aria-label={`Rules for ${label}`}>
      <Stack gap="md">
        <Group justify="space-between" align="flex-start" gap="xs">
          <Stack gap={0}>
            <Title order={3} size="h4">
              {label}
            </Title>
            <Text size="sm" c="gray.7">
              {edited ? 'Edited for this workspace.' : 'The shipped default.'}
              {customers === null
                ? ''
                : ` ${fmt.number(customers)} ${customers === 1 ? 'customer has' : 'customers have'} this type now.`}
            </Text>
          </Stack>
          {edited ? (
            <Badge variant="light" color="orange" tt="none">
              Edited
            </Badge>
          ) : null}
        </Group>
        <Checkbox.Group
          label="Purposes allowed"
          value={form.allowedPurposes}
          onChange={(v) => set('allowedPurposes', v as RulesForm['allowedPurposes'])}
          error={errors.allowedPurposes}
        >
          <SimpleGrid cols={{ base: 2, sm: 3 }} spacing={6} mt={6}>
            {CONTACT_PURPOSES.map((p) => (
              <Checkbox key={p} value={p} label={PURPOSE_LABELS[p]} disabled={readOnly} />
            ))}
          </SimpleGrid>
        </Checkbox.Group>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <Select
            label="Tone"
            data={TONE_OPTIONS}
            value={form.tone}
            onChange={(v) => v && set('tone', v as Tone)}
            error={errors.tone}
            allowDeselect={false}
            disabled={readOnly}
          />
          <NumberInput
            label="Contacts per 30 days, at most"
            description="Service and transactional messages do not count"
            min={0}
            max={60}
            allowDecimal={false}
            value={form.maxContactsPer30Days}
            onChange={(v) => set('maxContactsPer30Days', v === '' ? '' : Number(v))}
            error={errors.maxContactsPer30Days}
            disabled={readOnly}
          />
          <Select
            label="Preferred channel"
            data={CHANNEL_OPTIONS}
            value={form.preferredChannel}
            onChange={(v) => v && set('preferredChannel', v as ContactChannel)}
            error={errors.preferredChannel}
            allowDeselect={false}
            disabled={readOnly}
          />
          <Select
            label="Service by"
            data={SERVICE_OPTIONS}
            value={form.service}
            onChange={(v) => v && set('service', v as RulesForm['service'])}
            error={errors.service}
            allowDeselect={false}
            disabled={readOnly}
          />
        </SimpleGrid>
        <TagsInput
          label="Content to avoid"
          description="Content tags that must not go out to this type, e.g. friendship_talk, promotion"
          value={form.avoid}
          onChange={(v) => set('avoid', v)}
          error={errors.avoid}
          disabled={readOnly}
          clearable
        />
        <Textarea
          label="Guidance for staff"
          description="The rules in a sentence or two, as the 360 page shows them"
          autosize
          minRows={2}
          maxLength={500}
          value={form.guidance}
          onChange={(e) => set('guidance', e.currentTarget.value)}
          error={errors.guidance}
          disabled={readOnly}
        />
        {readOnly ? null : (
          <FormActions
            dirty={dirty}
            saving={save.isPending}
            onDiscard={() => {
              setForm(saved);
              setErrors({});
            }}
            submitLabel="Save rules"
            start={
              <Button variant="subtle" color="red" disabled={!edited} onClick={() => setConfirmReset(true)}>
                Reset to default
              </Button>
            }
          />
        )}
      </Stack>
      <ConfirmModal
        opened={confirmReset}
        onClose={() => setConfirmReset(false)}
        title={`Reset the rules of ${label}?`}
        confirmLabel="Reset to default"
        onConfirm={() => reset.mutate()}
        loading={reset.isPending}
      >
        {`The shipped rules replace this workspace’s edits.${affected}`}
      </ConfirmModal>
    </Paper>
  );
}
