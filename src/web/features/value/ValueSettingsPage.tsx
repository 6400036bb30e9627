import {
  Alert,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Switch,
  Text,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconInfoCircle } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useEffect, useMemo, useState } from 'react';
import {
  TRANSACTION_MODELS,
  type TransactionModel,
  ValueSettings,
  type ValueSettingsUpdate,
} from '../../../shared/contracts/value.js';
import { ErrorState } from '../../components/States.js';
import { ApiError, api } from '../../lib/api.js';
import { notifyUnplacedErrors } from '../../lib/form-errors.js';
import { useCan } from '../../lib/session.js';
import { useFormat } from '../../lib/use-format.js';
import { FormActions, SectionHeader } from '../settings/SettingsParts.js';
import { valueSettingsQuery } from './queries.js';
import { MODEL_HINTS, MODEL_LABELS } from './value.labels.js';
import {
  changedSettings,
  formOf,
  hourOptions,
  isPlaced,
  type ValueSettingsForm,
  validatePatch,
} from './value-settings-form.js';

const UNIT_OPTIONS = [
  { value: 'week', label: 'Weeks' },
  { value: 'day', label: 'Days' },
];
const MODEL_OPTIONS = TRANSACTION_MODELS.map((m) => ({
  value: m,
  label: `${MODEL_LABELS[m]} — ${MODEL_HINTS[m]}`,
}));

/**
 * Settings → Value: how value runs are made (model, horizon, discounting, holdout, RFM bins) and
 * when (nightly). Admins edit; everyone else sees the settings read-only.
 */
