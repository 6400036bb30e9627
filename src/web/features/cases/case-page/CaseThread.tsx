import { Badge, Group, Paper, Stack, Text } from '@mantine/core';
import type { CaseDetail, CaseMessage } from '../../../../shared/contracts/cases.js';
import { useFormat } from '../../../lib/use-format.js';
import classes from '../inbox/inbox.module.css';
import { emailStatusText, MESSAGE_KIND_LABELS } from './case-page.labels.js';

const KIND_STYLE: Record<CaseMessage['kind'], { bg: string | undefined; border: string }> = {
  internal_note: { bg: 'var(--mantine-color-yellow-light)', border: 'var(--mantine-color-yellow-6)' },
  reply: { bg: 'var(--mantine-color-blue-light)', border: 'var(--mantine-color-blue-6)' },
  customer_message: { bg: undefined, border: 'var(--mantine-color-gray-4)' },
};

/**
 * The customer's words that opened the case, then every message oldest first. Internal notes
 * are shaded and marked as staff-only, replies show what happened to their e-mail. Bodies are
 * plain text shown as text — markup in them stays inert.
 */
export function CaseThread({ kase }: { kase: CaseDetail }) {
  const fmt = useFormat();
  return (
    <Stack gap="sm" component="section" aria-label="Thread">
      <Paper withBorder p="sm" radius="md" component="article" aria-label="The customer’s words">
        <Group justify="space-between" gap="xs" mb={4}>
          <Text size="xs" fw={700} c="dimmed" tt="uppercase">
            The customer’s words
          </Text>
          <Text size="xs" c="dimmed">
            {fmt.dateTime(kase.openedAt)}
          </Text>
        </Group>
        <Text size="sm" className={`rapport-timeline-item ${classes.words}`}>
          {kase.body}
        </Text>
      </Paper>
      <Stack
        gap="xs"
        component="ol"
        m={0}
        p={0}
        style={{ listStyle: 'none' }}
        aria-label="Messages, oldest first"
      >
        {kase.messages.length === 0 ? (
          <Text size="sm" c="dimmed" component="li">
            No reply or note yet.
          </Text>
        ) : (
          kase.messages.map((m) => <Message key={m.id} message={m} />)
        )}
      </Stack>
    </Stack>
  );
}

function Message({ message: m }: { message: CaseMessage }) {
  const fmt = useFormat();
  const style = KIND_STYLE[m.kind];
  const email = emailStatusText(m.email);
  return (
    <Paper
      component="li"
      withBorder
      p="sm"
      radius="md"
      bg={style.bg}
      style={{ borderLeft: `4px solid ${style.border}` }}
      data-kind={m.kind}
      aria-label={`${MESSAGE_KIND_LABELS[m.kind]} by ${m.author.name}`}
    >
      <Group justify="space-between" gap="xs" mb={4} wrap="wrap">
        <Group gap={6} wrap="wrap">
          <Badge
            size="xs"
            variant={m.kind === 'internal_note' ? 'filled' : 'light'}
            color={m.kind === 'internal_note' ? 'yellow' : m.kind === 'reply' ? 'blue' : 'gray'}
            tt="none"
          >
            {MESSAGE_KIND_LABELS[m.kind]}
          </Badge>
          <Text size="sm" fw={600}>
            {m.author.name}
          </Text>
        </Group>
        <Text size="xs" c="dimmed">
          {fmt.dateTime(m.createdAt)}
        </Text>
      </Group>
      <Text size="sm" className={`rapport-timeline-item ${classes.words}`}>
        {m.body}
      </Text>
      {m.attachments.length ? (
        <Group gap={4} mt={4} wrap="wrap" aria-label="Attachments">
          {m.attachments.map((a) => (
            <Badge key={a.id} size="xs" variant="outline" color="gray" tt="none">
              {a.fileName} · {fmt.number(Math.ceil(a.sizeBytes / 1024))} KB
            </Badge>
          ))}
        </Group>
      ) : null}
      {email && m.kind === 'reply' ? (
        <Text size="xs" mt={4} c={`${email.color}.9`} data-email-status={m.email?.status}>
          {email.text}
          {m.email?.sentAt ? ` · ${fmt.dateTime(m.email.sentAt)}` : ''}
        </Text>
      ) : email ? (
        <Text size="xs" mt={4} c="dimmed">
          {email.text}
        </Text>
      ) : null}
    </Paper>
  );
}
