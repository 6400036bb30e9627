import { Badge, Grid, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconTrophy } from '@tabler/icons-react';
import { useMemo } from 'react';
import type { ModelFit, ValidationReport, ValueRun } from '../../../shared/contracts/value.js';
import { EChart } from '../../components/EChart.js';
import { EmptyState } from '../../components/States.js';
import { useFormat } from '../../lib/use-format.js';
import { CHART_CARD_HEIGHT, CHART_HEIGHT, DashboardCard } from '../dashboard/DashboardCharts.js';
import {
  conditionalExpectationLabel,
  conditionalExpectationOption,
  cumulativeLabel,
  cumulativeOption,
  longDay,
} from './value.charts.js';
import { counted, decimal, MODEL_HINTS, MODEL_LABELS, paramLabel, verdict } from './value.labels.js';

const NUMERIC = { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' } as const;

/** "Which predicts better on your own data": the holdout check of one run. */
export function ValidationPanel({ run }: { run: ValueRun }) {
  const fmt = useFormat();
  const v = run.validation;
  const holdout = counted(run.settings.holdoutWeeks, 'week', fmt.locale);
  return (
    <Stack gap="md" component="section" aria-labelledby="value-validation-title">
      <Stack gap={2}>
        <Title order={2} size="h4" id="value-validation-title">
          Which predicts better on your own data
        </Title>
        {v ? (
          <Text size="sm" c="gray.7">
            The last {holdout} of history were held out: the models were fitted on orders up to{' '}
            {longDay(v.calibrationEnd, fmt.locale)} only, then asked to predict those {holdout} (to{' '}
            {longDay(v.holdoutEnd, fmt.locale)}), which they had not seen: {fmt.number(v.customers)}{' '}
            customers, {fmt.number(v.actualHoldoutPurchases)} repeat purchases in that time.
          </Text>
        ) : null}
      </Stack>
      {v ? (
        <>
          <ErrorsTable validation={v} transactionModel={run.transactionModel} />
          <Grid gap="md">
            <Grid.Col span={{ base: 12, md: 6 }}>
              <ConditionalExpectationChart validation={v} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 6 }}>
              <CumulativeChart validation={v} />
            </Grid.Col>
          </Grid>
        </>
      ) : (
        <Paper withBorder>
          <EmptyState title="The history is too short for a holdout">
            To check the models, the last {holdout} of orders are held out and predicted. This run’s history
            is too short (or has too few repeat buyers) to hold that out, so there is no check yet; the
            predictions are still made on all of it.
          </EmptyState>
        </Paper>
      )}
    </Stack>
  );
}

