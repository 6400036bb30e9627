import { Card, Stack, Text, Timeline } from '@mantine/core';
import type { CaseEvent } from '../../../../shared/contracts/cases.js';
import { useFormat } from '../../../lib/use-format.js';
import { Section } from '../../customers/360/CustomerProfileCard.js';
import { describeEvent, detailLines } from './case-page.labels.js';

const EVENT_COLORS: Partial<Record<CaseEvent['kind'], string>> = {
  sla_warning: 'orange',
  sla_breached: 'red',
  escalated: 'red',
  auto_reassigned: 'orange',
  resolution: 'green',
  compensation: 'grape',
  csat: 'teal',
  suggestion_outcome: 'violet',
};

/** The case's history, oldest first: each entry in words, who did it, when, and its details. */
export function CaseHistory({
  history,
  nameOf,
}: {
  history: CaseEvent[];
  nameOf: (id: string | null) => string;
}) {
  const fmt = useFormat();
  return (
    <Card withBorder padding="md" radius="md" component="section" aria-label="History">
      <Section title="History">
        {history.length === 0 ? (
          <Text size="sm" c="dimmed">
            Nothing yet.
          </Text>
        ) : (
          <Timeline bulletSize={12} lineWidth={2} role="list" aria-label="History, oldest first">
            {history.map((e) => (
              <Timeline.Item
                key={e.id}
                role="listitem"
                color={EVENT_COLORS[e.kind] ?? 'blue'}
                title={
                  <Text size="sm" fw={600} span>
                    {describeEvent(e, nameOf)}
                  </Text>
                }
              >
                <Stack gap={0}>
                  <Text size="xs" c="dimmed">
                    {fmt.dateTime(e.at)} · {e.actor.name}
                  </Text>
                  {e.reason ? (
                    <Text size="xs" className="rapport-timeline-item">
                      “{e.reason}”
                    </Text>
                  ) : null}
                  {detailLines(e.details).map((line) => (
                    <Text key={line} size="xs" c="dimmed" className="rapport-timeline-item">
                      {line}
                    </Text>
                  ))}
                </Stack>
              </Timeline.Item>
            ))}
          </Timeline>
        )}
      </Section>
    </Card>
  );
}
