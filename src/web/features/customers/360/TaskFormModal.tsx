import { Button, Group, Modal, Select, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { TASK_STATUSES, Task } from '../../../../shared/contracts/tasks.js';
import { ApiError, api } from '../../../lib/api.js';
import { notifyUnplacedErrors } from '../../../lib/form-errors.js';
import { useSession } from '../../../lib/session.js';
import { colleaguesQuery, customerKey } from './queries.js';
import {
  EMPTY_TASK,
  TASK_STATUS_LABELS,
  type TaskValues,
  toTaskCreate,
  toTaskUpdate,
  toTaskValues,
} from './task-form.js';

type TaskField = 'title' | 'description' | 'due' | 'assignee' | 'status';

/** Server paths of a task write onto the form's inputs. */
const FIELD_OF: Record<string, TaskField> = {
  title: 'title',
  description: 'description',
  dueAt: 'due',
  assigneeId: 'assignee',
  status: 'status',
};

/**
 * Assignees to choose from: me, nobody, and every active colleague. A task of someone no longer
 * active keeps that someone as "Another user".
 */
function useAssigneeOptions(current: string) {
  const session = useSession();
  const colleagues = useQuery(colleaguesQuery);
  const options = [
    { value: 'me', label: `Me (${session.user.name})` },
    { value: 'none', label: 'Unassigned' },
  ];
  for (const u of colleagues.data?.items ?? []) {
    if (u.id !== session.user.id) options.push({ value: u.id, label: u.name });
  }
  if (!options.some((o) => o.value === current)) options.push({ value: current, label: 'Another user' });
  return options;
}

/** New task, or edit one: title, description, due time, assignee (and status when editing). */
export function TaskFormModal({
  customerId,
  task,
  opened,
  onClose,
}: {
  customerId: string;
  task: Task | null;
  opened: boolean;
  onClose: () => void;
}) {
  const session = useSession();
  const me = session.user.id;
  const queryClient = useQueryClient();
  const [values, setValues] = useState<TaskValues>(EMPTY_TASK);
  const [errors, setErrors] = useState<Partial<Record<TaskField, string>>>({});
  const assignees = useAssigneeOptions(values.assignee);

  useEffect(() => {
    if (opened) {
      setValues(task ? toTaskValues(task, me) : EMPTY_TASK);
      setErrors({});
    }
  }, [opened, task, me]);

  const set = <K extends TaskField>(field: K, value: TaskValues[K]) => {
    setValues((v) => ({ ...v, [field]: value }));
    setErrors((e) => ({ ...e, [field]: undefined }));
  };

  const save = useMutation({
    mutationFn: (v: TaskValues) =>
      task
        ? api.patch(`/tasks/${task.id}`, Task, toTaskUpdate(v, me))
        : api.post(`/customers/${customerId}/tasks`, Task, toTaskCreate(v, me)),
    onSuccess: async (saved) => {
      notifications.show({ color: 'green', title: task ? 'Task saved' : 'Task added', message: saved.title });
      onClose();
      await queryClient.invalidateQueries({ queryKey: customerKey(customerId) });
    },
    onError: (err) => {
      const fields: Partial<Record<TaskField, string>> = {};
      const rest: string[] = [];
      for (const [path, message] of Object.entries(err instanceof ApiError ? err.fieldErrors() : {})) {
        const field = FIELD_OF[path.split('.')[0] ?? ''];
        if (field) fields[field] ??= message;
        else rest.push(message);
      }
      setErrors(fields);
      notifyUnplacedErrors(task ? 'The task was not saved' : 'The task was not added', err, fields, rest);
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!values.title.trim()) {
      setErrors({ title: 'is required' });
      return;
    }
    save.mutate(values);
  };

  return (
    <Modal opened={opened} onClose={onClose} title={task ? 'Edit task' : 'New task'} size="md">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <TextInput
            label="Title"
            required
            data-autofocus
            value={values.title}
            onChange={(e) => set('title', e.currentTarget.value)}
            error={errors.title}
            maxLength={200}
          />
          <Textarea
            label="Description"
            autosize
            minRows={2}
            maxRows={8}
            value={values.description}
            onChange={(e) => set('description', e.currentTarget.value)}
            error={errors.description}
          />
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
            <TextInput
              label="Due"
              type="datetime-local"
              value={values.due}
              onChange={(e) => set('due', e.currentTarget.value)}
              error={errors.due}
            />
            <Select
              label="Assignee"
              data={assignees}
              value={values.assignee}
              onChange={(v) => set('assignee', v ?? 'none')}
              allowDeselect={false}
              error={errors.assignee}
            />
          </SimpleGrid>
          {task ? (
            <Select
              label="Status"
              data={TASK_STATUSES.map((s) => ({ value: s, label: TASK_STATUS_LABELS[s] }))}
              value={values.status}
              onChange={(v) => set('status', (v as TaskValues['status'] | null) ?? 'open')}
              allowDeselect={false}
              error={errors.status}
            />
          ) : null}
          <Group justify="flex-end" gap="xs" mt="xs">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              {task ? 'Save task' : 'Add task'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
