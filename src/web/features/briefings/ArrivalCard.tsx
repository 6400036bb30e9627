import { ActionIcon, Anchor, Badge, Card, Group, Paper, Stack, Text, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconEyeOff, IconThumbDown, IconThumbUp } from '@tabler/icons-react';
import { Link } from '@tanstack/react-router';
import {
  BRIEFING_KIND_LABELS,
  type BriefingEntry,
  type BriefingMessage,
  type BriefingMessageKind,
} from '../../../shared/contracts/briefings.js';
import {
  STAGE_COLORS,
  STAGE_LABELS,
  TONE_LABELS,
  TYPE_LABELS,
} from '../relationships/relationships.labels.js';

export const KIND_COLORS: Record<BriefingMessageKind, string> = {
  milestone: 'grape',
  preference: 'blue',
  last_complaint: 'orange',
  prefers_human: 'teal',
  front_line_note: 'yellow',
  avoid: 'red',
};

const NO_MESSAGE_TEXT: Record<NonNullable<BriefingEntry['noMessageReason']>, string> = {
  new_customer: 'First visit: no history with us yet.',
  consent_refused: 'Nothing to say: the guest has not agreed to personalisation.',
  thin_history: 'Nothing notable in their history yet.',
  relationship_rules: 'Nothing to say aloud: their relationship rules hold it back.',
};

type EntryRelationship = NonNullable<BriefingEntry['relationship']>;

/**
 * How to behave with the guest, above their messages: the relationship type, the tone (a
 * discreet one reads "Be discreet", with an icon, so it is not missed at a glance), the stage and
 * the rules' guidance sentence.
 */
function RelationshipRow({ relationship }: { relationship: EntryRelationship }) {
  const { type, tone, guidance, stage } = relationship;
  const discreet = tone === 'discreet';
  return (
    <Stack gap={4} role="group" aria-label={`Relationship: ${TYPE_LABELS[type]}`}>
      <Group gap={6}>
        <Badge variant="outline" color="grape" size="md" tt="none">
          {TYPE_LABELS[type]}
        </Badge>
        {discreet ? (
          <Badge
            variant="filled"
            color="dark"
            size="md"
            tt="none"
            leftSection={<IconEyeOff size={14} aria-hidden />}
          >
            Be discreet
          </Badge>
        ) : (
          <Badge variant="light" color="gray" size="md" tt="none">
            {`Tone: ${TONE_LABELS[tone]}`}
          </Badge>
        )}
        {stage ? (
          <Badge variant="light" color={STAGE_COLORS[stage]} size="md" tt="none">
            {STAGE_LABELS[stage]}
          </Badge>
        ) : null}
      </Group>
      <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
        {guidance}
      </Text>
    </Stack>
  );
}

/** What the booking says, in a few words: room type and nights, covers, treatment. */
export function visitDetails(properties: Record<string, unknown>): string[] {
  const text = (...keys: string[]) => {
    for (const k of keys) {
      const v = properties[k];
      if ((typeof v === 'string' && v.trim()) || typeof v === 'number') return String(v);
    }
    return null;
  };
  const out: string[] = [];
  const room = text('roomType', 'room_type', 'Room Type');
  if (room) out.push(room);
  const nights = text('nights');
  if (nights) out.push(`${nights} ${nights === '1' ? 'night' : 'nights'}`);
  const guests = text('guests', 'covers', 'party_size', 'partySize');
  if (guests) out.push(`${guests} ${guests === '1' ? 'guest' : 'guests'}`);
  const treatment = text('treatment');
  if (treatment) out.push(treatment);
  return out;
}

