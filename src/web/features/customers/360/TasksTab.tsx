import {
  ActionIcon,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  SegmentedControl,
  Stack,
  Text,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPencil, IconPlus } from '@tabler/icons-react';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Task } from '../../../../shared/contracts/tasks.js';
import { EmptyState, ErrorState, LoadingState } from '../../../components/States.js';
import { api, describeError } from '../../../lib/api.js';
import { useCan, useSession } from '../../../lib/session.js';
import { useFormat } from '../../../lib/use-format.js';
import { colleaguesQuery, customerKey, flattenPages, type TaskView, tasksQuery } from './queries.js';
import { TaskFormModal } from './TaskFormModal.js';
import { isOverdue, TASK_STATUS_LABELS } from './task-form.js';

const VIEWS: { value: TaskView; label: string }[] = [
  { value: 'open', label: 'Open' },
  { value: 'done', label: 'Done' },
  { value: 'all', label: 'All' },
];

function useAssigneeName() {
  const session = useSession();
  const colleagues = useQuery(colleaguesQuery);
  return (id: string | null): string => {
    if (id === null) return 'Unassigned';
    if (id === session.user.id) return 'You';
    return colleagues.data?.items.find((u) => u.id === id)?.name ?? 'Another user';
  };
}

function TaskItem({
  task,
  customerId,
  onEdit,
}: {
  task: Task;
  customerId: string;
  onEdit: (t: Task) => void;
}) {
  const fmt = useFormat();
  const canWrite = useCan('crm:write');
  const queryClient = useQueryClient();
  const assigneeName = useAssigneeName();
  const done = task.status === 'done';
  const overdue = isOverdue(task, new Date());

  const toggle = useMutation({
    mutationFn: () =>
      done
        ? api.patch(`/tasks/${task.id}`, Task, { status: 'open' })
        : api.post(`/tasks/${task.id}/complete`, Task),
    onSuccess: async (saved) => {
      notifications.show({
        color: 'green',
        title: saved.status === 'done' ? 'Task completed' : 'Task reopened',
        message: saved.title,
      });
      await queryClient.invalidateQueries({ queryKey: customerKey(customerId) });
    },
    onError: (err) =>
      notifications.show({ color: 'red', title: 'The task was not changed', message: describeError(err) }),
  });

  return (
    <Card
      component="li"
      withBorder
      padding="sm"
      radius="md"
      style={
        overdue
          ? { borderColor: 'var(--mantine-color-red-4)', background: 'var(--mantine-color-red-0)' }
          : undefined
      }
    >
      <Group wrap="nowrap" align="flex-start" gap="sm">
        {canWrite ? (
          <Checkbox
            mt={2}
            checked={done}
            disabled={toggle.isPending || task.status === 'cancelled'}
            onChange={() => toggle.mutate()}
            aria-label={done ? `Reopen "${task.title}"` : `Complete "${task.title}"`}
          />
        ) : null}
        <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
          <Group gap={6} wrap="wrap">
            <Text size="sm" fw={600} td={done ? 'line-through' : undefined} c={done ? 'dimmed' : undefined}>
              {task.title}
            </Text>
            {overdue ? (
              <Badge size="sm" color="red" variant="filled" tt="none">
                Overdue
              </Badge>
            ) : null}
            {task.status !== 'open' ? (
              <Badge size="sm" variant="light" color={done ? 'green' : 'gray'} tt="none">
                {TASK_STATUS_LABELS[task.status]}
              </Badge>
            ) : null}
          </Group>
          {task.description ? (
            <Text size="xs" c="dimmed" className="rapport-timeline-item" lineClamp={3}>
              {task.description}
            </Text>
          ) : null}
          <Text size="xs" c={overdue ? 'red.8' : 'dimmed'}>
            {task.dueAt ? `Due ${fmt.dateTime(task.dueAt)} (${fmt.relative(task.dueAt)})` : 'No due date'} ·{' '}
            {assigneeName(task.assigneeId)}
            {done && task.completedAt ? ` · done ${fmt.relative(task.completedAt)}` : ''}
          </Text>
        </Stack>
        {canWrite ? (
          <Tooltip label="Edit task">
            <ActionIcon
              variant="subtle"
              color="gray"
              aria-label={`Edit task "${task.title}"`}
              onClick={() => onEdit(task)}
            >
              <IconPencil size={16} aria-hidden />
            </ActionIcon>
          </Tooltip>
        ) : null}
      </Group>
    </Card>
  );
}

/** The customer's tasks: open ones by due date (overdue ones red), done ones, or all. */
export function TasksTab({ customerId, deleted }: { customerId: string; deleted: boolean }) {
  const canWrite = useCan('crm:write');
  const [view, setView] = useState<TaskView>('open');
  const [editing, setEditing] = useState<Task | null>(null);
  const [formOpen, setFormOpen] = useState(false);
  const tasks = useInfiniteQuery({ ...tasksQuery(customerId, view), enabled: !deleted });
  const items = flattenPages(tasks.data?.pages);

  if (deleted) {
    return (
      <EmptyState title="Tasks are closed while the customer is deleted">
        Restore the customer to see and work on their tasks.
      </EmptyState>
    );
  }

  return (
    <Stack gap="md">
      <Group justify="space-between" gap="sm">
        <SegmentedControl
          size="xs"
          data={VIEWS}
          value={view}
          onChange={(v) => setView(v as TaskView)}
          aria-label="Which tasks to show"
        />
        {canWrite ? (
          <Button
            size="xs"
            leftSection={<IconPlus size={14} aria-hidden />}
            onClick={() => {
              setEditing(null);
              setFormOpen(true);
            }}
          >
            New task
          </Button>
        ) : null}
      </Group>
      {tasks.isPending ? (
        <LoadingState label="Loading tasks…" />
      ) : tasks.isError && !tasks.data ? (
        <ErrorState error={tasks.error} onRetry={() => void tasks.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState
          title={view === 'open' ? 'Nothing to do' : view === 'done' ? 'No finished tasks' : 'No tasks yet'}
        >
          {view === 'open' && canWrite ? 'Add a task to follow up with this customer.' : null}
        </EmptyState>
      ) : (
        <Stack component="ul" gap="xs" m={0} p={0} style={{ listStyle: 'none' }} aria-label="Tasks">
          {items.map((t) => (
            <TaskItem
              key={t.id}
              task={t}
              customerId={customerId}
              onEdit={(task) => {
                setEditing(task);
                setFormOpen(true);
              }}
            />
          ))}
        </Stack>
      )}
      {tasks.hasNextPage ? (
        <Group justify="center">
          <Button
            variant="default"
            size="sm"
            onClick={() => void tasks.fetchNextPage()}
            loading={tasks.isFetchingNextPage}
          >
            Load more
          </Button>
        </Group>
      ) : null}
      <TaskFormModal
        customerId={customerId}
        task={editing}
        opened={formOpen}
        onClose={() => setFormOpen(false)}
      />
    </Stack>
  );
}
