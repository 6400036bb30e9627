import {
  ActionIcon,
  Badge,
  Button,
  Group,
  Menu,
  Modal,
  Paper,
  PasswordInput,
  Select,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  IconCheck,
  IconDots,
  IconKey,
  IconPencil,
  IconUserCheck,
  IconUserOff,
  IconUserPlus,
} from '@tabler/icons-react';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useState } from 'react';
import type { z } from 'zod';
import { pageOf, type Role } from '../../../shared/contracts/common.js';
import { User, UserCreate, UserUpdate } from '../../../shared/contracts/users.js';
import { ACTIONS, can } from '../../../shared/permissions.js';
import { EmptyState, ErrorState } from '../../components/States.js';
import { ApiError, api, describeError, fieldErrorsOf } from '../../lib/api.js';
import { useCan, useSession } from '../../lib/session.js';
import { useFormat } from '../../lib/use-format.js';
import { AdminOnlyState, ConfirmModal, SectionHeader } from './SettingsParts.js';
import { ACTION_LABELS, describeRole, ROLE_LABELS, roleOptions } from './settings.roles.js';

const UsersPage = pageOf(User);
const PAGE_SIZE = 50;
const USERS_KEY = ['users'] as const;

/** Field messages from a zod failure, keyed like the server's (`password`, `email`). */
function issuesOf(error: z.ZodError): Record<string, string> {
  return fieldErrorsOf(error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
}

/** Field errors next to the inputs; anything else (or nothing field-shaped) as a notification. */
function reportError(error: unknown, title: string, setErrors: (e: Record<string, string>) => void) {
  const fields = error instanceof ApiError ? error.fieldErrors() : {};
  setErrors(fields);
  if (Object.keys(fields).length === 0)
    notifications.show({ color: 'red', title, message: describeError(error) });
}

/** Everyone who can log in to the workspace: add, change role or name, reset passwords, disable. */
export function UsersSettings() {
  const canManage = useCan('users:manage');
  const { user } = useSession();
  if (!canManage) return <AdminOnlyState title="Users" what="users" role={user.role} />;
  return <UsersAdmin />;
}

type Dialog =
  | { kind: 'create' }
  | { kind: 'edit'; user: User }
  | { kind: 'password'; user: User }
  | { kind: 'disable'; user: User }
  | null;

function UsersAdmin() {
  const { user: me } = useSession();
  const fmt = useFormat();
  const queryClient = useQueryClient();
  const [dialog, setDialog] = useState<Dialog>(null);
  const close = () => setDialog(null);

  const users = useInfiniteQuery({
    queryKey: USERS_KEY,
    queryFn: ({ pageParam, signal }) =>
      api.get('/users', UsersPage, {
        query: { limit: PAGE_SIZE, cursor: pageParam, sort: 'email', order: 'asc' },
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

  const enable = useMutation({
    mutationFn: (u: User) => api.patch(`/users/${u.id}`, User, { disabled: false } satisfies UserUpdate),
    onSuccess: (u) => {
      void queryClient.invalidateQueries({ queryKey: USERS_KEY });
      notifications.show({ color: 'teal', title: 'User enabled', message: `${u.name} can log in again.` });
    },
    onError: (error) =>
      notifications.show({ color: 'red', title: 'Not enabled', message: describeError(error) }),
  });

  const disable = useMutation({
    mutationFn: (u: User) => api.patch(`/users/${u.id}`, User, { disabled: true } satisfies UserUpdate),
    onSuccess: (u) => {
      close();
      void queryClient.invalidateQueries({ queryKey: USERS_KEY });
      notifications.show({
        color: 'teal',
        title: 'User disabled',
        message: `${u.name} can no longer log in.`,
      });
    },
    onError: (error) =>
      notifications.show({ color: 'red', title: 'Not disabled', message: describeError(error) }),
  });

  const rows = users.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <>
      <SectionHeader
        title="Users"
        description="People who log in to this workspace. Their role decides what they can see and change."
        actions={
          <Button
            leftSection={<IconUserPlus size={16} aria-hidden />}
            onClick={() => setDialog({ kind: 'create' })}
          >
            Add user
          </Button>
        }
      />
      {users.isPending ? (
        <Skeleton height={320} radius="md" aria-label="Loading users" />
      ) : users.isError ? (
        <ErrorState error={users.error} onRetry={() => void users.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState title="No users yet" />
      ) : (
        <Paper withBorder className="rapport-table-wrap">
          <Table verticalSpacing="xs" highlightOnHover miw={680}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Role</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Last login</Table.Th>
                <Table.Th w={48}>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((u) => {
                const self = u.id === me.id;
                return (
                  <Table.Tr key={u.id} c={u.disabledAt ? 'gray.7' : undefined}>
                    <Table.Td>
                      <Group gap={6} wrap="nowrap">
                        <Text size="sm" fw={600} truncate>
                          {u.name}
                        </Text>
                        {self ? (
                          <Badge size="xs" variant="light" color="blue">
                            you
                          </Badge>
                        ) : null}
                      </Group>
                      <Text size="xs" c="gray.7" truncate>
                        {u.email}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" title={describeRole(u.role)}>
                        {ROLE_LABELS[u.role]}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      {u.disabledAt ? (
                        <Badge variant="light" color="gray" title={`Disabled ${fmt.dateTime(u.disabledAt)}`}>
                          Disabled
                        </Badge>
                      ) : (
                        <Badge variant="light" color="teal">
                          Active
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td>
                      {u.lastLoginAt ? (
                        <Text
                          size="sm"
                          component="time"
                          dateTime={u.lastLoginAt.toISOString()}
                          title={fmt.dateTime(u.lastLoginAt)}
                        >
                          {fmt.relative(u.lastLoginAt)}
                        </Text>
                      ) : (
                        <Text size="sm" c="gray.7">
                          Never
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Menu position="bottom-end" withinPortal>
                        <Menu.Target>
                          <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${u.name}`}>
                            <IconDots size={16} aria-hidden />
                          </ActionIcon>
                        </Menu.Target>
                        <Menu.Dropdown>
                          <Menu.Item
                            leftSection={<IconPencil size={14} aria-hidden />}
                            onClick={() => setDialog({ kind: 'edit', user: u })}
                          >
                            Edit name and role
                          </Menu.Item>
                          <Menu.Item
                            leftSection={<IconKey size={14} aria-hidden />}
                            onClick={() => setDialog({ kind: 'password', user: u })}
                          >
                            Reset password
                          </Menu.Item>
                          {/* Nobody disables themselves: the server refuses, and the workspace could lose its last admin. */}
                          {self ? null : u.disabledAt ? (
                            <Menu.Item
                              leftSection={<IconUserCheck size={14} aria-hidden />}
                              onClick={() => enable.mutate(u)}
                            >
                              Enable
                            </Menu.Item>
                          ) : (
                            <Menu.Item
                              color="red"
                              leftSection={<IconUserOff size={14} aria-hidden />}
                              onClick={() => setDialog({ kind: 'disable', user: u })}
                            >
                              Disable
                            </Menu.Item>
                          )}
                        </Menu.Dropdown>
                      </Menu>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
          {users.hasNextPage ? (
            <Group justify="center" p="sm">
              <Button
                variant="default"
                loading={users.isFetchingNextPage}
                onClick={() => void users.fetchNextPage()}
              >
                Load more users
              </Button>
            </Group>
          ) : null}
        </Paper>
      )}
      <RolesOverview />
      <CreateUserModal opened={dialog?.kind === 'create'} onClose={close} />
      {dialog?.kind === 'edit' ? (
        <EditUserModal user={dialog.user} self={dialog.user.id === me.id} onClose={close} />
      ) : null}
      {dialog?.kind === 'password' ? <ResetPasswordModal user={dialog.user} onClose={close} /> : null}
      <ConfirmModal
        opened={dialog?.kind === 'disable'}
        title="Disable this user?"
        confirmLabel="Disable"
        busy={disable.isPending}
        onConfirm={() => dialog?.kind === 'disable' && disable.mutate(dialog.user)}
        onClose={close}
      >
        {dialog?.kind === 'disable' ? (
          <>
            <Text span fw={600} inherit>
              {dialog.user.name}
            </Text>{' '}
            will be logged out and cannot log in until enabled again. Their records, notes and tasks stay.
          </>
        ) : null}
      </ConfirmModal>
    </>
  );
}

/** Roles against actions, read off the permission matrix: the scannable answer to "who can do what". */
function RolesOverview() {
  const roles = roleOptions();
  return (
    <Paper withBorder mt="lg" className="rapport-table-wrap">
      <Title order={3} size="h5" px="md" pt="md">
        What each role can do
      </Title>
      <Table verticalSpacing={6} miw={640} mt="xs" className="rapport-settings-matrix">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>
              <VisuallyHidden>Permission</VisuallyHidden>
            </Table.Th>
            {roles.map((r) => (
              <Table.Th key={r.value} ta="center" title={r.description}>
                {r.label}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {ACTIONS.map((action) => (
            <Table.Tr key={action}>
              <Table.Th scope="row" fw={400}>
                {upperFirst(ACTION_LABELS[action])}
              </Table.Th>
              {roles.map((r) =>
                can({ role: r.value }, action) ? (
                  <Table.Td key={r.value} ta="center">
                    <IconCheck
                      size={16}
                      color="var(--mantine-color-teal-8)"
                      role="img"
                      aria-label="allowed"
                    />
                  </Table.Td>
                ) : (
                  <Table.Td key={r.value} ta="center" c="gray.5">
                    <span aria-label="not allowed" role="img">
                      –
                    </span>
                  </Table.Td>
                ),
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}

const upperFirst = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function RoleSelect({
  value,
  onChange,
  error,
  disabled,
  description,
}: {
  value: Role;
  onChange: (role: Role) => void;
  error?: ReactNode;
  disabled?: boolean;
  description?: string;
}) {
  return (
    <Select
      label="Role"
      required
      data={roleOptions().map(({ value, label }) => ({ value, label }))}
      value={value}
      onChange={(v) => v && onChange(v as Role)}
      allowDeselect={false}
      disabled={disabled}
      error={error}
      description={description ?? describeRole(value)}
      inputWrapperOrder={['label', 'input', 'description', 'error']}
    />
  );
}

const EMPTY_CREATE: UserCreate = { email: '', name: '', role: 'agent', password: '' };

function CreateUserModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [form, setForm] = useState<UserCreate>(EMPTY_CREATE);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const done = () => {
    setForm(EMPTY_CREATE);
    setErrors({});
    onClose();
  };

  const create = useMutation({
    mutationFn: (body: UserCreate) => api.post('/users', User, body),
    onSuccess: (u) => {
      void queryClient.invalidateQueries({ queryKey: USERS_KEY });
      notifications.show({
        color: 'teal',
        title: 'User added',
        message: `${u.name} can now log in as ${u.email}.`,
      });
      done();
    },
    onError: (error) => reportError(error, 'The user was not added', setErrors),
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body = { ...form, email: form.email.trim(), name: form.name.trim() };
    const parsed = UserCreate.safeParse(body);
    if (!parsed.success) return setErrors(issuesOf(parsed.error));
    setErrors({});
    create.mutate(parsed.data);
  };

  const set = <K extends keyof UserCreate>(key: K, value: UserCreate[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    setErrors(({ [key]: _, ...rest }) => rest);
  };

  return (
    <Modal opened={opened} onClose={done} title="Add a user" size="md">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <TextInput
            label="E-mail"
            type="email"
            required
            data-autofocus
            autoComplete="off"
            value={form.email}
            onChange={(e) => set('email', e.currentTarget.value)}
            error={errors.email}
          />
          <TextInput
            label="Name"
            required
            value={form.name}
            onChange={(e) => set('name', e.currentTarget.value)}
            error={errors.name}
          />
          <RoleSelect value={form.role} onChange={(r) => set('role', r)} error={errors.role} />
          <PasswordInput
            label="Password"
            description="At least 10 characters. Give it to them in person or by phone, not by e-mail."
            required
            autoComplete="new-password"
            value={form.password}
            onChange={(e) => set('password', e.currentTarget.value)}
            error={errors.password}
          />
          <Group justify="flex-end" gap="sm" mt="xs">
            <Button variant="default" onClick={done}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Add user
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function EditUserModal({ user, self, onClose }: { user: User; self: boolean; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState(user.name);
  const [role, setRole] = useState<Role>(user.role);
  const [errors, setErrors] = useState<Record<string, string>>({});

  const save = useMutation({
    mutationFn: (body: UserUpdate) => api.patch(`/users/${user.id}`, User, body),
    onSuccess: (u) => {
      void queryClient.invalidateQueries({ queryKey: USERS_KEY });
      // One's own name is in the session (the user menu shows it).
      if (self) void queryClient.invalidateQueries({ queryKey: ['session'] });
      notifications.show({
        color: 'teal',
        title: 'User saved',
        message: `${u.name} is ${ROLE_LABELS[u.role]}.`,
      });
      onClose();
    },
    onError: (error) => reportError(error, 'The user was not saved', setErrors),
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body: UserUpdate = {};
    if (name.trim() !== user.name) body.name = name.trim();
    if (role !== user.role) body.role = role;
    if (Object.keys(body).length === 0) return onClose();
    const parsed = UserUpdate.safeParse(body);
    if (!parsed.success) return setErrors(issuesOf(parsed.error));
    setErrors({});
    save.mutate(parsed.data);
  };

  return (
    <Modal opened onClose={onClose} title={`Edit ${user.name}`} size="md">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Text size="sm" c="gray.7">
            {user.email}
          </Text>
          <TextInput
            label="Name"
            required
            data-autofocus
            value={name}
            onChange={(e) => {
              setName(e.currentTarget.value);
              setErrors(({ name: _, ...rest }) => rest);
            }}
            error={errors.name}
          />
          <RoleSelect
            value={role}
            onChange={(r) => {
              setRole(r);
              setErrors(({ role: _, ...rest }) => rest);
            }}
            error={errors.role}
            // Admins cannot demote themselves (the server refuses): another admin has to.
            disabled={self}
            description={self ? 'You cannot change your own role; another admin can.' : undefined}
          />
          <Group justify="flex-end" gap="sm" mt="xs">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function ResetPasswordModal({ user, onClose }: { user: User; onClose: () => void }) {
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});

  const save = useMutation({
    mutationFn: (body: UserUpdate) => api.patch(`/users/${user.id}`, User, body),
    onSuccess: (u) => {
      notifications.show({
        color: 'teal',
        title: 'Password reset',
        message: `Tell ${u.name} the new password.`,
      });
      onClose();
    },
    onError: (error) => reportError(error, 'The password was not reset', setErrors),
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = UserUpdate.safeParse({ password });
    if (!parsed.success) return setErrors(issuesOf(parsed.error));
    setErrors({});
    save.mutate(parsed.data);
  };

  return (
    <Modal opened onClose={onClose} title={`Reset the password of ${user.name}`} size="md">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <PasswordInput
            label="New password"
            description="At least 10 characters. Give it to them in person or by phone."
            required
            data-autofocus
            autoComplete="new-password"
            value={password}
            onChange={(e) => {
              setPassword(e.currentTarget.value);
              setErrors({});
            }}
            error={errors.password}
          />
          <Group justify="flex-end" gap="sm" mt="xs">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              Reset password
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
