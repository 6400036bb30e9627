import { Center, Divider, Paper, Stack, Stepper, Text, ThemeIcon, Title } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { skipToken, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useMemo, useRef, useState } from 'react';
import { ROLES } from '../../../shared/contracts/common.js';
import type { ImportKind, ImportRun } from '../../../shared/contracts/imports.js';
import type { SessionInfo } from '../../../shared/contracts/users.js';
import { can } from '../../../shared/permissions.js';
import { PageHeader } from '../../components/PageHeader.js';
import { describeError } from '../../lib/api.js';
import { useCan, useSession } from '../../lib/session.js';
import { ChooseStep } from './ChooseStep.js';
import { type FilePreview, fileProblem, readFilePreview } from './file-check.js';
import { type ImportSettings, MappingStep } from './MappingStep.js';
import {
  type ColumnChoices,
  choiceKey,
  ignoredColumns,
  mappingOverrides,
  mappingProblems,
  planColumns,
} from './mapping.js';
import { importKeys, startImport } from './queries.js';
import { RecentImports } from './RecentImports.js';
import { RunView } from './RunView.js';

// The route's id carries the pathless layout route `app`.
const route = getRouteApi('/app/import');

/** The options a new import starts with: the workspace's time zone and currency, its date order. */
export function defaultSettings(workspace: SessionInfo['workspace']): ImportSettings {
  return {
    // As the server decides without one: month first only in US workspaces.
    dateOrder: workspace.locale.split('-')[1]?.toUpperCase() === 'US' ? 'mdy' : 'dmy',
    timeZone: workspace.timeZone,
    defaultCurrency: workspace.currency,
    source: '',
  };
}

/** The CSV import: choose, map, run and watch, report — and the recent runs below. */
export function ImportPage() {
  const allowed = useCan('data:import');
  return (
    <>
      <PageHeader
        title="Import"
        subtitle="Bring customers, orders and touch points in from a CSV file. Re-importing a file updates, never duplicates."
      />
      {allowed ? <ImportScreen /> : <NotAllowed />}
    </>
  );
}

/** What a role without `data:import` sees instead of the form. */
function NotAllowed() {
  const { user } = useSession();
  const roles = ROLES.filter((role) => can({ role }, 'data:import'));
  const names = roles.map((r) => `${r}s`);
  const list = names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : (names[0] ?? '');
  return (
    <Center mih={320} p="lg">
      <Stack align="center" gap="xs" maw={460} ta="center">
        <ThemeIcon variant="light" size="xl" radius="xl" color="gray" aria-hidden>
          <IconLock size={22} />
        </ThemeIcon>
        <Title order={2} size="h4">
          Importing is not part of your role
        </Title>
        <Text c="dimmed" size="sm">
          You are signed in as {user.name} with the {user.role} role. Only {list} can import files, because an
          import changes many records at once. Ask one of them to import the file for you, or an admin to
          change your role.
        </Text>
      </Stack>
    </Center>
  );
}

function ImportScreen() {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const { workspace } = useSession();
  const queryClient = useQueryClient();
  const runId = search.run;

  const [kind, setKind] = useState<ImportKind>('customers');
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<FilePreview | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [reading, setReading] = useState(false);
  const [choices, setChoices] = useState<ColumnChoices>({});
  const [settings, setSettings] = useState<ImportSettings>(() => defaultSettings(workspace));
  // The run started from this page, with what only the mapping knows (the run does not say).
  const [started, setStarted] = useState<{ id: string; ignored: string[] } | null>(null);
  // A later choice of file wins over a slower read of an earlier one.
  const readToken = useRef(0);

  const plan = useMemo(
    () => (preview?.preview ? planColumns(kind, preview.preview.header, choices) : []),
    [kind, preview, choices],
  );
  const problems = useMemo(() => mappingProblems(kind, plan), [kind, plan]);

  const start = useMutation({
    mutationFn: startImport,
    onSuccess: (run: ImportRun) => {
      queryClient.setQueryData(importKeys.run(run.id), run);
      setStarted({ id: run.id, ignored: ignoredColumns(plan) });
      void queryClient.invalidateQueries({ queryKey: importKeys.recent });
      void navigate({ search: { run: run.id } });
    },
  });

  // Only the status, from the cache RunView fills; this observer never fetches itself.
  const runStatus = useQuery({
    queryKey: runId ? importKeys.run(runId) : ['imports', 'run', 'none'],
    queryFn: skipToken,
    select: (r: ImportRun) => r.status,
  }).data;

  const chooseFile = async (chosen: File) => {
    const problem = fileProblem(chosen);
    const token = ++readToken.current;
    if (problem) {
      setFileError(problem);
      return;
    }
    setReading(true);
    setFileError(null);
    try {
      const read = await readFilePreview(chosen);
      if (token !== readToken.current) return;
      if (!read.preview) {
        setFileError(`“${chosen.name}” has no header row. The first line of a CSV must name its columns.`);
        return;
      }
      setFile(chosen);
      setPreview(read);
      setChoices({});
      start.reset();
    } catch (error) {
      if (token === readToken.current)
        setFileError(`“${chosen.name}” could not be read: ${describeError(error)}`);
    } finally {
      if (token === readToken.current) setReading(false);
    }
  };

  const backToFile = () => {
    setFile(null);
    setPreview(null);
    setChoices({});
    start.reset();
  };

  const reset = () => {
    backToFile();
    setStarted(null);
    setFileError(null);
    void navigate({ search: {} });
  };

  const run = () => {
    if (!file) return;
    start.mutate({
      kind,
      file,
      mapping: mappingOverrides(plan),
      dateOrder: settings.dateOrder,
      // Only orders and touch points have date-times; only orders have amounts.
      timeZone: kind === 'customers' ? null : settings.timeZone,
      defaultCurrency: kind === 'orders' ? settings.defaultCurrency : null,
      source: settings.source,
    });
  };

  const step = runId ? (runStatus === 'running' ? 2 : runStatus ? 3 : 2) : file ? 1 : 0;

  return (
    <Stack gap="xl">
      <Paper withBorder p={{ base: 'md', sm: 'lg' }}>
        <Stepper active={step} size="sm" mb="xl" allowNextStepsSelect={false} aria-label="Import steps">
          <Stepper.Step label="File" description="What and which" />
          <Stepper.Step label="Columns" description="Map and check" />
          <Stepper.Step label="Import" description="Upload and run" />
          <Stepper.Step label="Report" description="Results by line" />
        </Stepper>
        {runId ? (
          <RunView
            runId={runId}
            ignoredColumns={started?.id === runId ? started.ignored : null}
            onReset={reset}
          />
        ) : file && preview ? (
          <MappingStep
            kind={kind}
            file={file}
            preview={preview}
            plan={plan}
            problems={problems}
            onChoice={(header, choice) => setChoices((prev) => ({ ...prev, [choiceKey(header)]: choice }))}
            settings={settings}
            onSettings={(patch) => setSettings((prev) => ({ ...prev, ...patch }))}
            onBack={backToFile}
            onStart={run}
            starting={start.isPending}
            startError={start.error}
          />
        ) : (
          <ChooseStep
            kind={kind}
            onKind={setKind}
            onFile={chooseFile}
            fileError={fileError}
            reading={reading}
          />
        )}
      </Paper>
      <Divider />
      <RecentImports currentRunId={runId} />
    </Stack>
  );
}