function ErrorsTable({
  validation,
  transactionModel,
}: {
  validation: ValidationReport;
  transactionModel: ValueRun['transactionModel'];
}) {
  const fmt = useFormat();
  const d = (v: number) => decimal(v, fmt.locale, 3);
  return (
    <Paper withBorder p="md">
      <Table.ScrollContainer minWidth={560}>
        <Table
          aria-label="Prediction errors per model"
          verticalSpacing={6}
          captionSide="bottom"
          highlightOnHover
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Model</Table.Th>
              <Table.Th ta="right">MAE</Table.Th>
              <Table.Th ta="right">RMSE</Table.Th>
              <Table.Th ta="right">Predicted purchases</Table.Th>
              <Table.Th ta="right">Actual purchases</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {validation.errors.map((e) => {
              const best = e.model === validation.best;
              return (
                <Table.Tr
                  key={e.model}
                  data-best={best || undefined}
                  bg={best ? 'var(--mantine-color-teal-light)' : undefined}
                >
                  <Table.Th scope="row" fw={best ? 700 : 500}>
                    <Group gap={6} wrap="nowrap">
                      {MODEL_LABELS[e.model]}
                      {best ? (
                        <Badge
                          size="xs"
                          color="teal"
                          variant="filled"
                          tt="none"
                          leftSection={<IconTrophy size={10} aria-hidden />}
                        >
                          Best
                        </Badge>
                      ) : null}
                    </Group>
                    <Text size="xs" c="gray.7" fw={400}>
                      {MODEL_HINTS[e.model]}
                    </Text>
                  </Table.Th>
                  <Table.Td ta="right" style={NUMERIC} fw={best ? 700 : undefined}>
                    {d(e.mae)}
                  </Table.Td>
                  <Table.Td ta="right" style={NUMERIC}>
                    {d(e.rmse)}
                  </Table.Td>
                  <Table.Td ta="right" style={NUMERIC}>
                    {fmt.number(Math.round(e.totalPredicted))}
                  </Table.Td>
                  <Table.Td ta="right" style={NUMERIC}>
                    {fmt.number(validation.actualHoldoutPurchases)}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
          <Table.Caption>
            Errors of each customer’s predicted against actual purchases in the holdout, averaged over
            customers; lower is better. MAE: mean absolute error; RMSE: root mean squared error, which
            punishes big misses more.
          </Table.Caption>
        </Table>
      </Table.ScrollContainer>
      <Text size="sm" fw={600} mt="sm">
        {verdict(validation, transactionModel)}
      </Text>
    </Paper>
  );
}

function ConditionalExpectationChart({ validation }: { validation: ValidationReport }) {
  const fmt = useFormat();
  const rows = validation.conditionalExpectation;
  const option = useMemo(() => conditionalExpectationOption(rows, fmt), [rows, fmt]);
  return (
    <DashboardCard
      title="Predicted vs actual, by past purchases"
      subtitle="Mean holdout purchases of customers with 0, 1, … 7+ repeat purchases before"
      height={CHART_CARD_HEIGHT}
    >
      <EChart option={option} height={CHART_HEIGHT} label={conditionalExpectationLabel(rows, fmt)} />
    </DashboardCard>
  );
}

function CumulativeChart({ validation }: { validation: ValidationReport }) {
  const fmt = useFormat();
  const rows = validation.cumulative;
  const option = useMemo(() => cumulativeOption(rows, fmt), [rows, fmt]);
  return (
    <DashboardCard
      title="Cumulative repeat purchases"
      subtitle={`Actual vs the models; the holdout starts after ${longDay(validation.calibrationEnd, fmt.locale)}`}
      height={CHART_CARD_HEIGHT}
    >
      <EChart option={option} height={CHART_HEIGHT} label={cumulativeLabel(rows, fmt)} />
    </DashboardCard>
  );
}

/** The models fitted on all of the run's history (what its predictions use), with standard errors. */
export function FitsPanel({ run }: { run: ValueRun }) {
  const fmt = useFormat();
  return (
    <Stack gap="md" component="section" aria-labelledby="value-fits-title">
      <Stack gap={2}>
        <Title order={2} size="h4" id="value-fits-title">
          Fitted models
        </Title>
        <Text size="sm" c="gray.7">
          Fitted on all history up to {run.asOf ? longDay(run.asOf, fmt.locale) : '—'}; the predictions above
          use these. A standard error large beside its estimate means the data pin that parameter down poorly.
        </Text>
      </Stack>
      {run.fits.length === 0 ? (
        <Text size="sm" c="gray.7">
          This run fitted no models.
        </Text>
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
          {run.fits.map((fit) => (
            <FitCard key={fit.model} fit={fit} used={fit.model === run.transactionModel} />
          ))}
        </SimpleGrid>
      )}
    </Stack>
  );
}

function FitCard({ fit, used }: { fit: ModelFit; used: boolean }) {
  const fmt = useFormat();
  const d = (v: number) => decimal(v, fmt.locale, 4);
  return (
    <Paper withBorder p="md" component="article" aria-label={`${MODEL_LABELS[fit.model]} fit`}>
      <Group justify="space-between" gap="xs" mb={4} wrap="nowrap">
        <Title order={3} size="h5">
          {MODEL_LABELS[fit.model]}
        </Title>
        <Group gap={4} wrap="nowrap">
          {used ? (
            <Badge size="xs" variant="light" color="blue" tt="none">
              used for CLV
            </Badge>
          ) : null}
          <Badge size="xs" variant="light" color={fit.converged ? 'teal' : 'orange'} tt="none">
            {fit.converged ? 'converged' : 'did not converge'}
          </Badge>
        </Group>
      </Group>
      <Text size="xs" c="gray.7" mb="xs">
        {MODEL_HINTS[fit.model]}
      </Text>
      <Table verticalSpacing={2} fz="sm" aria-label={`${MODEL_LABELS[fit.model]} parameters`}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Parameter</Table.Th>
            <Table.Th ta="right">Estimate</Table.Th>
            <Table.Th ta="right">Std. error</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {Object.entries(fit.params).map(([name, value]) => {
            const se = fit.standardErrors[name];
            return (
              <Table.Tr key={name}>
                <Table.Th scope="row" fw={500} ff="serif" fs="italic">
                  {paramLabel(name)}
                </Table.Th>
                <Table.Td ta="right" style={NUMERIC}>
                  {d(value)}
                </Table.Td>
                <Table.Td ta="right" style={NUMERIC}>
                  {se === null || se === undefined ? '—' : d(se)}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      <Text size="xs" c="gray.7" mt="xs">
        Log-likelihood {decimal(fit.logLikelihood, fmt.locale, 2)} · {fmt.number(fit.n)} customers
        {fit.converged || !fit.message ? '' : ` · ${fit.message}`}
      </Text>
    </Paper>
  );
}
