import {
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import {
  SUGGESTION_COLUMNS,
  type SuggestionColumn,
  type SuggestionItem,
  type SuggestionSummary,
} from '../../../../shared/contracts/case-suggestions.js';
import { can } from '../../../../shared/permissions.js';
import { PageHeader } from '../../../components/PageHeader.js';
import { ErrorState, LoadingState } from '../../../components/States.js';
import type { Formatter } from '../../../lib/format.js';
import { useSession } from '../../../lib/session.js';
import { useFormat } from '../../../lib/use-format.js';
import { CustomerAnchor } from '../../identity/CustomerAnchor.js';
import { percent } from '../../value/value.labels.js';
import { SuggestionOutcomeModal } from './SuggestionOutcomeModal.js';
import { SUGGESTION_COLUMN_COLORS, SUGGESTION_COLUMN_LABELS } from './suggestions.labels.js';
import { suggestionColumnQuery, suggestionSummaryQuery } from './suggestions.queries.js';

/**
 * The suggestions board: every suggestion in a column by what became of it — unanswered,
 * planned, done, declined — with the area it is about and whether its customer was told, and
 * the "suggestions answered" rate on top (PRODUCT.md §2: a customer whose suggestions go
 * unanswered cuts back). Subjects are the customer's words: shown as text.
 */
export function SuggestionsBoardPage() {
  const session = useSession();
  const writer = can(session.user, 'crm:write');
  const [area, setArea] = useState<string | null>(null);
  const [editing, setEditing] = useState<SuggestionItem | null>(null);
  const summary = useQuery(suggestionSummaryQuery());
  const areas = (summary.data?.byArea ?? []).flatMap((a) => (a.area ? [a.area] : []));

  return (
    <>
      <PageHeader
        title="Suggestions"
        subtitle="What customers suggested, what became of it, and whether they were told"
      />
      <AnsweredRate summary={summary.data} error={summary.error} onRetry={() => void summary.refetch()} />
      <Group gap="md" mb="md" align="flex-end">
        <Select
          label="Area"
          placeholder="All areas"
          clearable
          data={areas}
          value={area}
          onChange={setArea}
          w={260}
        />
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="md">
        {SUGGESTION_COLUMNS.map((column) => (
          <BoardColumn key={column} column={column} area={area} onEdit={writer ? setEditing : null} />
        ))}
      </SimpleGrid>
      <SuggestionOutcomeModal suggestion={editing} areas={areas} onClose={() => setEditing(null)} />
    </>
  );
}

function AnsweredRate({
  summary,
  error,
  onRetry,
}: {
  summary: SuggestionSummary | undefined;
  error: unknown;
  onRetry: () => void;
}) {
  const fmt = useFormat();
  if (error)
    return <ErrorState error={error} onRetry={onRetry} title="The answered rate could not be loaded" />;
  if (!summary) return <LoadingState label="Loading the answered rate…" minHeight={80} />;
  return (
    <Paper withBorder p="md" radius="md" mb="md" component="section" aria-label="Suggestions answered">
      <Group gap="xl" wrap="wrap" align="baseline">
        <Stack gap={0}>
          <Text size="sm" c="dimmed">
            Suggestions answered
          </Text>
          <Text fz={28} fw={700}>
            {summary.answeredRate === null ? '—' : percent(summary.answeredRate, fmt.locale)}
          </Text>
        </Stack>
        <Text size="sm">
          {summary.received === 0
            ? `No suggestions received from ${fmt.date(summary.from)} to ${fmt.date(summary.to)}.`
            : `${fmt.number(summary.answered)} of ${fmt.number(summary.received)} received from ${fmt.date(summary.from)} to ${fmt.date(summary.to)} were told what became of them.`}
        </Text>
      </Group>
    </Paper>
  );
}

function BoardColumn({
  column,
  area,
  onEdit,
}: {
  column: SuggestionColumn;
  area: string | null;
  onEdit: ((s: SuggestionItem) => void) | null;
}) {
  const fmt = useFormat();
  const query = useInfiniteQuery(suggestionColumnQuery(column, area));
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];
  const label = SUGGESTION_COLUMN_LABELS[column];
  return (
    <Paper
      withBorder
      p="sm"
      radius="md"
      component="section"
      aria-label={label}
      bg="var(--mantine-color-default-hover)"
    >
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h5">
          {label}
        </Title>
        <Badge variant="light" color={SUGGESTION_COLUMN_COLORS[column]}>
          {query.data ? `${items.length}${query.hasNextPage ? '+' : ''}` : '…'}
        </Badge>
      </Group>
      {query.isPending ? (
        <LoadingState label={`Loading ${label.toLowerCase()} suggestions…`} minHeight={80} />
      ) : query.isError && !query.data ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : items.length === 0 ? (
        <Text size="sm" c="dimmed">
          None
        </Text>
      ) : (
        <Stack
          gap="xs"
          component="ul"
          m={0}
          p={0}
          style={{ listStyle: 'none' }}
          aria-label={`${label} suggestions`}
        >
          {items.map((s) => (
            <SuggestionCard key={s.id} suggestion={s} fmt={fmt} onEdit={onEdit} />
          ))}
        </Stack>
      )}
      {query.hasNextPage ? (
        <Button
          mt="xs"
          size="compact-xs"
          variant="subtle"
          loading={query.isFetchingNextPage}
          onClick={() => void query.fetchNextPage()}
        >
          Show more
        </Button>
      ) : null}
    </Paper>
  );
}

