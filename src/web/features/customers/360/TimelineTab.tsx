import {
  Badge,
  Box,
  Button,
  Card,
  Group,
  Select,
  Stack,
  Text,
  ThemeIcon,
  Title,
  Tooltip,
} from '@mantine/core';
import { IconNote, IconPlus } from '@tabler/icons-react';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type { Channel } from '../../../../shared/contracts/common.js';
import {
  TIMELINE_KINDS,
  type TimelineEntry,
  type TimelineKind,
} from '../../../../shared/contracts/customers.js';
import { ChannelIcon } from '../../../components/ChannelIcon.js';
import { EmptyState, ErrorState, LoadingState } from '../../../components/States.js';
import type { Formatter } from '../../../lib/format.js';
import { useCan } from '../../../lib/session.js';
import { useFormat } from '../../../lib/use-format.js';
import { useCatalogue } from '../../touchpoint-catalogue/catalogue.js';
import { LogTouchpointModal } from './LogTouchpointModal.js';
import { NoteForm } from './NoteForm.js';
import { flattenPages, type TimelineFilters, timelineQuery } from './queries.js';
import {
  dayLabel,
  emptyTimelineMessage,
  entryDetails,
  entryTitle,
  groupByDay,
  KIND_LABELS,
  orderStatusBadge,
  satisfactionColor,
} from './timeline.js';

const KIND_OPTIONS = TIMELINE_KINDS.map((k) => ({ value: k, label: KIND_LABELS[k] }));

function EntryIcon({ entry }: { entry: TimelineEntry }) {
  if (entry.channel) return <ChannelIcon channel={entry.channel} size={30} />;
  return (
    <Tooltip label="Note" withinPortal>
      <ThemeIcon variant="light" color="yellow" size={30} radius="xl" role="img" aria-label="Note">
        <IconNote size={18} aria-hidden />
      </ThemeIcon>
    </Tooltip>
  );
}

/** When it happened: relative for the glance, the exact time beside it for the record. */
export function When({ at, fmt }: { at: Date; fmt: Formatter }) {
  return (
    <Stack gap={0} align="flex-end" style={{ flexShrink: 0 }}>
      <Text size="xs" fw={500} component="time" dateTime={at.toISOString()}>
        {fmt.relative(at)}
      </Text>
      <Text size="xs" c="dimmed">
        {fmt.dateTime(at)}
      </Text>
    </Stack>
  );
}

function TimelineItem({ entry, fmt }: { entry: TimelineEntry; fmt: Formatter }) {
  const details = entryDetails(entry, fmt);
  const status = orderStatusBadge(entry);
  return (
    <Group component="li" gap="sm" wrap="nowrap" align="flex-start" py={8}>
      <EntryIcon entry={entry} />
      <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
        <Group gap={6} wrap="wrap">
          <Text size="sm" fw={600}>
            {entryTitle(entry)}
          </Text>
          {entry.satisfaction !== null ? (
            <Badge size="sm" variant="light" color={satisfactionColor(entry.satisfaction)} tt="none">
              Satisfaction {entry.satisfaction}/5
            </Badge>
          ) : null}
          {status ? (
            <Badge size="sm" variant="outline" color="gray" tt="none">
              {status}
            </Badge>
          ) : null}
        </Group>
        {details ? (
          <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
            {details}
          </Text>
        ) : null}
        {entry.kind === 'note' ? (
          <Text size="sm" className="rapport-timeline-item">
            {entry.summary}
          </Text>
        ) : null}
      </Stack>
      <When at={entry.occurredAt} fmt={fmt} />
    </Group>
  );
}

/**
 * Every touch point, order and note of the customer, newest first, grouped by day; more load as
 * the end of the list scrolls into view, or with "Load more" from the keyboard.
 */
