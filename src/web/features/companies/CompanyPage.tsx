import {
  ActionIcon,
  Anchor,
  Badge,
  Button,
  Card,
  Grid,
  Group,
  Stack,
  Table,
  Text,
  Title,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPencil, IconPlus, IconUserMinus } from '@tabler/icons-react';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { type ReactNode, useState } from 'react';
import { Company, type CompanyPerson } from '../../../shared/contracts/companies.js';
import {
  ConfirmModal,
  DeletedBanner,
  RecordActions,
  RecordPageStatus,
} from '../../components/DeletableRecord.js';
import { PageHeader } from '../../components/PageHeader.js';
import { EmptyState, ErrorState, LoadingState } from '../../components/States.js';
import { api, describeError } from '../../lib/api.js';
import { useCan } from '../../lib/session.js';
import { useFormat } from '../../lib/use-format.js';
import { addressLines } from '../customers/360/profile-display.js';
import { customerKey, flattenPages } from '../customers/360/queries.js';
import { CompanyFormModal } from './CompanyFormModal.js';
import { PersonModal } from './PersonModal.js';
import { COMPANIES_KEY, companyPeopleQuery, companyQuery } from './queries.js';

const route = getRouteApi('/app/companies/$companyId');

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Group gap="xs" wrap="nowrap" align="flex-start">
      <Text size="sm" c="dimmed" w={84} style={{ flexShrink: 0 }}>
        {label}
      </Text>
      <Text size="sm" component="div" style={{ minWidth: 0, overflowWrap: 'anywhere' }}>
        {children}
      </Text>
    </Group>
  );
}

