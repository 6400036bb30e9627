import {
  Alert,
  Autocomplete,
  Button,
  Group,
  Paper,
  Select,
  Skeleton,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconEye, IconInfoCircle } from '@tabler/icons-react';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { Workspace, WorkspaceUpdate } from '../../../shared/contracts/workspaces.js';
import { ErrorState } from '../../components/States.js';
import { ApiError, api, describeError, fieldErrorsOf } from '../../lib/api.js';
import { sessionQuery, useCan } from '../../lib/session.js';
import { SectionHeader } from './SettingsParts.js';
import {
  changedFields,
  currencyOptions,
  formatPreview,
  formOf,
  localeOptions,
  timeZoneOptions,
  type WorkspaceForm,
} from './settings.workspace.js';

export const workspaceQuery = queryOptions({
  queryKey: ['workspace'],
  queryFn: ({ signal }) => api.get('/workspace', Workspace, { signal }),
});

const FORM_HEIGHT = 480;

/** The workspace's name and how it writes dates and money; admins edit, everyone else reads. */
export function WorkspaceSettings() {
  const query = useQuery(workspaceQuery);
  const canManage = useCan('workspace:manage');
  return (
    <>
      <SectionHeader
        title="Workspace"
        description="The name everyone sees, and the locale, time zone and currency every date and amount in Rapport is shown in."
      />
      {query.isPending ? (
        <Skeleton height={FORM_HEIGHT} maw={640} radius="md" aria-label="Loading the workspace settings" />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : canManage ? (
        <WorkspaceEditor workspace={query.data} />
      ) : (
        <WorkspaceReadOnly workspace={query.data} />
      )}
    </>
  );
}

function Preview({ form }: { form: WorkspaceForm }) {
  const text = formatPreview(form.locale.trim(), form.timeZone, form.currency.trim().toUpperCase());
  return (
    <Group gap={6} wrap="nowrap" align="flex-start" aria-live="polite">
      <IconEye size={16} aria-hidden style={{ flexShrink: 0, marginTop: 2 }} />
      <Text size="sm" c={text ? 'gray.8' : 'gray.7'}>
        {text ?? 'Enter a locale such as en-GB, a time zone and a 3-letter currency to see a preview.'}
      </Text>
    </Group>
  );
}

function WorkspaceReadOnly({ workspace }: { workspace: Workspace }) {
  const form = formOf(workspace);
  return (
    <Paper withBorder p="lg" maw={640}>
      <Alert variant="light" color="gray" icon={<IconInfoCircle size={18} />} mb="md">
        Only admins can change workspace settings.
      </Alert>
      <dl className="rapport-settings-readonly" style={{ margin: 0 }}>
        <dt>Name</dt>
        <dd>{workspace.name}</dd>
        <dt>Locale</dt>
        <dd>{localeOptions(workspace.locale).find((o) => o.value === workspace.locale)?.label}</dd>
        <dt>Time zone</dt>
        <dd>{workspace.timeZone}</dd>
        <dt>Currency</dt>
        <dd>{currencyOptions(workspace.currency).find((o) => o.value === workspace.currency)?.label}</dd>
      </dl>
      <Preview form={form} />
    </Paper>
  );
}

function WorkspaceEditor({ workspace }: { workspace: Workspace }) {
  const queryClient = useQueryClient();
  const saved = useMemo(() => formOf(workspace), [workspace]);
  const [form, setForm] = useState<WorkspaceForm>(saved);
  const [errors, setErrors] = useState<Record<string, string>>({});
  // A refetch (someone else saved) resets the form to what is stored.
  useEffect(() => setForm(saved), [saved]);

  const locales = useMemo(() => localeOptions(workspace.locale), [workspace.locale]);
  const zones = useMemo(() => timeZoneOptions(workspace.timeZone), [workspace.timeZone]);
  const currencies = useMemo(() => currencyOptions(workspace.currency), [workspace.currency]);
  const patch = changedFields(saved, form);
  const dirty = Object.keys(patch).length > 0;

  const save = useMutation({
    mutationFn: (body: WorkspaceUpdate) => api.patch('/workspace', Workspace, body),
    onSuccess: async (next) => {
      queryClient.setQueryData(workspaceQuery.queryKey, next);
      // The session carries locale, time zone and currency for every formatter: refetching it
      // re-formats the whole app.
      await queryClient.invalidateQueries({ queryKey: sessionQuery.queryKey });
      await queryClient.invalidateQueries({ queryKey: ['dashboard'] });
      notifications.show({
        color: 'teal',
        title: 'Workspace saved',
        message: 'Dates and amounts now use the new settings.',
      });
    },
    onError: (error) => {
      const fields = error instanceof ApiError ? error.fieldErrors() : {};
      setErrors(fields);
      if (Object.keys(fields).length === 0) {
        notifications.show({
          color: 'red',
          title: 'The workspace was not saved',
          message: describeError(error),
        });
      }
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = WorkspaceUpdate.safeParse(patch);
    if (!parsed.success) {
      setErrors(
        fieldErrorsOf(parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }))),
      );
      return;
    }
    setErrors({});
    save.mutate(parsed.data);
  };

  const set = (key: keyof WorkspaceForm) => (value: string) => {
    setForm((f) => ({ ...f, [key]: value }));
    setErrors(({ [key]: _, ...rest }) => rest);
  };

  return (
    <Paper withBorder p="lg" maw={640} component="form" onSubmit={submit} noValidate>
      <Stack gap="md">
        <TextInput
          label="Name"
          required
          value={form.name}
          onChange={(e) => set('name')(e.currentTarget.value)}
          error={errors.name}
          maxLength={200}
        />
        <Autocomplete
          label="Locale"
          description="How dates and numbers are written; pick one or type any language tag, e.g. en-GB"
          required
          data={locales}
          value={form.locale}
          onChange={set('locale')}
          error={errors.locale}
          maxDropdownHeight={280}
          // Show every suggestion when the field holds a complete tag, not just the one that matches.
          filter={({ options, search }) =>
            locales.some((l) => l.value === search)
              ? options
              : options.filter(
                  (o) => 'label' in o && o.label.toLowerCase().includes(search.trim().toLowerCase()),
                )
          }
        />
        <Select
          label="Time zone"
          description="Dates and times are shown in this zone"
          required
          searchable
          data={zones}
          value={form.timeZone}
          onChange={(v) => v && set('timeZone')(v)}
          error={errors.timeZone}
          limit={80}
          maxDropdownHeight={280}
          nothingFoundMessage="No such time zone"
          allowDeselect={false}
        />
        <Select
          label="Currency"
          description="Default for new orders and the dashboard revenue"
          required
          searchable
          data={currencies}
          value={form.currency}
          onChange={(v) => v && set('currency')(v)}
          error={errors.currency}
          limit={80}
          maxDropdownHeight={280}
          nothingFoundMessage="No such currency"
          allowDeselect={false}
        />
        <Preview form={form} />
        {errors._ ? (
          <Text size="sm" c="red.8" role="alert">
            {errors._}
          </Text>
        ) : null}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" disabled={!dirty || save.isPending} onClick={() => setForm(saved)}>
            Discard changes
          </Button>
          <Button type="submit" disabled={!dirty} loading={save.isPending}>
            Save
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
