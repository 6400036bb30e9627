import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Checkbox,
  Code,
  CopyButton,
  Group,
  Modal,
  Paper,
  Select,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconCheck, IconCopy, IconKey, IconPlus, IconTrash } from '@tabler/icons-react';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { z } from 'zod';
import {
  API_KEY_SCOPES,
  ApiKey,
  ApiKeyCreate,
  ApiKeyCreated,
  type ApiKeyScope,
} from '../../../shared/contracts/api-keys.js';
import type { Role } from '../../../shared/contracts/common.js';
import { EmptyState, ErrorState } from '../../components/States.js';
import { ApiError, api, describeError, fieldErrorsOf } from '../../lib/api.js';
import { useCan, useSession } from '../../lib/session.js';
import { useFormat } from '../../lib/use-format.js';
import { AdminOnlyState, ConfirmModal, SectionHeader } from './SettingsParts.js';
import {
  type ApiKeyStatus,
  apiKeyStatus,
  EXPIRY_PRESETS,
  type ExpiryPreset,
  expiresAtFor,
  SCOPE_LABELS,
} from './settings.api-keys.js';
import { describeRole, ROLE_LABELS, roleOptions } from './settings.roles.js';

const ApiKeyList = z.object({ items: z.array(ApiKey) });
/** The create response: the key's record plus its secret (the contract exports only the schema). */
type NewApiKey = z.infer<typeof ApiKeyCreated>;

export const apiKeysQuery = queryOptions({
  queryKey: ['api-keys'],
  queryFn: ({ signal }) => api.get('/api-keys', ApiKeyList, { signal }),
});

const STATUS_BADGE: Record<ApiKeyStatus, { label: string; color: string }> = {
  active: { label: 'Active', color: 'teal' },
  expired: { label: 'Expired', color: 'orange' },
  revoked: { label: 'Revoked', color: 'gray' },
};

/** Keys for other systems (PMS, shop, website events); the secret is shown once, at creation. */
export function ApiKeysSettings() {
  const canManage = useCan('api-keys:manage');
  const { user } = useSession();
  if (!canManage) return <AdminOnlyState title="API keys" what="API keys" role={user.role} />;
  return <ApiKeysAdmin />;
}

