import { Badge, Card, Group, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { ErrorState, LoadingState } from '../../../components/States.js';
import { useFormat } from '../../../lib/use-format.js';
import { Section } from '../../customers/360/CustomerProfileCard.js';
import { minutesLeftText } from '../inbox/countdown.js';
import { caseSlaQuery } from './case.queries.js';
import { SLA_STATE_COLORS, SLA_STATE_LABELS, SLA_TARGET_LABELS } from './case-page.labels.js';

/** Minutes a target still runs: those left while it counts, nothing once it stopped or paused. */
const COUNTING = new Set(['on_track', 'warning', 'breached']);

/**
 * Every SLA target of the case as the server evaluates it now: when it is due, its state, and
 * the business minutes left (or how long overdue); the policy that applies and why.
 */
export function SlaPanel({ caseId }: { caseId: string }) {
  const fmt = useFormat();
  const sla = useQuery(caseSlaQuery(caseId));
  return (
    <Card withBorder padding="md" radius="md" component="section" aria-label="SLA">
      <Section title="SLA">
        {sla.isPending ? (
          <LoadingState label="Loading the SLA…" minHeight={60} />
        ) : sla.isError ? (
          <ErrorState error={sla.error} onRetry={() => void sla.refetch()} />
        ) : !sla.data.policy || sla.data.targets.length === 0 ? (
          <Text size="sm" c="dimmed">
            No SLA policy applies to this case
            {sla.data.policy ? ` (${sla.data.policy.name} sets no targets for its severity)` : ''}.
          </Text>
        ) : (
          <Stack gap="xs">
            <Group gap="xs" wrap="wrap">
              <Text size="sm" fw={600}>
                {sla.data.policy.name}
              </Text>
              {sla.data.state ? (
                <Badge size="sm" variant="light" tt="none" color={SLA_STATE_COLORS[sla.data.state]}>
                  {SLA_STATE_LABELS[sla.data.state]}
                </Badge>
              ) : null}
            </Group>
            <Table aria-label="SLA targets" verticalSpacing={4} fz="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Target</Table.Th>
                  <Table.Th>State</Table.Th>
                  <Table.Th>Due</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {sla.data.targets.map((t) => (
                  <Table.Tr key={t.kind}>
                    <Table.Td>{SLA_TARGET_LABELS[t.kind]}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      <Badge size="xs" variant="light" tt="none" color={SLA_STATE_COLORS[t.state]}>
                        {SLA_STATE_LABELS[t.state]}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" span display="block">
                        {t.dueAt ? fmt.dateTime(t.dueAt) : '—'}
                      </Text>
                      {COUNTING.has(t.state) ? (
                        <Text size="xs" c={t.remainingMinutes < 0 ? 'red.8' : 'dimmed'} span display="block">
                          {minutesLeftText(t.remainingMinutes)}
                        </Text>
                      ) : null}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            <Text size="xs" c="dimmed">
              Business minutes, in {sla.data.calendar.location ?? 'the default'} calendar (
              {sla.data.calendar.timeZone}).
            </Text>
          </Stack>
        )}
      </Section>
    </Card>
  );
}