function SuggestionCard({
  suggestion: s,
  fmt,
  onEdit,
}: {
  suggestion: SuggestionItem;
  fmt: Formatter;
  onEdit: ((s: SuggestionItem) => void) | null;
}) {
  return (
    <Card component="li" withBorder padding="sm" radius="sm">
      <Stack gap={6}>
        <Group justify="space-between" gap="xs" wrap="nowrap">
          <Anchor
            size="xs"
            ff="monospace"
            fw={700}
            renderRoot={(root) => <Link to="/cases/$caseId" params={{ caseId: s.id }} {...root} />}
          >
            {s.reference}
          </Anchor>
          <Text size="xs" c="dimmed">
            {fmt.date(s.openedAt)}
          </Text>
        </Group>
        <Text size="sm" fw={500} lineClamp={3} style={{ overflowWrap: 'anywhere' }}>
          {s.subject}
        </Text>
        <CustomerAnchor id={s.customerId} size="xs">
          {s.customerName ?? 'Customer'}
        </CustomerAnchor>
        <Group gap={4} wrap="wrap">
          {s.area ? (
            <Badge size="xs" variant="light" color="violet" tt="none">
              {s.area}
            </Badge>
          ) : (
            <Badge size="xs" variant="outline" color="gray" tt="none">
              No area
            </Badge>
          )}
          {s.customerToldAt ? (
            <Badge size="xs" variant="light" color="green" tt="none" title={fmt.dateTime(s.customerToldAt)}>
              Told {fmt.date(s.customerToldAt)}
            </Badge>
          ) : (
            <Badge size="xs" variant="outline" color="red" tt="none">
              Not told
            </Badge>
          )}
        </Group>
        {s.outcome === 'declined' && s.reason ? (
          <Text size="xs" c="dimmed" lineClamp={2} style={{ overflowWrap: 'anywhere' }}>
            Declined: {s.reason}
          </Text>
        ) : null}
        {onEdit ? (
          <Button
            size="compact-xs"
            variant="light"
            w="fit-content"
            onClick={() => onEdit(s)}
            aria-label={`Set the outcome of ${s.reference}`}
          >
            {s.outcome ? 'Change outcome' : 'Set outcome'}
          </Button>
        ) : null}
      </Stack>
    </Card>
  );
}
