import { Button, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import { useDisclosure, useLocalStorage } from '@mantine/hooks';
import {
  IconChevronLeft,
  IconChevronRight,
  IconDownload,
  IconFileImport,
  IconPlus,
  IconSearch,
  IconTags,
} from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import type { RowSelectionState } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import { PageHeader } from '../../components/PageHeader.js';
import { EmptyState, ErrorState } from '../../components/States.js';
import { useCan } from '../../lib/session.js';
import { useFormat } from '../../lib/use-format.js';
import { useCatalogue } from '../touchpoint-catalogue/catalogue.js';
import type { CustomersSearch } from './customers.search.js';
import { BulkTagModal } from './list/BulkTagModal.js';
import { ColumnChooser } from './list/ColumnChooser.js';
import { FilterChips, FiltersButton } from './list/CustomerFilters.js';
import { CustomersTable } from './list/CustomersTable.js';
import { useCursorStack } from './list/cursor-stack.js';
import {
  clearFilters,
  exportHref,
  filterChips,
  hasFilters,
  listKey,
  nextSort,
  PAGE_SIZES,
  type PageSize,
  sortOf,
  toggleColumn,
  visibleColumns,
} from './list/list-query.js';
import { NewCustomerModal } from './list/NewCustomerModal.js';
import { customerListQuery } from './list/queries.js';
import { SavedViewsMenu, useCurrentView } from './list/SavedViewsMenu.js';
import { useUrlText } from './list/use-url-text.js';

// The list's route (its id carries the pathless layout route `app`).
const route = getRouteApi('/app/customers');

const PAGE_SIZE_OPTIONS = PAGE_SIZES.map(String);

/** "51–100", or "51–87 of 87" on the last page (the only page where the total is known). */
function rangeLabel(first: number, count: number, last: boolean, n: (v: number) => string): string {
  const end = first + count - 1;
  return `${n(first)}–${n(end)}${last ? ` of ${n(end)}` : ''}`;
}

/**
 * The customers list: search, filters, sort and columns live in the URL (so a dashboard tile
 * or a colleague's link opens exactly this list); pages come from the server by cursor.
 */
export function CustomersPage() {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const fmt = useFormat();
  const catalogue = useCatalogue();
  const canWrite = useCan('crm:write');
  const canExport = useCan('data:export');
  const canImport = useCan('data:import');
  const currentView = useCurrentView(search.view);

  // The page size is a preference of this browser, not part of the list a link shares.
  const [pageSize, setPageSize] = useLocalStorage<PageSize>({
    key: 'rapport.customers.pageSize',
    defaultValue: 50,
    getInitialValueInEffect: false,
    deserialize: (v) => (PAGE_SIZES.find((s) => String(s) === v) ?? 50) as PageSize,
    serialize: String,
  });
  const key = listKey(search, pageSize);
  const pages = useCursorStack(key);
  const list = useQuery(customerListQuery(search, { limit: pageSize, cursor: pages.cursor }));

  // A selection belongs to one list: a new filter or sort starts with none.
  const [selection, setSelection] = useState<{ key: string; rows: RowSelectionState }>({ key, rows: {} });
  const rowSelection = selection.key === key ? selection.rows : {};
  const selectedIds = Object.keys(rowSelection).filter((id) => rowSelection[id]);
  const [tagOpen, tagModal] = useDisclosure(false);
  const [newOpen, newModal] = useDisclosure(false);

  const setSearch = (next: CustomersSearch, replace = false) => void navigate({ search: next, replace });
  const patch = (p: Partial<CustomersSearch>, replace = false) =>
    void navigate({ search: (prev) => ({ ...prev, ...p }), replace });

  const searchBox = useUrlText(search.q, (q) => patch({ q }, true));
  const chips = filterChips(search, fmt.date, fmt.timeZone, catalogue.channelLabel, (m) => fmt.money(m));
  const filtered = hasFilters(search);
  const columns = visibleColumns(search);
  const sort = sortOf(search);
  const items = list.data?.items;
  const nextCursor = list.data?.nextCursor ?? null;
  const first = pages.pageIndex * pageSize + 1;

  // Tags the selected rows of this page carry: what "Remove tags" suggests.
  const selectedTags = useMemo(
    () => [...new Set((items ?? []).filter((c) => rowSelection[c.id]).flatMap((c) => c.tags))].sort(),
    [items, rowSelection],
  );

  const empty = filtered ? (
    <EmptyState
      title="No customers match"
      action={
        <Button variant="light" onClick={() => setSearch(clearFilters(search))}>
          Clear filters
        </Button>
      }
    >
      Nobody fits this search and these filters. Remove a filter or try another spelling.
    </EmptyState>
  ) : (
    <EmptyState
      title="No customers yet"
      action={
        <Group gap="xs" justify="center">
          {canWrite ? (
            <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={newModal.open}>
              New customer
            </Button>
          ) : null}
          {canImport ? (
            <Button
              component={Link}
              to="/import"
              variant="light"
              leftSection={<IconFileImport size={16} aria-hidden />}
            >
              Import customers
            </Button>
          ) : null}
        </Group>
      }
    >
      Customers appear here as they are added, imported or met through any channel.
    </EmptyState>
  );

  return (
    <>
      <PageHeader
        title="Customers"
        subtitle={currentView ? `View: ${currentView.name}` : 'Everyone your team has met, on every channel'}
        actions={
          canWrite ? (
            <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={newModal.open}>
              New customer
            </Button>
          ) : null
        }
      />

      <Stack gap="xs">
        <Group gap="xs" wrap="wrap" align="center">
          <TextInput
            aria-label="Search customers in this list"
            placeholder="Name, e-mail or phone"
            leftSection={<IconSearch size={16} aria-hidden />}
            value={searchBox.text}
            onChange={(e) => searchBox.setText(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') searchBox.flush();
            }}
            type="search"
            maxLength={200}
            style={{ flex: '1 1 160px', minWidth: 160, maxWidth: 420 }}
          />
          <FiltersButton search={search} onPatch={(p) => patch(p)} />
          <ColumnChooser
            visible={columns}
            onToggle={(column, show) => patch({ cols: toggleColumn(search, column, show) }, true)}
            onReset={() => patch({ cols: undefined }, true)}
          />
          <SavedViewsMenu search={search} onApply={(next) => setSearch(next)} />
          {canExport ? (
            <Button
              component="a"
              href={exportHref(search)}
              variant="default"
              leftSection={<IconDownload size={16} aria-hidden />}
              title="Download every customer of this list (all pages) as CSV"
            >
              Export CSV
            </Button>
          ) : null}
        </Group>

        {/* Always rendered with a fixed minimum height, so chips and the selection bar never push the table. */}
        <Group justify="space-between" gap="xs" mih={30} wrap="wrap">
          {chips.length || filtered ? (
            <FilterChips
              chips={chips}
              onRemove={(chip) => patch(Object.fromEntries(chip.keys.map((k) => [k, undefined])))}
              onClear={() => setSearch(clearFilters(search))}
              showClear={filtered}
            />
          ) : (
            <Text size="sm" c="dimmed">
              All customers
            </Text>
          )}
          {selectedIds.length ? (
            <Group gap="xs" role="region" aria-label="Selected customers">
              <Text size="sm" fw={500} aria-live="polite">
                {selectedIds.length} selected
              </Text>
              <Button
                size="compact-sm"
                leftSection={<IconTags size={14} aria-hidden />}
                onClick={tagModal.open}
              >
                Tag…
              </Button>
              <Button size="compact-sm" variant="subtle" onClick={() => setSelection({ key, rows: {} })}>
                Clear selection
              </Button>
            </Group>
          ) : items?.length ? (
            <Text size="sm" c="dimmed" aria-live="polite">
              {list.isPlaceholderData
                ? 'Loading…'
                : rangeLabel(first, items.length, nextCursor === null, fmt.number)}
            </Text>
          ) : null}
        </Group>

        {list.isError && !list.isPlaceholderData ? (
          <ErrorState
            error={list.error}
            onRetry={() => void list.refetch()}
            title="The customers could not be loaded"
          />
        ) : (
          <CustomersTable
            items={items}
            columns={columns}
            sort={sort}
            onSort={(column) => patch(nextSort(search, column))}
            selectable={canWrite}
            rowSelection={rowSelection}
            onRowSelectionChange={(updater) =>
              setSelection((s) => {
                const rows = s.key === key ? s.rows : {};
                return { key, rows: typeof updater === 'function' ? updater(rows) : updater };
              })
            }
            busy={list.isPlaceholderData && list.isFetching}
            scrollKey={`${key}|${pages.cursor ?? ''}`}
            skeletonRows={Math.min(pageSize, 25)}
            empty={empty}
          />
        )}

        <Group justify="space-between" gap="sm" wrap="wrap">
          <Group gap="xs">
            <Text size="sm" c="dimmed" component="label" htmlFor="customers-page-size">
              Rows per page
            </Text>
            <Select
              id="customers-page-size"
              data={PAGE_SIZE_OPTIONS}
              value={String(pageSize)}
              onChange={(v) => v && setPageSize(Number(v) as PageSize)}
              allowDeselect={false}
              w={80}
              size="xs"
            />
          </Group>
          <Group gap="xs">
            <Text size="sm" c="dimmed">
              Page {fmt.number(pages.pageIndex + 1)}
            </Text>
            <Button
              variant="default"
              size="xs"
              leftSection={<IconChevronLeft size={14} aria-hidden />}
              disabled={pages.pageIndex === 0}
              onClick={pages.previous}
            >
              Previous
            </Button>
            <Button
              variant="default"
              size="xs"
              rightSection={<IconChevronRight size={14} aria-hidden />}
              disabled={!nextCursor || list.isPlaceholderData}
              onClick={() => nextCursor && pages.next(nextCursor)}
            >
              Next
            </Button>
          </Group>
        </Group>
      </Stack>

      {canWrite ? (
        <>
          <NewCustomerModal opened={newOpen} onClose={newModal.close} />
          <BulkTagModal
            opened={tagOpen}
            ids={selectedIds}
            suggestions={selectedTags}
            onClose={tagModal.close}
            onDone={() => setSelection({ key, rows: {} })}
          />
        </>
      ) : null}
    </>
  );
}