function ApiKeysAdmin() {
  const fmt = useFormat();
  const queryClient = useQueryClient();
  const keys = useQuery(apiKeysQuery);
  const [creating, setCreating] = useState(false);
  // The new secret lives only in this state: never in the query cache, gone when the modal closes.
  const [created, setCreated] = useState<NewApiKey | null>(null);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const now = new Date();

  const revoke = useMutation({
    mutationFn: (key: ApiKey) => api.delete(`/api-keys/${key.id}`, ApiKey),
    onSuccess: (key) => {
      setRevoking(null);
      void queryClient.invalidateQueries({ queryKey: apiKeysQuery.queryKey });
      notifications.show({
        color: 'teal',
        title: 'API key revoked',
        message: `Requests with “${key.name}” are refused from now on.`,
      });
    },
    onError: (error) =>
      notifications.show({ color: 'red', title: 'Not revoked', message: describeError(error) }),
  });

  const items = keys.data?.items ?? [];
  return (
    <>
      <SectionHeader
        title="API keys"
        description="Keys let other systems — a property management system, a shop, the website — read records or send events. Each key acts with a role and only within its scopes."
        actions={
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating(true)}>
            Create API key
          </Button>
        }
      />
      {keys.isPending ? (
        <Skeleton height={240} radius="md" aria-label="Loading API keys" />
      ) : keys.isError ? (
        <ErrorState error={keys.error} onRetry={() => void keys.refetch()} />
      ) : items.length === 0 ? (
        <Paper withBorder>
          <EmptyState title="No API keys yet">
            Create one for each system that talks to Rapport, so each can be revoked on its own.
          </EmptyState>
        </Paper>
      ) : (
        <Paper withBorder className="rapport-table-wrap">
          <Table verticalSpacing="xs" highlightOnHover miw={720}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Access</Table.Th>
                <Table.Th>Created</Table.Th>
                <Table.Th>Last used</Table.Th>
                <Table.Th>Expires</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th w={48}>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((key) => {
                const status = apiKeyStatus(key, now);
                return (
                  <Table.Tr key={key.id} c={status === 'active' ? undefined : 'gray.7'}>
                    <Table.Td>
                      <Text size="sm" fw={600} truncate maw={220}>
                        {key.name}
                      </Text>
                      <Code>{key.prefix}…</Code>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" title={describeRole(key.role)}>
                        {ROLE_LABELS[key.role]}
                      </Text>
                      <Group gap={4} mt={2}>
                        {key.scopes.map((s) => (
                          <Badge
                            key={s}
                            size="xs"
                            variant="light"
                            color="gray"
                            title={SCOPE_LABELS[s].description}
                          >
                            {SCOPE_LABELS[s].label}
                          </Badge>
                        ))}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" title={fmt.dateTime(key.createdAt)}>
                        {fmt.date(key.createdAt)}
                      </Text>
                      <Text size="xs" c="gray.7" truncate maw={180}>
                        by {key.createdBy.name}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" title={key.lastUsedAt ? fmt.dateTime(key.lastUsedAt) : undefined}>
                        {key.lastUsedAt ? fmt.relative(key.lastUsedAt, now) : 'Never'}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" title={key.expiresAt ? fmt.dateTime(key.expiresAt) : undefined}>
                        {key.expiresAt ? fmt.date(key.expiresAt) : 'Never'}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Badge
                        variant="light"
                        color={STATUS_BADGE[status].color}
                        title={key.revokedAt ? `Revoked ${fmt.dateTime(key.revokedAt)}` : undefined}
                      >
                        {STATUS_BADGE[status].label}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      {key.revokedAt ? null : (
                        <Tooltip label="Revoke">
                          <ActionIcon
                            variant="subtle"
                            color="red"
                            aria-label={`Revoke ${key.name}`}
                            onClick={() => setRevoking(key)}
                          >
                            <IconTrash size={16} aria-hidden />
                          </ActionIcon>
                        </Tooltip>
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Paper>
      )}
      <CreateApiKeyModal
        opened={creating}
        onClose={() => setCreating(false)}
        onCreated={(key) => {
          setCreating(false);
          setCreated(key);
        }}
      />
      <NewKeyModal created={created} onClose={() => setCreated(null)} />
      <ConfirmModal
        opened={revoking !== null}
        title="Revoke this API key?"
        confirmLabel="Revoke key"
        busy={revoke.isPending}
        onConfirm={() => revoking && revoke.mutate(revoking)}
        onClose={() => setRevoking(null)}
      >
        Every system using{' '}
        <Text span fw={600} inherit>
          {revoking?.name}
        </Text>{' '}
        ({revoking?.prefix}…) is refused from the next request on. This cannot be undone; create a new key to
        restore access.
      </ConfirmModal>
    </>
  );
}

interface CreateForm {
  name: string;
  role: Role;
  scopes: ApiKeyScope[];
  expiry: ExpiryPreset;
}

const EMPTY_FORM: CreateForm = { name: '', role: 'agent', scopes: ['read'], expiry: 'never' };

function CreateApiKeyModal({
  opened,
  onClose,
  onCreated,
}: {
  opened: boolean;
  onClose: () => void;
  onCreated: (key: NewApiKey) => void;
}) {
  const queryClient = useQueryClient();
  const [form, setForm] = useState<CreateForm>(EMPTY_FORM);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const reset = () => {
    setForm(EMPTY_FORM);
    setErrors({});
  };

  const create = useMutation({
    mutationFn: (body: ApiKeyCreate) => api.post('/api-keys', ApiKeyCreated, body),
    onSuccess: (key) => {
      void queryClient.invalidateQueries({ queryKey: apiKeysQuery.queryKey });
      reset();
      onCreated(key);
    },
    onError: (error) => {
      const fields = error instanceof ApiError ? error.fieldErrors() : {};
      setErrors(fields);
      if (Object.keys(fields).length === 0) {
        notifications.show({ color: 'red', title: 'The key was not created', message: describeError(error) });
      }
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = ApiKeyCreate.safeParse({
      name: form.name.trim(),
      role: form.role,
      scopes: form.scopes,
      expiresAt: expiresAtFor(form.expiry, new Date()),
    });
    if (!parsed.success) {
      setErrors(
        fieldErrorsOf(parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }))),
      );
      return;
    }
    setErrors({});
    create.mutate(parsed.data);
  };

  const close = () => {
    reset();
    onClose();
  };

  return (
    <Modal opened={opened} onClose={close} title="Create an API key" size="md">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <TextInput
            label="Name"
            description="Which system uses it, e.g. Opera PMS Lisbon"
            required
            data-autofocus
            value={form.name}
            maxLength={100}
            onChange={(e) => {
              const name = e.currentTarget.value;
              setForm((f) => ({ ...f, name }));
              setErrors(({ name: _, ...rest }) => rest);
            }}
            error={errors.name}
          />
          <Select
            label="Role"
            required
            data={roleOptions().map(({ value, label }) => ({ value, label }))}
            value={form.role}
            onChange={(v) => v && setForm((f) => ({ ...f, role: v as Role }))}
            allowDeselect={false}
            description={describeRole(form.role)}
            inputWrapperOrder={['label', 'input', 'description', 'error']}
            error={errors.role}
          />
          <Checkbox.Group
            label="Scopes"
            description="What the key may do, within its role"
            required
            value={form.scopes}
            onChange={(v) => {
              setForm((f) => ({ ...f, scopes: v as ApiKeyScope[] }));
              setErrors(({ scopes: _, ...rest }) => rest);
            }}
            error={errors.scopes}
          >
            <Stack gap={6} mt={6}>
              {API_KEY_SCOPES.map((s) => (
                <Checkbox
                  key={s}
                  value={s}
                  label={SCOPE_LABELS[s].label}
                  description={SCOPE_LABELS[s].description}
                />
              ))}
            </Stack>
          </Checkbox.Group>
          <Select
            label="Expires"
            data={EXPIRY_PRESETS.map(({ value, label }) => ({ value, label }))}
            value={form.expiry}
            onChange={(v) => v && setForm((f) => ({ ...f, expiry: v as ExpiryPreset }))}
            allowDeselect={false}
            error={errors.expiresAt}
          />
          <Group justify="flex-end" gap="sm" mt="xs">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending} leftSection={<IconKey size={16} aria-hidden />}>
              Create key
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** The one time the secret is visible: copy it now, or revoke and start again. */
function NewKeyModal({ created, onClose }: { created: NewApiKey | null; onClose: () => void }) {
  return (
    <Modal
      opened={created !== null}
      onClose={onClose}
      title="Copy your new API key"
      size="lg"
      // A stray click outside must not throw the only copy of the secret away.
      closeOnClickOutside={false}
    >
      {created ? (
        <Stack gap="md">
          <Alert
            color="orange"
            variant="light"
            icon={<IconAlertTriangle size={18} />}
            title="Shown only once"
          >
            Store this key in the other system or a password manager now. Rapport keeps only a hash, so it
            cannot show the key again; if it is lost, revoke it and create a new one.
          </Alert>
          <TextInput
            label={`API key “${created.name}”`}
            value={created.key}
            readOnly
            data-autofocus
            onFocus={(e) => e.currentTarget.select()}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
            rightSectionWidth={42}
            rightSection={
              <CopyButton value={created.key} timeout={2000}>
                {({ copied, copy }) => (
                  <Tooltip label={copied ? 'Copied' : 'Copy'} withinPortal>
                    <ActionIcon
                      variant={copied ? 'filled' : 'subtle'}
                      color={copied ? 'teal' : 'gray'}
                      onClick={copy}
                      aria-label={copied ? 'Copied' : 'Copy the key'}
                    >
                      {copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />}
                    </ActionIcon>
                  </Tooltip>
                )}
              </CopyButton>
            }
          />
          <Text size="sm" c="gray.7">
            Send it as <Code>Authorization: Bearer …</Code> on each request. Role {ROLE_LABELS[created.role]},
            scopes {created.scopes.map((s) => SCOPE_LABELS[s].label).join(', ')}.
          </Text>
          <Group justify="flex-end">
            <Button onClick={onClose}>I have copied the key</Button>
          </Group>
        </Stack>
      ) : null}
    </Modal>
  );
}
