import {
  Alert,
  Badge,
  Button,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  ThemeIcon,
  Title,
} from '@mantine/core';
import { IconAlertTriangle, IconArrowLeft, IconFileSpreadsheet, IconPlayerPlay } from '@tabler/icons-react';
import { useMemo } from 'react';
import { Currency } from '../../../shared/contracts/common.js';
import type { DateOrder, ImportKind } from '../../../shared/contracts/imports.js';
import { describeError } from '../../lib/api.js';
import { useFormat } from '../../lib/use-format.js';
import { dateOrderProof } from './date-order.js';
import type { FilePreview } from './file-check.js';
import { formatBytes } from './file-check.js';
import { fieldLabel, KIND_INFO } from './import-fields.js';
import classes from './imports.module.css';
import {
  AUTO,
  aliasesOf,
  type ColumnTarget,
  fieldsOf,
  IGNORE,
  type MappingProblems,
  type PlannedColumn,
} from './mapping.js';

/** Rows of the file shown in the preview table. */
export const PREVIEW_ROWS = 10;

/** The options of a run besides the mapping. */
export interface ImportSettings {
  dateOrder: DateOrder;
  timeZone: string;
  defaultCurrency: string;
  source: string;
}

/**
 * Where a column goes, in words: "E-mail", "custom attribute", "not imported"; `short` leaves
 * out why a column is not imported (for the narrow Select).
 */
export function targetLabel(kind: ImportKind, target: ColumnTarget, short = false): string {
  switch (target.type) {
    case 'field':
      return fieldLabel(kind, target.field);
    case 'extra':
      return kind === 'touchpoints' || kind === 'visits' ? 'property' : 'custom attribute';
    case 'ignored':
      if (short) return 'not imported';
      switch (target.reason) {
        case 'chosen':
          return 'not imported';
        case 'no-header':
          return 'not imported (no header)';
        case 'export-only':
          return 'not imported (Rapport export column)';
        case 'not-kept':
          return 'not imported (orders keep no extra columns)';
      }
  }
}

function timeZones(): string[] {
  const zones = Intl.supportedValuesOf('timeZone');
  return zones.includes('UTC') ? zones : ['UTC', ...zones];
}