export function ValueSettingsPage() {
  const query = useQuery(valueSettingsQuery);
  const canManage = useCan('workspace:manage');
  return (
    <>
      <SectionHeader
        title="Value"
        description="How customer lifetime value, P(alive) and RFM segments are computed, and when. Changes apply from the next run."
      />
      {query.isPending ? (
        <Skeleton height={620} maw={760} radius="md" aria-label="Loading the value settings" />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <ValueSettingsEditor settings={query.data} readOnly={!canManage} />
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
  description: string;
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

/** A NumberInput's value as the form holds it. */
const numberOf = (v: string | number): number | '' => (v === '' ? '' : typeof v === 'number' ? v : Number(v));

function ValueSettingsEditor({ settings, readOnly }: { settings: ValueSettings; readOnly: boolean }) {
  const fmt = useFormat();
  const queryClient = useQueryClient();
  const saved = useMemo(() => formOf(settings), [settings]);
  const [form, setForm] = useState<ValueSettingsForm>(saved);
  const [errors, setErrors] = useState<Record<string, string>>({});
  // A refetch (someone else saved) resets the form to what is stored.
  useEffect(() => setForm(saved), [saved]);
  const hours = useMemo(() => hourOptions(fmt.locale), [fmt.locale]);

  const patch = changedSettings(settings, form);
  const dirty = Object.keys(patch).length > 0;

  const save = useMutation({
    mutationFn: (body: ValueSettingsUpdate) => api.patch('/value/settings', ValueSettings, body),
    onSuccess: (next) => {
      queryClient.setQueryData(valueSettingsQuery.queryKey, next);
      notifications.show({
        color: 'teal',
        title: 'Value settings saved',
        message: 'The next run uses them; recompute now on the Value page to see them at once.',
      });
    },
    onError: (error) => {
      const fields = error instanceof ApiError ? error.fieldErrors() : {};
      setErrors(fields);
      const entries = Object.entries(fields);
      notifyUnplacedErrors(
        'The value settings were not saved',
        error,
        Object.fromEntries(entries.filter(([k]) => isPlaced(k))),
        entries.filter(([k]) => !isPlaced(k)).map(([k, m]) => `${k} ${m}`),
      );
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const check = validatePatch(patch);
    if (!check.ok) {
      setErrors(check.errors);
      return;
    }
    setErrors({});
    save.mutate(check.body);
  };

  /** Sets one field and clears its error (`errorKey` when the API names it differently). */
  const set = <K extends keyof ValueSettingsForm>(
    key: K,
    value: ValueSettingsForm[K],
    errorKey: string = key,
  ) => {
    setForm((f) => ({ ...f, [key]: value }));
    setErrors(({ [errorKey]: _, ...rest }) => rest);
  };

  return (
    <Paper withBorder p="lg" maw={760} component="form" onSubmit={submit} noValidate>
      <Stack gap="xl">
        {readOnly ? (
          <Alert variant="light" color="gray" icon={<IconInfoCircle size={18} />}>
            Only admins can change value settings.
          </Alert>
        ) : null}
        <Block
          title="Models"
          description="Which repeat-purchase model the CLV and P(alive) use; the Value page shows which one predicts your customers better."
        >
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <Select
              label="Transaction model"
              data={MODEL_OPTIONS}
              value={form.transactionModel}
              onChange={(v) => v && set('transactionModel', v as TransactionModel)}
              error={errors.transactionModel}
              allowDeselect={false}
              disabled={readOnly}
            />
            <Select
              label="Time unit"
              description="Purchase histories are counted in these"
              data={UNIT_OPTIONS}
              value={form.unit}
              onChange={(v) => v && set('unit', v as ValueSettingsForm['unit'])}
              error={errors.unit}
              allowDeselect={false}
              disabled={readOnly}
            />
          </SimpleGrid>
        </Block>
        <Block
          title="Lifetime value"
          description="How far ahead CLV looks, and how much less money later is worth than money now."
        >
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <NumberInput
              label="Horizon (months)"
              value={form.horizonMonths}
              onChange={(v) => set('horizonMonths', numberOf(v))}
              error={errors.horizonMonths}
              min={1}
              max={120}
              allowDecimal={false}
              disabled={readOnly}
            />
            <NumberInput
              label="Monthly discount rate (%)"
              description="e.g. 1 for 1% a month"
              value={form.monthlyDiscountPercent}
              onChange={(v) => set('monthlyDiscountPercent', numberOf(v), 'monthlyDiscountRate')}
              error={errors.monthlyDiscountRate}
              min={0}
              max={50}
              step={0.1}
              decimalScale={4}
              disabled={readOnly}
            />
          </SimpleGrid>
          <Switch
            label="Leave out gift orders"
            description="Orders whose every line is a gift do not count toward a customer’s own purchases"
            checked={form.excludeGiftOrders}
            onChange={(e) => set('excludeGiftOrders', e.currentTarget.checked)}
            error={errors.excludeGiftOrders}
            disabled={readOnly}
          />
        </Block>
        <Block
          title="Validation and segments"
          description="The last weeks of history held out to test the models on, and how finely RFM scores are cut."
        >
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <NumberInput
              label="Holdout (weeks)"
              value={form.holdoutWeeks}
              onChange={(v) => set('holdoutWeeks', numberOf(v))}
              error={errors.holdoutWeeks}
              min={4}
              max={104}
              allowDecimal={false}
              disabled={readOnly}
            />
            <NumberInput
              label="RFM bins"
              description="Score groups per dimension; 5 gives quintiles"
              value={form.rfmBins}
              onChange={(v) => set('rfmBins', numberOf(v))}
              error={errors.rfmBins}
              min={2}
              max={10}
              allowDecimal={false}
              disabled={readOnly}
            />
          </SimpleGrid>
        </Block>
        <Block title="Schedule" description={`Runs and what is kept of them. Times are in ${fmt.timeZone}.`}>
          <Switch
            label="Recompute every night"
            checked={form.nightly}
            onChange={(e) => set('nightly', e.currentTarget.checked)}
            error={errors.nightly}
            disabled={readOnly}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <Select
              label="Nightly at"
              data={hours}
              value={String(form.nightlyHour)}
              onChange={(v) => v !== null && set('nightlyHour', Number(v))}
              error={errors.nightlyHour}
              allowDeselect={false}
              disabled={readOnly || !form.nightly}
            />
            <NumberInput
              label="Runs kept"
              description="Older runs’ per-customer results are removed"
              value={form.keepRuns}
              onChange={(v) => set('keepRuns', numberOf(v))}
              error={errors.keepRuns}
              min={1}
              max={365}
              allowDecimal={false}
              disabled={readOnly}
            />
          </SimpleGrid>
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