export function TimelineTab({
  customerId,
  filters,
  onFiltersChange,
}: {
  customerId: string;
  filters: TimelineFilters;
  onFiltersChange: (next: TimelineFilters) => void;
}) {
  const fmt = useFormat();
  const canWrite = useCan('crm:write');
  const catalogue = useCatalogue();
  const [logging, setLogging] = useState(false);
  const timeline = useInfiniteQuery({
    ...timelineQuery(customerId, filters),
    placeholderData: keepPreviousData,
  });
  const { hasNextPage, isFetchingNextPage, fetchNextPage, isFetchNextPageError } = timeline;
  const sentinel = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const node = sentinel.current;
    if (!node || !hasNextPage || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver(
      (seen) => {
        // A failed page waits for the button, so a broken network is not hammered while in view.
        if (seen.some((e) => e.isIntersecting) && !isFetchingNextPage && !isFetchNextPageError)
          void fetchNextPage();
      },
      { rootMargin: '400px 0px' },
    );
    observer.observe(node);
    return () => observer.disconnect();
  }, [hasNextPage, isFetchingNextPage, isFetchNextPageError, fetchNextPage]);

  const entries = flattenPages(timeline.data?.pages);
  const days = groupByDay(entries, fmt.timeZone);
  const now = new Date();
  const empty = emptyTimelineMessage(filters);
  // Catalogue types first, then raw types the loaded entries carry (events name types freely).
  const typeOptions = catalogue.typeOptions(
    entries.filter((e) => e.kind === 'touchpoint').map((e) => e.type),
    filters.type,
  );

  return (
    <Stack gap="md">
      {canWrite ? (
        <Card withBorder padding="sm" radius="md">
          <NoteForm customerId={customerId} compact />
          <Group justify="flex-end" mt="xs">
            <Button
              variant="light"
              size="xs"
              leftSection={<IconPlus size={14} />}
              onClick={() => setLogging(true)}
            >
              Log a touch point
            </Button>
          </Group>
          <LogTouchpointModal customerId={customerId} opened={logging} onClose={() => setLogging(false)} />
        </Card>
      ) : null}
      <Group gap="sm" align="flex-end" wrap="wrap">
        <Select
          label="Channel"
          placeholder="All channels"
          data={catalogue.channelOptions(filters.channel)}
          value={filters.channel ?? null}
          onChange={(v) => onFiltersChange({ ...filters, channel: (v as Channel | null) ?? undefined })}
          clearable
          w={180}
          size="xs"
        />
        <Select
          label="Kind"
          placeholder="Everything"
          data={KIND_OPTIONS}
          value={filters.kind ?? null}
          onChange={(v) => onFiltersChange({ ...filters, kind: (v as TimelineKind | null) ?? undefined })}
          clearable
          w={160}
          size="xs"
        />
        <Select
          label="Type"
          placeholder="All types"
          data={typeOptions}
          value={filters.type ?? null}
          onChange={(v) => onFiltersChange({ ...filters, type: v ?? undefined })}
          clearable
          searchable
          w={200}
          size="xs"
        />
        {filters.channel || filters.kind || filters.type ? (
          <Button variant="subtle" size="xs" onClick={() => onFiltersChange({})}>
            Clear filters
          </Button>
        ) : null}
      </Group>

      {timeline.isPending ? (
        <LoadingState label="Loading the timeline…" minHeight={320} />
      ) : timeline.isError && !timeline.data ? (
        <ErrorState error={timeline.error} onRetry={() => void timeline.refetch()} />
      ) : entries.length === 0 ? (
        <EmptyState title={empty.title}>{empty.body}</EmptyState>
      ) : (
        <Box style={{ opacity: timeline.isPlaceholderData ? 0.55 : 1, transition: 'opacity 120ms' }}>
          <Stack
            component="ol"
            aria-label="Timeline"
            aria-busy={timeline.isFetching}
            gap="md"
            m={0}
            p={0}
            style={{ listStyle: 'none' }}
          >
            {days.map((d) => (
              <li key={d.day}>
                <Title order={3} size="xs" c="dimmed" fw={700} tt="uppercase" mb={4}>
                  {dayLabel(d.day, now, fmt)}
                </Title>
                <Stack
                  component="ol"
                  gap={0}
                  m={0}
                  p={0}
                  style={{ listStyle: 'none', borderTop: '1px solid var(--mantine-color-gray-2)' }}
                >
                  {d.entries.map((entry) => (
                    <TimelineItem key={entry.id} entry={entry} fmt={fmt} />
                  ))}
                </Stack>
              </li>
            ))}
          </Stack>
          <div ref={sentinel} aria-hidden />
          {isFetchNextPageError ? (
            <ErrorState
              error={timeline.error}
              onRetry={() => void fetchNextPage()}
              title="More could not be loaded"
            />
          ) : null}
          <Group justify="center" mt="md" mih={36}>
            {hasNextPage ? (
              <Button
                variant="default"
                size="sm"
                onClick={() => void fetchNextPage()}
                loading={isFetchingNextPage}
              >
                Load more
              </Button>
            ) : (
              <Text size="xs" c="dimmed">
                The beginning of this customer's history
              </Text>
            )}
          </Group>
        </Box>
      )}
    </Stack>
  );
}
