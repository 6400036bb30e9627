import { Badge, Group, Text, Tooltip } from '@mantine/core';
import type { Case } from '../../../../shared/contracts/cases.js';
import { useFormat } from '../../../lib/use-format.js';
import { COUNTDOWN_COLORS, countdown } from './countdown.js';

/**
 * A case's SLA as a countdown to its nearest due time ("due in 1 h 20 min", "overdue by 15 min"),
 * coloured by the state, with the escalation level when the sweep has escalated it. `now` comes
 * from the page, which ticks it, so every row counts down together.
 */
export function SlaCountdown({
  sla,
  escalationLevel,
  now,
}: {
  sla: Case['sla'];
  escalationLevel: number;
  now: Date;
}) {
  const fmt = useFormat();
  const c = countdown(sla, now);
  const text = (
    <Text
      size="xs"
      fw={c.tone === 'breached' || c.tone === 'warning' ? 700 : 500}
      c={c.tone === 'none' || c.tone === 'idle' ? 'dimmed' : `${COUNTDOWN_COLORS[c.tone]}.8`}
      style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}
      data-tone={c.tone}
    >
      {c.text}
    </Text>
  );
  return (
    <Group gap={4} wrap="nowrap">
      {sla.dueAt && c.tone !== 'idle' ? (
        <Tooltip label={`Due ${fmt.dateTime(sla.dueAt)}`} withinPortal>
          {text}
        </Tooltip>
      ) : (
        text
      )}
      {escalationLevel > 0 ? (
        <Badge size="xs" color="red" variant="filled" tt="none">
          Escalated{escalationLevel > 1 ? ` ×${escalationLevel}` : ''}
        </Badge>
      ) : null}
    </Group>
  );
}