/** A one-line example of what the two date orders make of 03/04/2024, in the workspace locale. */
function dateOrderLabel(order: DateOrder, locale: string): string {
  const day = new Intl.DateTimeFormat(locale, {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
  const date = order === 'dmy' ? Date.UTC(2024, 3, 3) : Date.UTC(2024, 2, 4);
  return `${order === 'dmy' ? 'Day first' : 'Month first'}: 03/04/2024 = ${day.format(date)}`;
}

/** The Select of one column: automatic (showing what that means), ignore, or a field. */
function ColumnSelect({
  kind,
  column,
  onChoice,
}: {
  kind: ImportKind;
  column: PlannedColumn;
  onChoice: (choice: string) => void;
}) {
  const data = useMemo(
    () => [
      {
        group: 'Let Rapport decide',
        items: [
          { value: AUTO, label: `Automatic: ${targetLabel(kind, column.auto, true)}` },
          { value: IGNORE, label: 'Don’t import this column' },
        ],
      },
      {
        group: `${KIND_INFO[kind].label} fields`,
        items: fieldsOf(kind).map((f) => ({ value: f, label: fieldLabel(kind, f) })),
      },
    ],
    [kind, column.auto],
  );
  const noHeader = column.auto.type === 'ignored' && column.auto.reason === 'no-header';
  return (
    <Select
      aria-label={`Import column “${column.header || `#${column.index + 1}`}” as`}
      data={data}
      value={column.choice}
      onChange={(v) => onChoice(v ?? AUTO)}
      allowDeselect={false}
      disabled={noHeader}
      comboboxProps={{ withinPortal: true }}
      maxDropdownHeight={320}
      size="sm"
    />
  );
}

/** Step 2: the columns and the first rows of the file, how each column is imported, the options. */
export function MappingStep({
  kind,
  file,
  preview,
  plan,
  problems,
  onChoice,
  settings,
  onSettings,
  onBack,
  onStart,
  starting,
  startError,
}: {
  kind: ImportKind;
  file: File;
  preview: FilePreview;
  plan: PlannedColumn[];
  problems: MappingProblems;
  onChoice: (header: string, choice: string) => void;
  settings: ImportSettings;
  onSettings: (patch: Partial<ImportSettings>) => void;
  onBack: () => void;
  onStart: () => void;
  starting: boolean;
  startError: unknown;
}) {
  const fmt = useFormat();
  const zones = useMemo(timeZones, []);
  const csv = preview.preview;
  const rows = csv?.rows.slice(0, PREVIEW_ROWS) ?? [];
  const width = plan.length;
  const currencyError =
    kind === 'orders' && !Currency.safeParse(settings.defaultCurrency).success
      ? 'A 3-letter ISO code such as EUR'
      : null;
  const proof = useMemo(() => dateOrderProof(kind, plan, csv?.rows ?? []), [kind, plan, csv]);
  const otherOrder: DateOrder = settings.dateOrder === 'dmy' ? 'mdy' : 'dmy';
  const orderName = (o: DateOrder) => (o === 'dmy' ? 'day first' : 'month first');
  const blocked = problems.missing.length > 0 || problems.duplicates.length > 0 || !!currencyError || !csv;

  const rowsNote = !csv
    ? ''
    : csv.complete
      ? `${fmt.number(csv.rows.length)} ${csv.rows.length === 1 ? 'row' : 'rows'}`
      : `${fmt.number(csv.rows.length)}+ rows in the part previewed`;

  return (
    <Stack gap="lg">
      <Paper withBorder p="md">
        <Group justify="space-between" wrap="wrap" gap="sm">
          <Group gap="sm" wrap="nowrap" miw={0}>
            <ThemeIcon variant="light" size="lg" aria-hidden>
              <IconFileSpreadsheet size={20} />
            </ThemeIcon>
            <div style={{ minWidth: 0 }}>
              <Text fw={600} style={{ overflowWrap: 'anywhere' }}>
                {file.name}
              </Text>
              <Text size="sm" c="dimmed">
                {KIND_INFO[kind].label} · {formatBytes(file.size, fmt.locale)}
                {rowsNote ? ` · ${rowsNote}` : ''}
                {csv ? ` · ${width} ${width === 1 ? 'column' : 'columns'}` : ''}
              </Text>
            </div>
          </Group>
          <Button
            variant="default"
            leftSection={<IconArrowLeft size={16} />}
            onClick={onBack}
            disabled={starting}
          >
            Choose another file
          </Button>
        </Group>
      </Paper>

      {!csv ? (
        <Alert color="red" icon={<IconAlertTriangle size={18} />} title="No header row found" role="alert">
          The file holds no rows. The first line of a CSV must name its columns.
        </Alert>
      ) : null}
      {preview.binary ? (
        <Alert color="red" icon={<IconAlertTriangle size={18} />} title="This does not look like a text file">
          The file contains binary data. Export the data as CSV (UTF-8) and choose that file.
        </Alert>
      ) : null}
      {preview.notUtf8 ? (
        <Alert color="yellow" icon={<IconAlertTriangle size={18} />} title="Some characters are not UTF-8">
          Accented letters may show as �. Save the file as “CSV UTF-8” in your spreadsheet app and choose it
          again.
        </Alert>
      ) : null}
      {csv?.failure ? (
        <Alert
          color="yellow"
          icon={<IconAlertTriangle size={18} />}
          title={`The file cannot be read after line ${csv.failure.line - 1}`}
        >
          {csv.failure.message}. Rows before line {csv.failure.line} import; the rest is reported as rejected.
        </Alert>
      ) : null}

      {csv ? (
        <section aria-labelledby="import-columns-title">
          <Title order={2} size="h4" id="import-columns-title" mb={4}>
            Columns
          </Title>
          <Text size="sm" c="dimmed" mb="sm">
            Automatic uses the header names Rapport recognises. Pick a field to change it, or leave a column
            out.
          </Text>
          {problems.missing.map((alternatives) => (
            <Alert
              key={alternatives.join('|')}
              color="orange"
              icon={<IconAlertTriangle size={18} />}
              title={`No column for ${alternatives.map((f) => fieldLabel(kind, f)).join(' or ')}`}
              mb="sm"
              role="alert"
            >
              {kind === 'customers'
                ? 'Each customer is matched on an external id, an e-mail or a phone number, so the file needs at least one of those columns. '
                : 'The import needs this column. '}
              Map one of your columns to it (recognised headers:{' '}
              {alternatives.flatMap((f) => aliasesOf(kind, f)).join(', ')}).
            </Alert>
          ))}
          {problems.duplicates.map((d) => (
            <Alert
              key={d.field}
              color="orange"
              icon={<IconAlertTriangle size={18} />}
              title={`Several columns map to ${fieldLabel(kind, d.field)}`}
              mb="sm"
              role="alert"
            >
              {d.headers.map((h) => `“${h}”`).join(' and ')} would all fill {fieldLabel(kind, d.field)}, which
              takes one column. Choose a different field for all but one, or don’t import them.
            </Alert>
          ))}
          <Table.ScrollContainer minWidth={560}>
            <Table verticalSpacing="xs" aria-label="Column mapping" withTableBorder>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w="34%">Column in your file</Table.Th>
                  <Table.Th>Sample values</Table.Th>
                  <Table.Th w={300}>Import as</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {plan.map((column) => {
                  const samples = rows
                    .map((r) => r.cells[column.index] ?? '')
                    .filter((v) => v.trim() !== '')
                    .slice(0, 3);
                  const ignored = column.target.type === 'ignored';
                  return (
                    <Table.Tr key={column.index}>
                      <Table.Td className={classes.cell} style={{ verticalAlign: 'middle' }}>
                        <Text size="sm" fw={500} c={ignored ? 'dimmed' : undefined}>
                          {column.header || <em>(no header)</em>}
                        </Text>
                      </Table.Td>
                      <Table.Td className={classes.cell} style={{ verticalAlign: 'middle' }}>
                        <Text size="xs" c="dimmed" lineClamp={2}>
                          {samples.length ? samples.join(' · ') : '(empty in the preview)'}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <ColumnSelect
                          kind={kind}
                          column={column}
                          onChoice={(c) => onChoice(column.header, c)}
                        />
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </section>
      ) : null}

      {csv ? (
        <section aria-labelledby="import-preview-title">
          <Title order={2} size="h4" id="import-preview-title" mb={4}>
            Preview
          </Title>
          <Text size="sm" c="dimmed" mb="sm">
            {rows.length
              ? `The first ${rows.length === 1 ? 'row' : `${rows.length} rows`} of the file, by line number.`
              : 'The file has a header but no data rows in the preview.'}
          </Text>
          <Table.ScrollContainer minWidth={Math.max(480, width * 140)} type="native">
            <Table striped withTableBorder withColumnBorders verticalSpacing={6} aria-label="File preview">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th className={classes.lineCell}>Line</Table.Th>
                  {plan.map((column) => (
                    <Table.Th key={column.index} className={classes.headCell}>
                      <Text size="sm" fw={600} c={column.target.type === 'ignored' ? 'dimmed' : undefined}>
                        {column.header || '(no header)'}
                      </Text>
                      <Badge
                        size="xs"
                        variant="light"
                        color={column.target.type === 'field' ? 'blue' : 'gray'}
                        tt="none"
                        style={{ whiteSpace: 'normal', height: 'auto' }}
                      >
                        {targetLabel(kind, column.target)}
                      </Badge>
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((row) => (
                  <Table.Tr key={row.line}>
                    <Table.Td className={classes.lineCell}>
                      <Text size="sm">{row.line}</Text>
                      {row.cells.length !== width ? (
                        <Text size="xs" c="orange.8">
                          {row.cells.length} of {width} cells
                        </Text>
                      ) : null}
                    </Table.Td>
                    {plan.map((column) => (
                      <Table.Td
                        key={column.index}
                        className={`${classes.cell} ${column.target.type === 'ignored' ? classes.ignoredCell : ''}`}
                      >
                        {row.cells[column.index] ?? ''}
                      </Table.Td>
                    ))}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </section>
      ) : null}

      <section aria-labelledby="import-options-title">
        <Title order={2} size="h4" id="import-options-title" mb="sm">
          Options
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <Select
            label="Dates like 03/04/2024"
            description="ISO dates (2024-04-03) read the same either way"
            data={(['dmy', 'mdy'] as const).map((o) => ({ value: o, label: dateOrderLabel(o, fmt.locale) }))}
            value={settings.dateOrder}
            onChange={(v) => v && onSettings({ dateOrder: v as DateOrder })}
            allowDeselect={false}
          />
          {kind !== 'customers' ? (
            <Select
              label="Time zone of times without an offset"
              description="For date-times such as 2024-04-03 18:30 with no Z or +02:00"
              data={zones}
              value={settings.timeZone}
              onChange={(v) => v && onSettings({ timeZone: v })}
              searchable
              allowDeselect={false}
              nothingFoundMessage="No such time zone"
              limit={50}
            />
          ) : null}
          {kind === 'orders' ? (
            <TextInput
              label="Currency of amounts"
              description="For rows without a currency column"
              value={settings.defaultCurrency}
              onChange={(e) =>
                onSettings({ defaultCurrency: e.currentTarget.value.toUpperCase().slice(0, 3) })
              }
              error={currencyError}
              maxLength={3}
              autoComplete="off"
            />
          ) : null}
          <TextInput
            label="System the ids come from"
            description={
              kind === 'customers'
                ? 'Names the external ids of rows without a source column, e.g. “opera-pms”'
                : 'The system whose customer ids the file uses, e.g. “opera-pms”'
            }
            placeholder="import"
            value={settings.source}
            onChange={(e) => onSettings({ source: e.currentTarget.value })}
            maxLength={50}
            autoComplete="off"
          />
        </SimpleGrid>
        {proof.dmy && proof.mdy ? (
          <Alert
            color="yellow"
            icon={<IconAlertTriangle size={18} />}
            title="The file mixes date orders"
            mt="sm"
          >
            “{proof.dmy.value}” in {proof.dmy.column} is day first, “{proof.mdy.value}” in {proof.mdy.column}{' '}
            month first. Rows in the other order will be read wrongly or rejected.
          </Alert>
        ) : proof[otherOrder] && !proof[settings.dateOrder] ? (
          <Alert
            color="yellow"
            icon={<IconAlertTriangle size={18} />}
            title={`The dates look ${orderName(otherOrder)}`}
            mt="sm"
          >
            <Text size="sm" mb="xs">
              “{proof[otherOrder]?.value}” in {proof[otherOrder]?.column} can only be read{' '}
              {orderName(otherOrder)}.
            </Text>
            <Button size="xs" variant="light" onClick={() => onSettings({ dateOrder: otherOrder })}>
              Read dates {orderName(otherOrder)}
            </Button>
          </Alert>
        ) : null}
      </section>

      {startError ? (
        <Alert
          color="red"
          icon={<IconAlertTriangle size={18} />}
          title="The import could not start"
          role="alert"
        >
          {describeError(startError)}
        </Alert>
      ) : null}

      <Group justify="flex-end" gap="sm">
        {blocked && csv ? (
          <Text size="sm" c="dimmed">
            Fix the problems above to start.
          </Text>
        ) : null}
        <Button
          leftSection={<IconPlayerPlay size={16} />}
          onClick={onStart}
          loading={starting}
          disabled={blocked}
        >
          {starting ? 'Uploading…' : 'Start import'}
        </Button>
      </Group>
    </Stack>
  );
}
