import { Badge, Button, Group, Paper, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconChevronLeft, IconChevronRight } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useMemo } from 'react';
import {
  BRIEFING_KIND_LABELS,
  BRIEFING_MESSAGE_KINDS,
  type Briefing,
  type BriefingMessageKind,
} from '../../../shared/contracts/briefings.js';
import { IsoDate } from '../../../shared/contracts/common.js';
import { addDays, dayInZone } from '../../../shared/zoned-day.js';
import { PageHeader } from '../../components/PageHeader.js';
import { EmptyState, ErrorState, LoadingState } from '../../components/States.js';
import { describeError } from '../../lib/api.js';
import { useCan, useSession } from '../../lib/session.js';
import { useFormat } from '../../lib/use-format.js';
import { ArrivalCard, KIND_COLORS } from './ArrivalCard.js';
import { briefingQuery, locationsQuery, sendFeedback, withFeedback } from './queries.js';

const route = getRouteApi('/app/arrivals');

/** "Tuesday 4 May 2026", the day as the desk says it. */
function dayLabel(day: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${day}T00:00:00Z`));
}

/**
 * "Today's arrivals" for the staff who will meet the guests: pick a place and a day (today and
 * the busiest place by default), then one card per arriving guest with their recognition
 * messages, each of which staff can mark useful or not. Sized for a tablet at the desk.
 */
export function ArrivalsPage() {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const { workspace } = useSession();
  const fmt = useFormat();
  const canAnswer = useCan('crm:write');
  const canImport = useCan('data:import');
  const queryClient = useQueryClient();
  const today = dayInZone(new Date(), workspace.timeZone);
  const date = search.date ?? today;

  const locations = useQuery(locationsQuery(today));
  const location = search.location ?? locations.data?.items[0]?.location;
  const briefing = useQuery({ ...briefingQuery(date, location ?? ''), enabled: Boolean(location) });

  const time = useMemo(
    () =>
      new Intl.DateTimeFormat(fmt.locale, {
        hour: '2-digit',
        minute: '2-digit',
        timeZone: workspace.timeZone,
      }),
    [fmt.locale, workspace.timeZone],
  );

  const go = (next: { date?: string | undefined; location?: string | undefined }) =>
    void navigate({ search: (prev) => ({ ...prev, ...next }), replace: true });

  const answer = useMutation({
    mutationFn: sendFeedback,
    onMutate: async (input) => {
      const key = briefingQuery(date, location ?? '').queryKey;
      await queryClient.cancelQueries({ queryKey: key });
      const before = queryClient.getQueryData<Briefing>(key);
      if (before)
        queryClient.setQueryData(key, withFeedback(before, input.visitId, input.kind, input.useful));
      return { key, before };
    },
    onError: (error, _input, context) => {
      if (context?.before) queryClient.setQueryData(context.key, context.before);
      notifications.show({ color: 'red', title: 'Your answer was not saved', message: describeError(error) });
    },
  });

  const options = (locations.data?.items ?? []).map((l) => ({
    value: l.location,
    label: l.upcoming ? `${l.location} (${l.upcoming} to come)` : l.location,
  }));
  if (location && !options.some((o) => o.value === location))
    options.unshift({ value: location, label: location });

  const b = briefing.data;
  return (
    <>
      <PageHeader
        title={date === today ? "Today's arrivals" : 'Arrivals'}
        subtitle={location ? `${location} · ${dayLabel(date, fmt.locale)}` : dayLabel(date, fmt.locale)}
      />
      <Group mb="md" gap="sm" align="flex-end" wrap="wrap">
        <Select
          label="Location"
          size="lg"
          data={options}
          value={location ?? null}
          onChange={(v) => v && go({ location: v })}
          allowDeselect={false}
          searchable
          w={380}
          maw="100%"
          disabled={!options.length}
          nothingFoundMessage="No such location"
        />
        <TextInput
          label="Day"
          type="date"
          size="lg"
          value={date}
          onChange={(e) => {
            const v = e.currentTarget.value;
            if (IsoDate.safeParse(v).success) go({ date: v === today ? undefined : v });
          }}
          w={200}
        />
        <Group gap="xs">
          <Button
            size="lg"
            variant="default"
            leftSection={<IconChevronLeft size={18} aria-hidden />}
            onClick={() => go({ date: addDays(date, -1) })}
          >
            Previous day
          </Button>
          <Button
            size="lg"
            variant="default"
            disabled={date === today}
            onClick={() => go({ date: undefined })}
          >
            Today
          </Button>
          <Button
            size="lg"
            variant="default"
            rightSection={<IconChevronRight size={18} aria-hidden />}
            onClick={() => go({ date: addDays(date, 1) })}
          >
            Next day
          </Button>
        </Group>
      </Group>

      {locations.isPending ? (
        <LoadingState label="Loading locations…" />
      ) : locations.isError ? (
        <ErrorState error={locations.error} onRetry={() => void locations.refetch()} />
      ) : !location ? (
        <EmptyState
          title="No visits booked yet"
          action={
            canImport ? (
              <Button component={Link} to="/import" variant="light">
                Import visits
              </Button>
            ) : null
          }
        >
          Arrivals come from bookings, table reservations and appointments: import them as a Visits file or
          send them through the API.
        </EmptyState>
      ) : briefing.isPending ? (
        <LoadingState label="Loading arrivals…" minHeight={320} />
      ) : briefing.isError ? (
        <ErrorState error={briefing.error} onRetry={() => void briefing.refetch()} />
      ) : !b?.entries.length ? (
        <EmptyState title={`No arrivals at ${location}`}>
          Nobody is booked for {dayLabel(date, fmt.locale)}. Try another day or location.
        </EmptyState>
      ) : (
        <Stack gap="md">
          <Paper withBorder p="md" radius="md" aria-live="polite">
            <Text fw={600} size="lg">
              {b.summary.text}
            </Text>
            <Group gap="xs" mt={6}>
              <Text size="sm" c="dimmed">
                {fmt.number(b.summary.messagesPerCustomer)} messages per guest
              </Text>
              {BRIEFING_MESSAGE_KINDS.filter((k) => b.summary.byKind[k] > 0).map((k: BriefingMessageKind) => (
                <Badge key={k} color={KIND_COLORS[k]} variant="light" tt="none">
                  {BRIEFING_KIND_LABELS[k]} {b.summary.byKind[k]}
                </Badge>
              ))}
            </Group>
          </Paper>
          <SimpleGrid cols={{ base: 1, xl: 2 }} spacing="md">
            {b.entries.map((entry) => (
              <ArrivalCard
                key={entry.visit.id}
                entry={entry}
                time={time.format(entry.visit.startsAt)}
                canAnswer={canAnswer}
                onAnswer={(kind, useful) => answer.mutate({ visitId: entry.visit.id, kind, useful })}
              />
            ))}
          </SimpleGrid>
        </Stack>
      )}
    </>
  );
}