function People({ company }: { company: Company }) {
  const fmt = useFormat();
  const canWrite = useCan('crm:write');
  const queryClient = useQueryClient();
  const people = useInfiniteQuery({ ...companyPeopleQuery(company.id), enabled: !company.deletedAt });
  const items = flattenPages(
    people.data?.pages.map((p) => ({ items: p.items.map((i) => ({ ...i, id: i.customerId })) })),
  );
  const [editing, setEditing] = useState<CompanyPerson | null>(null);
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<CompanyPerson | null>(null);

  const remove = useMutation({
    mutationFn: (p: CompanyPerson) => api.delete(`/companies/${company.id}/people/${p.customerId}`),
    onSuccess: async (_, p) => {
      setRemoving(null);
      notifications.show({
        color: 'green',
        title: 'Person removed',
        message: `${p.fullName} is no longer linked to ${company.name}.`,
      });
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: [...COMPANIES_KEY, 'detail', company.id] }),
        queryClient.invalidateQueries({ queryKey: customerKey(p.customerId) }),
      ]);
    },
    onError: (err) =>
      notifications.show({ color: 'red', title: 'The person was not removed', message: describeError(err) }),
  });

  return (
    <Card withBorder padding="md" radius="md">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4">
          People
        </Title>
        {canWrite && !company.deletedAt ? (
          <Button size="xs" leftSection={<IconPlus size={14} aria-hidden />} onClick={() => setAdding(true)}>
            Add person
          </Button>
        ) : null}
      </Group>
      {company.deletedAt ? (
        <Text size="sm" c="dimmed">
          Restore the company to see and change who works there.
        </Text>
      ) : people.isPending ? (
        <LoadingState label="Loading people…" minHeight={160} />
      ) : people.isError && !people.data ? (
        <ErrorState error={people.error} onRetry={() => void people.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState title="Nobody linked yet">
          {canWrite
            ? 'Add the customers who work here, with their job titles.'
            : 'No customer is linked to this company.'}
        </EmptyState>
      ) : (
        <div className="rapport-table-wrap">
          <Table verticalSpacing="xs" highlightOnHover miw={560} aria-label={`People at ${company.name}`}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Job title</Table.Th>
                <Table.Th>Contact</Table.Th>
                <Table.Th>Since</Table.Th>
                {canWrite ? (
                  <Table.Th w={80}>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                ) : null}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((p) => (
                <Table.Tr key={p.customerId}>
                  <Table.Td>
                    <Anchor
                      size="sm"
                      fw={600}
                      renderRoot={(props) => (
                        <Link to="/customers/$customerId" params={{ customerId: p.customerId }} {...props} />
                      )}
                    >
                      {p.fullName || 'Unnamed customer'}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" c={p.jobTitle ? undefined : 'dimmed'}>
                      {p.jobTitle ?? '—'}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Stack gap={0}>
                      {p.primaryEmail ? (
                        <Anchor href={`mailto:${p.primaryEmail}`} size="xs">
                          {p.primaryEmail}
                        </Anchor>
                      ) : null}
                      {p.primaryPhone ? (
                        <Anchor href={`tel:${p.primaryPhone}`} size="xs">
                          {p.primaryPhone}
                        </Anchor>
                      ) : null}
                      {!p.primaryEmail && !p.primaryPhone ? (
                        <Text size="xs" c="dimmed">
                          —
                        </Text>
                      ) : null}
                    </Stack>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                      {fmt.date(p.linkedAt)}
                    </Text>
                  </Table.Td>
                  {canWrite ? (
                    <Table.Td>
                      <Group gap={2} wrap="nowrap">
                        <Tooltip label="Edit job title">
                          <ActionIcon
                            variant="subtle"
                            color="gray"
                            aria-label={`Edit job title of ${p.fullName}`}
                            onClick={() => setEditing(p)}
                          >
                            <IconPencil size={16} aria-hidden />
                          </ActionIcon>
                        </Tooltip>
                        <Tooltip label="Remove from company">
                          <ActionIcon
                            variant="subtle"
                            color="red"
                            aria-label={`Remove ${p.fullName} from ${company.name}`}
                            onClick={() => setRemoving(p)}
                          >
                            <IconUserMinus size={16} aria-hidden />
                          </ActionIcon>
                        </Tooltip>
                      </Group>
                    </Table.Td>
                  ) : null}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </div>
      )}
      {people.hasNextPage ? (
        <Group justify="center" mt="sm">
          <Button
            variant="default"
            size="sm"
            onClick={() => void people.fetchNextPage()}
            loading={people.isFetchingNextPage}
          >
            Load more
          </Button>
        </Group>
      ) : null}
      {canWrite ? (
        <PersonModal
          companyId={company.id}
          companyName={company.name}
          person={editing}
          opened={adding || editing !== null}
          onClose={() => {
            setAdding(false);
            setEditing(null);
          }}
        />
      ) : null}
      <ConfirmModal
        opened={removing !== null}
        onClose={() => setRemoving(null)}
        title="Remove from company?"
        confirmLabel="Remove"
        onConfirm={() => removing && remove.mutate(removing)}
        loading={remove.isPending}
      >
        {removing?.fullName} stays a customer; only the link to {company.name} goes.
      </ConfirmModal>
    </Card>
  );
}

/** One company: its details and the people (customers) who work there, each linked to their 360. */
export function CompanyPage() {
  const { companyId } = route.useParams();
  const fmt = useFormat();
  const canWrite = useCan('crm:write');
  const canDelete = useCan('crm:delete');
  const queryClient = useQueryClient();
  const company = useQuery(companyQuery(companyId));
  const [editing, setEditing] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);

  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: COMPANIES_KEY }),
      queryClient.invalidateQueries({ queryKey: ['customers', 'detail'] }),
    ]);
  const remove = useMutation({
    mutationFn: () => api.delete(`/companies/${companyId}`, Company),
    onSuccess: async () => {
      setConfirmDelete(false);
      notifications.show({
        color: 'green',
        title: 'Company deleted',
        message: 'Restore it from this page if needed.',
      });
      await refresh();
    },
    onError: (err) =>
      notifications.show({ color: 'red', title: 'The company was not deleted', message: describeError(err) }),
  });
  const restore = useMutation({
    mutationFn: () => api.post(`/companies/${companyId}/restore`, Company),
    onSuccess: async () => {
      notifications.show({ color: 'green', title: 'Company restored', message: 'It is live again.' });
      await refresh();
    },
    onError: (err) =>
      notifications.show({
        color: 'red',
        title: 'The company was not restored',
        message: describeError(err),
      }),
  });

  if (!company.data) {
    return (
      <RecordPageStatus
        query={company}
        noun="company"
        backTo="/companies"
        missingText="The link may be old, or the company is in another workspace."
        minHeight={400}
      />
    );
  }

  const c = company.data;
  const deleted = c.deletedAt !== null;
  const address = addressLines(c.address);
  return (
    <>
      <PageHeader
        title={c.name}
        subtitle={
          <Group gap="xs" wrap="wrap">
            <Anchor component={Link} to="/companies" size="sm">
              Companies
            </Anchor>
            <span aria-hidden>/</span>
            <span>
              {[c.industry, `updated ${fmt.relative(c.updatedAt)} by ${c.updatedBy.name}`]
                .filter(Boolean)
                .join(' · ')}
            </span>
          </Group>
        }
        actions={
          deleted ? null : (
            <RecordActions
              canWrite={canWrite}
              canDelete={canDelete}
              editLabel="Edit company"
              deleteLabel="Delete company"
              onEdit={() => setEditing(true)}
              onDelete={() => setConfirmDelete(true)}
            />
          )
        }
      />
      {deleted ? (
        <DeletedBanner
          title="This company is deleted"
          canRestore={canDelete}
          onRestore={() => restore.mutate()}
          restoring={restore.isPending}
        >
          Deleted {fmt.dateTime(c.deletedAt)}. It no longer shows on its people's profiles.
        </DeletedBanner>
      ) : null}
      <Grid gap="md" align="flex-start">
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Card withBorder padding="md" radius="md">
            <Stack gap={6}>
              <Field label="Domain">
                {c.domain ? (
                  <Anchor href={`https://${c.domain}`} target="_blank" rel="noopener noreferrer" size="sm">
                    {c.domain}
                  </Anchor>
                ) : (
                  '—'
                )}
              </Field>
              <Field label="Industry">{c.industry ?? '—'}</Field>
              <Field label="Address">
                {address.length
                  ? address.map((line) => (
                      <Text key={line} size="sm">
                        {line}
                      </Text>
                    ))
                  : '—'}
              </Field>
              <Field label="Tags">
                {c.tags.length ? (
                  <Group gap={4}>
                    {c.tags.map((t) => (
                      <Badge key={t} size="sm" variant="light" tt="none">
                        {t}
                      </Badge>
                    ))}
                  </Group>
                ) : (
                  '—'
                )}
              </Field>
              <Field label="Created">
                {fmt.date(c.createdAt)} by {c.createdBy.name}
              </Field>
            </Stack>
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <People company={c} />
        </Grid.Col>
      </Grid>
      {canWrite && !deleted ? (
        <CompanyFormModal company={c} opened={editing} onClose={() => setEditing(false)} />
      ) : null}
      <ConfirmModal
        opened={confirmDelete}
        onClose={() => setConfirmDelete(false)}
        title="Delete this company?"
        confirmLabel="Delete company"
        onConfirm={() => remove.mutate()}
        loading={remove.isPending}
      >
        {c.name} disappears from lists and from its people's profiles; the people stay customers. An admin or
        manager can restore it.
      </ConfirmModal>
    </>
  );
}
