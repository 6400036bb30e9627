import { Anchor, Badge, Box, Button, Group, Stack, Switch, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useEffect, useRef, useState } from 'react';
import { PageHeader } from '../../components/PageHeader.js';
import { EmptyState, ErrorState, LoadingState } from '../../components/States.js';
import { useCan } from '../../lib/session.js';
import { useFormat } from '../../lib/use-format.js';
import { flattenPages } from '../customers/360/queries.js';
import { CompanyFormModal } from './CompanyFormModal.js';
import { companiesQuery } from './queries.js';

const route = getRouteApi('/app/companies');

/** The companies the workspace deals with, searchable by name; each opens its page with its people. */
export function CompaniesPage() {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const fmt = useFormat();
  const canWrite = useCan('crm:write');
  const canDelete = useCan('crm:delete');
  const [creating, create] = useDisclosure(false);
  const [text, setText] = useState(search.q ?? '');
  const [debounced] = useDebouncedValue(text, 250);

  // The URL follows the box (debounced, replacing history) only when the typing settles, so
  // going back to another ?q= is not undone by a stale debounced value; a new ?q= fills the box.
  const urlQ = useRef(search.q);
  urlQ.current = search.q;
  useEffect(() => {
    const q = debounced.trim() || undefined;
    if (q !== urlQ.current) void navigate({ search: (prev) => ({ ...prev, q }), replace: true });
  }, [debounced, navigate]);
  useEffect(() => {
    setText((current) => (current.trim() === (search.q ?? '') ? current : (search.q ?? '')));
  }, [search.q]);

  const list = useInfiniteQuery({ ...companiesQuery(search), placeholderData: keepPreviousData });
  const items = flattenPages(list.data?.pages);

  return (
    <>
      <PageHeader
        title="Companies"
        subtitle="Organisations your customers work for, and who is who there"
        actions={
          canWrite ? (
            <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={create.open}>
              New company
            </Button>
          ) : null
        }
      />
      <Group mb="md" gap="md" align="flex-end" wrap="wrap">
        <TextInput
          label="Search companies"
          placeholder="Name"
          leftSection={<IconSearch size={16} aria-hidden />}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          w={320}
          maw="100%"
        />
        {canDelete ? (
          <Switch
            label="Show deleted"
            checked={Boolean(search.deleted)}
            onChange={(e) => {
              const deleted = e.currentTarget.checked || undefined;
              void navigate({ search: (prev) => ({ ...prev, deleted }), replace: true });
            }}
            mb={8}
          />
        ) : null}
      </Group>

      {list.isPending ? (
        <LoadingState label="Loading companies…" minHeight={320} />
      ) : list.isError && !list.data ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState
          title={
            search.q
              ? `No company matches “${search.q}”`
              : search.deleted
                ? 'No deleted companies'
                : 'No companies yet'
          }
          action={
            canWrite && !search.q && !search.deleted ? (
              <Button variant="light" onClick={create.open}>
                New company
              </Button>
            ) : null
          }
        >
          {search.q
            ? 'Try part of the name.'
            : 'Companies link customers who work for the same organisation.'}
        </EmptyState>
      ) : (
        <Stack gap="md">
          <Box
            className="rapport-table-wrap"
            style={{ opacity: list.isPlaceholderData ? 0.55 : 1, transition: 'opacity 120ms' }}
          >
            <Table
              highlightOnHover
              verticalSpacing="xs"
              miw={640}
              aria-label="Companies"
              aria-busy={list.isFetching}
            >
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Domain</Table.Th>
                  <Table.Th>Industry</Table.Th>
                  <Table.Th>Tags</Table.Th>
                  <Table.Th>Updated</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((c) => (
                  <Table.Tr key={c.id}>
                    <Table.Td>
                      <Anchor
                        fw={600}
                        size="sm"
                        renderRoot={(props) => (
                          <Link to="/companies/$companyId" params={{ companyId: c.id }} {...props} />
                        )}
                      >
                        {c.name}
                      </Anchor>
                      {c.deletedAt ? (
                        <Badge size="xs" color="red" variant="light" ml={6} tt="none">
                          deleted
                        </Badge>
                      ) : null}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" c={c.domain ? undefined : 'dimmed'}>
                        {c.domain ?? '—'}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" c={c.industry ? undefined : 'dimmed'}>
                        {c.industry ?? '—'}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        {c.tags.map((t) => (
                          <Badge key={t} size="sm" variant="light" tt="none">
                            {t}
                          </Badge>
                        ))}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" title={fmt.dateTime(c.updatedAt)} style={{ whiteSpace: 'nowrap' }}>
                        {fmt.date(c.updatedAt)}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Box>
          <Group justify="space-between">
            <Text size="xs" c="dimmed">
              {fmt.number(items.length)} {items.length === 1 ? 'company' : 'companies'}
              {list.hasNextPage ? ' shown' : ''}
            </Text>
            {list.hasNextPage ? (
              <Button
                variant="default"
                size="sm"
                onClick={() => void list.fetchNextPage()}
                loading={list.isFetchingNextPage}
              >
                Load more
              </Button>
            ) : null}
          </Group>
        </Stack>
      )}
      {canWrite ? <CompanyFormModal opened={creating} onClose={create.close} /> : null}
    </>
  );
}