function MessageRow({
  message,
  canAnswer,
  onAnswer,
}: {
  message: BriefingMessage;
  canAnswer: boolean;
  onAnswer: (useful: boolean) => void;
}) {
  const label = BRIEFING_KIND_LABELS[message.kind];
  return (
    <Group wrap="nowrap" align="flex-start" gap="sm" role="group" aria-label={`${label}: ${message.text}`}>
      <Stack gap={6} style={{ flex: 1, minWidth: 0 }}>
        <Group gap={6}>
          <Badge color={KIND_COLORS[message.kind]} variant="light" size="lg" tt="none">
            {label}
          </Badge>
          {message.attention ? (
            <IconAlertTriangle size={18} color="var(--mantine-color-red-7)" aria-label="Needs care" />
          ) : null}
        </Group>
        <Text size="md" fw={message.attention ? 600 : 400} style={{ overflowWrap: 'anywhere' }}>
          {message.text}
        </Text>
        {message.caution ? (
          <Group gap={4} wrap="nowrap" align="flex-start">
            <IconAlertTriangle
              size={16}
              color="var(--mantine-color-orange-9)"
              aria-hidden
              style={{ flexShrink: 0, marginTop: 2 }}
            />
            <Text size="sm" c="orange.9" style={{ overflowWrap: 'anywhere' }}>
              <Text span fw={600} inherit>
                Caution:
              </Text>{' '}
              {message.caution}
            </Text>
          </Group>
        ) : null}
      </Stack>
      {canAnswer ? (
        <Group gap={6} wrap="nowrap">
          <Tooltip label="Useful">
            <ActionIcon
              size={48}
              radius="xl"
              variant={message.myFeedback === true ? 'filled' : 'default'}
              color="green"
              aria-label="Useful"
              aria-pressed={message.myFeedback === true}
              onClick={() => onAnswer(true)}
            >
              <IconThumbUp size={22} aria-hidden />
            </ActionIcon>
          </Tooltip>
          <Tooltip label="Not useful">
            <ActionIcon
              size={48}
              radius="xl"
              variant={message.myFeedback === false ? 'filled' : 'default'}
              color="red"
              aria-label="Not useful"
              aria-pressed={message.myFeedback === false}
              onClick={() => onAnswer(false)}
            >
              <IconThumbDown size={22} aria-hidden />
            </ActionIcon>
          </Tooltip>
        </Group>
      ) : null}
    </Group>
  );
}

/** One arriving guest: when, who (linked to the 360 page), what they booked, and what to know. */
export function ArrivalCard({
  entry,
  time,
  canAnswer,
  onAnswer,
}: {
  entry: BriefingEntry;
  /** The arrival time as the workspace reads it. */
  time: string;
  canAnswer: boolean;
  onAnswer: (kind: BriefingMessageKind, useful: boolean) => void;
}) {
  const { visit, customer, messages, relationship } = entry;
  const details = visitDetails(visit.properties);
  return (
    <Card
      withBorder
      radius="md"
      padding="lg"
      component="article"
      aria-label={`${customer.fullName} at ${time}`}
    >
      <Group justify="space-between" align="flex-start" wrap="nowrap" mb={messages.length ? 'md' : 'xs'}>
        <Group gap="md" wrap="nowrap" align="flex-start">
          <Text fw={700} size="xl" style={{ fontVariantNumeric: 'tabular-nums' }}>
            {time}
          </Text>
          <Stack gap={2}>
            <Anchor
              fw={700}
              size="lg"
              renderRoot={(props) => (
                <Link to="/customers/$customerId" params={{ customerId: customer.id }} {...props} />
              )}
            >
              {customer.fullName || 'Unnamed guest'}
            </Anchor>
            {details.length ? (
              <Text size="sm" c="dimmed">
                {details.join(' · ')}
              </Text>
            ) : null}
          </Stack>
        </Group>
        <Group gap={6} justify="flex-end">
          <Badge variant="outline" color="gray" size="lg" tt="none">
            {visit.type}
          </Badge>
          {visit.status !== 'booked' ? (
            <Badge variant="light" color={visit.status === 'arrived' ? 'green' : 'gray'} size="lg" tt="none">
              {visit.status}
            </Badge>
          ) : null}
        </Group>
      </Group>
      {relationship ? (
        <Paper bg="var(--mantine-color-gray-light)" radius="sm" p="xs" mb={messages.length ? 'md' : 'xs'}>
          <RelationshipRow relationship={relationship} />
        </Paper>
      ) : null}
      {messages.length ? (
        <Stack gap="md">
          {messages.map((m) => (
            <MessageRow
              key={`${m.kind}:${m.text}`}
              message={m}
              canAnswer={canAnswer}
              onAnswer={(useful) => onAnswer(m.kind, useful)}
            />
          ))}
        </Stack>
      ) : (
        <Text size="sm" c="dimmed">
          {entry.noMessageReason ? NO_MESSAGE_TEXT[entry.noMessageReason] : 'No message.'}
        </Text>
      )}
    </Card>
  );
}
