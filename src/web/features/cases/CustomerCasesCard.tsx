import { Anchor, Badge, Button, Card, Group, Stack, Text } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import type { Case } from '../../../shared/contracts/cases.js';
import { isMissingRecord } from '../../components/DeletableRecord.js';
import { ErrorState, LoadingState } from '../../components/States.js';
import type { Formatter } from '../../lib/format.js';
import { useFormat } from '../../lib/use-format.js';
import { Section } from '../customers/360/CustomerProfileCard.js';
import { flattenPages } from '../customers/360/queries.js';
import {
  CASE_SEVERITY_COLORS,
  CASE_SEVERITY_LABELS,
  CASE_STATUS_COLORS,
  CASE_STATUS_LABELS,
  CASE_TYPE_COLORS,
  CASE_TYPE_LABELS,
} from './cases.labels.js';
import { customerCasesQuery } from './queries.js';

/**
 * The 360's cases card: what the customer brought us — complaints, suggestions, questions and
 * praise from every channel — newest opened first, each with its reference, type, status,
 * severity, subject and the day it was opened. Subjects are the customer's words: shown as text.
 */
export function CustomerCasesCard({ customerId }: { customerId: string }) {
  const fmt = useFormat();
  const query = useInfiniteQuery(customerCasesQuery(customerId));
  const items = flattenPages(query.data?.pages);
  return (
    <Card withBorder padding="md" radius="md" component="section" aria-label="Customer cases">
      <Section title="Cases">
        {query.isPending ? (
          <LoadingState label="Loading the customer’s cases…" minHeight={80} />
        ) : query.isError && !query.data ? (
          isMissingRecord(query.error) ? (
            <Text size="sm" c="dimmed">
              No cases
            </Text>
          ) : (
            <ErrorState error={query.error} onRetry={() => void query.refetch()} />
          )
        ) : items.length === 0 ? (
          <Text size="sm" c="dimmed">
            No cases
          </Text>
        ) : (
          <Stack gap="xs">
            <Stack gap={0} component="ul" aria-label="Cases" m={0} p={0} style={{ listStyle: 'none' }}>
              {items.map((c, i) => (
                <CaseRow key={c.id} kase={c} fmt={fmt} first={i === 0} />
              ))}
            </Stack>
            {query.hasNextPage ? (
              <Button
                size="compact-xs"
                variant="subtle"
                w="fit-content"
                loading={query.isFetchingNextPage}
                onClick={() => void query.fetchNextPage()}
              >
                Show more cases
              </Button>
            ) : null}
          </Stack>
        )}
      </Section>
    </Card>
  );
}

function CaseRow({ kase, fmt, first }: { kase: Case; fmt: Formatter; first: boolean }) {
  return (
    <Stack
      component="li"
      gap={4}
      py="xs"
      style={first ? undefined : { borderTop: '1px solid var(--mantine-color-default-border)' }}
    >
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <Anchor
          size="sm"
          fw={700}
          ff="monospace"
          renderRoot={(root) => <Link to="/cases/$caseId" params={{ caseId: kase.id }} {...root} />}
        >
          {kase.reference}
        </Anchor>
        <Text size="xs" c="dimmed" title={fmt.dateTime(kase.openedAt)}>
          Opened {fmt.date(kase.openedAt)}
        </Text>
      </Group>
      <Text size="sm" style={{ overflowWrap: 'anywhere' }} lineClamp={2}>
        {kase.subject}
      </Text>
      <Group gap={4} wrap="wrap">
        <Badge size="xs" variant="light" tt="none" color={CASE_TYPE_COLORS[kase.type]}>
          {CASE_TYPE_LABELS[kase.type]}
        </Badge>
        <Badge size="xs" variant="outline" tt="none" color={CASE_STATUS_COLORS[kase.status]}>
          {CASE_STATUS_LABELS[kase.status]}
        </Badge>
        <Badge size="xs" variant="dot" tt="none" color={CASE_SEVERITY_COLORS[kase.severity]}>
          {CASE_SEVERITY_LABELS[kase.severity]} severity
        </Badge>
      </Group>
    </Stack>
  );
}
