import { Anchor, Badge, Group, ScrollArea, SimpleGrid, Stack, Text } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import type { Dashboard } from '../../../shared/contracts/dashboard.js';
import { ChannelIcon } from '../../components/ChannelIcon.js';
import { useSession } from '../../lib/session.js';
import { useFormat } from '../../lib/use-format.js';
import { CHART_HEADER_HEIGHT, DashboardCard } from './DashboardCharts.js';

/** The latest touch points and orders across the workspace. */
export function RecentActivity({ data, height }: { data: Dashboard; height: number }) {
  const fmt = useFormat();
  const items = data.recentActivity;
  return (
    <DashboardCard title="Recent activity" subtitle="Latest touch points and orders" height={height}>
      {items.length === 0 ? (
        <Text size="sm" c="gray.7" ta="center" pt="xl">
          Nothing has happened yet.
        </Text>
      ) : (
        <ScrollArea h={height - CHART_HEADER_HEIGHT - 32} type="auto" offsetScrollbars>
          <SimpleGrid
            component="ul"
            cols={{ base: 1, md: 2 }}
            spacing="lg"
            verticalSpacing="sm"
            p={0}
            m={0}
            style={{ listStyle: 'none' }}
          >
            {items.map((item) => (
              <Group component="li" key={`${item.kind}-${item.id}`} gap="sm" wrap="nowrap" align="flex-start">
                <ChannelIcon channel={item.channel} size={28} />
                <Stack gap={0} style={{ minWidth: 0, flex: 1 }}>
                  <Text size="sm" lineClamp={2} style={{ overflowWrap: 'anywhere' }}>
                    {item.summary}
                  </Text>
                  <Group gap={6} wrap="nowrap">
                    <Anchor
                      renderRoot={(props) => (
                        <Link
                          to="/customers/$customerId"
                          params={{ customerId: item.customerId }}
                          {...props}
                        />
                      )}
                      size="xs"
                      fw={600}
                      truncate
                    >
                      {item.customerName || 'Unnamed customer'}
                    </Anchor>
                    <Text size="xs" c="gray.7" aria-hidden>
                      ·
                    </Text>
                    <Text
                      component="time"
                      size="xs"
                      c="gray.7"
                      dateTime={item.occurredAt.toISOString()}
                      title={fmt.dateTime(item.occurredAt)}
                      style={{ whiteSpace: 'nowrap' }}
                    >
                      {fmt.relative(item.occurredAt, data.asOf)}
                    </Text>
                  </Group>
                </Stack>
              </Group>
            ))}
          </SimpleGrid>
        </ScrollArea>
      )}
    </DashboardCard>
  );
}

/** Open tasks across the workspace, the caller's first; overdue ones stand out. */
export function OpenTasks({ data, height }: { data: Dashboard; height: number }) {
  const fmt = useFormat();
  const { user } = useSession();
  const { count, overdue, items } = data.openTasks;
  return (
    <DashboardCard
      title={
        <Anchor
          renderRoot={(props) => <Link to="/customers" search={{ hasOpenTask: true }} {...props} />}
          inherit
        >
          Open tasks
        </Anchor>
      }
      subtitle={
        count === 0 ? (
          'Nothing to do'
        ) : (
          <>
            {fmt.number(count)} open
            {overdue > 0 ? (
              <>
                {' · '}
                <Text span inherit c="red.8" fw={700}>
                  {fmt.number(overdue)} overdue
                </Text>
              </>
            ) : null}
          </>
        )
      }
      height={height}
    >
      {items.length === 0 ? (
        <Text size="sm" c="gray.7" ta="center" pt="xl">
          No open tasks. Tasks added on a customer’s page show up here.
        </Text>
      ) : (
        <ScrollArea h={height - CHART_HEADER_HEIGHT - 32} type="auto" offsetScrollbars>
          <Stack component="ul" gap={6} p={0} m={0} style={{ listStyle: 'none' }}>
            {items.map((task) => {
              const late = task.dueAt !== null && task.dueAt.getTime() < data.asOf.getTime();
              return (
                <li key={task.id}>
                  <Anchor
                    renderRoot={(props) => (
                      <Link
                        to="/customers/$customerId"
                        params={{ customerId: task.customerId }}
                        search={{ tab: 'tasks' }}
                        {...props}
                      />
                    )}
                    underline="never"
                    c="inherit"
                    display="block"
                    p={6}
                    className="rapport-dashboard-task"
                    data-overdue={late || undefined}
                  >
                    <Group justify="space-between" wrap="nowrap" gap="xs">
                      <Text size="sm" fw={600} truncate>
                        {task.title}
                      </Text>
                      {task.assigneeId === user.id ? (
                        <Badge size="xs" variant="light" color="grape" style={{ flexShrink: 0 }}>
                          yours
                        </Badge>
                      ) : null}
                    </Group>
                    <Group gap={6} wrap="nowrap">
                      <Text size="xs" c="gray.7" truncate>
                        {task.customerName || 'Unnamed customer'}
                      </Text>
                      <Text size="xs" c="gray.7" aria-hidden>
                        ·
                      </Text>
                      <Text
                        size="xs"
                        c={late ? 'red.8' : 'gray.7'}
                        fw={late ? 700 : undefined}
                        style={{ whiteSpace: 'nowrap', flexShrink: 0 }}
                      >
                        {task.dueAt === null
                          ? 'no due date'
                          : late
                            ? `overdue since ${fmt.date(task.dueAt)}`
                            : `due ${fmt.date(task.dueAt)}`}
                      </Text>
                    </Group>
                  </Anchor>
                </li>
              );
            })}
          </Stack>
        </ScrollArea>
      )}
    </DashboardCard>
  );
}
