import {
  Anchor,
  Badge,
  Checkbox,
  Group,
  Skeleton,
  Table,
  Text,
  UnstyledButton,
  VisuallyHidden,
} from '@mantine/core';
import { IconArrowDown, IconArrowsSort, IconArrowUp } from '@tabler/icons-react';
import { Link } from '@tanstack/react-router';
import {
  type ColumnDef,
  type ColumnDefTemplate,
  type DisplayColumnDef,
  getCoreRowModel,
  type OnChangeFn,
  type RowSelectionState,
  useReactTable,
} from '@tanstack/react-table';
// The small metadata formats numbers just as well; validation stays with the server (max).
import { parsePhoneNumberFromString } from 'libphonenumber-js/min';
import { type ReactNode, useEffect, useMemo, useRef } from 'react';
import type { CustomerListItem } from '../../../../shared/contracts/customers.js';
import { CUSTOMER_COLUMNS, type CustomerColumn } from '../../../../shared/contracts/saved-views.js';
import type { Formatter } from '../../../lib/format.js';
import { useFormat } from '../../../lib/use-format.js';
import { TierBadge } from '../../value/TierBadge.js';
import { percent } from '../../value/value.labels.js';
import { ProvisionalBadge } from '../ProvisionalBadge.js';
import { COLUMN_LABELS, COLUMN_WIDTHS, ROW_HEIGHT, SORTABLE } from './columns.js';
import type { CustomerSort, SortOrder } from './list-query.js';

const NO_ROWS: CustomerListItem[] = [];

/** How a customer is named on screen when the record has no name yet. */
export function displayName(c: Pick<CustomerListItem, 'fullName' | 'primaryEmail' | 'primaryPhone'>): string {
  return c.fullName.trim() || c.primaryEmail || c.primaryPhone || 'Unnamed customer';
}

/** `+447700900123` → `+44 7700 900123`: E.164 as people read it aloud on the phone. */
export function readablePhone(e164: string): string {
  try {
    return parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
  } catch {
    return e164;
  }
}

function regionNames(locale: string): Intl.DisplayNames | null {
  try {
    return new Intl.DisplayNames([locale], { type: 'region' });
  } catch {
    return null;
  }
}

function DateCell({ value, fmt, relative }: { value: Date | null; fmt: Formatter; relative?: boolean }) {
  if (!value)
    return (
      <Text c="dimmed" size="sm" span>
        —
      </Text>
    );
  return (
    <time dateTime={value.toISOString()} title={fmt.dateTime(value)}>
      {relative ? fmt.relative(value) : fmt.date(value)}
    </time>
  );
}

function Dimmed({ children }: { children: ReactNode }) {
  return (
    <Text c="dimmed" size="sm" span>
      {children}
    </Text>
  );
}

function TagsCell({ tags }: { tags: string[] }) {
  if (tags.length === 0) return <Dimmed>—</Dimmed>;
  // Two short badges fit the column; otherwise one badge and the count, so none is cut mid-word.
  const bothFit = tags.length === 2 && tags[0]!.length + tags[1]!.length <= 14;
  const shown = tags.slice(0, bothFit ? 2 : 1);
  const more = tags.length - shown.length;
  return (
    <Group gap={4} wrap="nowrap" title={tags.join(', ')}>
      {shown.map((t) => (
        <Badge key={t} size="sm" variant="light" color="gray" radius="sm" tt="none" maw={120}>
          {t}
        </Badge>
      ))}
      {more > 0 ? (
        <Text size="xs" c="dimmed" span>
          +{more}
        </Text>
      ) : null}
    </Group>
  );
}

/** The current value run's tier and CLV, in the run's currency; "—" before a run or without orders. */
function ValueCell({ value, fmt }: { value: CustomerListItem['value']; fmt: Formatter }) {
  if (!value) return <Dimmed>—</Dimmed>;
  return (
    <Group gap={6} wrap="nowrap" title={`P(alive) ${percent(value.pAlive, fmt.locale)}`}>
      <TierBadge tier={value.tier} />
      <Text size="sm" span style={{ fontVariantNumeric: 'tabular-nums' }}>
        {fmt.money(value.clvMinor, value.currency)}
      </Text>
    </Group>
  );
}

function buildColumns(fmt: Formatter, selectable: boolean): ColumnDef<CustomerListItem>[] {
  const regions = regionNames(fmt.locale);
  const data: Record<CustomerColumn, Pick<DisplayColumnDef<CustomerListItem>, 'cell'>> = {
    fullName: {
      cell: ({ row }) => {
        const name = (
          <Anchor
            renderRoot={(props) => (
              <Link to="/customers/$customerId" params={{ customerId: row.original.id }} {...props} />
            )}
            size="sm"
            fw={600}
            c={row.original.fullName.trim() ? undefined : 'dimmed'}
            truncate={row.original.provisional ? 'end' : undefined}
          >
            {displayName(row.original)}
          </Anchor>
        );
        if (!row.original.provisional) return name;
        return (
          <Group gap={6} wrap="nowrap">
            {name}
            <ProvisionalBadge size="xs" />
          </Group>
        );
      },
    },
    primaryEmail: { cell: ({ row }) => row.original.primaryEmail ?? <Dimmed>—</Dimmed> },
    primaryPhone: {
      cell: ({ row }) => {
        const phone = row.original.primaryPhone;
        return phone ? <span title={phone}>{readablePhone(phone)}</span> : <Dimmed>—</Dimmed>;
      },
    },
    tags: { cell: ({ row }) => <TagsCell tags={row.original.tags} /> },
    city: { cell: ({ row }) => row.original.address?.city ?? <Dimmed>—</Dimmed> },
    country: {
      cell: ({ row }) => {
        const code = row.original.address?.country;
        if (!code) return <Dimmed>—</Dimmed>;
        return <span title={code}>{regions?.of(code) ?? code}</span>;
      },
    },
    locale: { cell: ({ row }) => row.original.locale ?? <Dimmed>—</Dimmed> },
    prefersHumanService: {
      cell: ({ row }) =>
        row.original.prefersHumanService ? (
          <Badge size="sm" variant="light" color="grape" tt="none">
            prefers a human
          </Badge>
        ) : null,
    },
    lastActivityAt: {
      cell: ({ row }) => <DateCell value={row.original.lastActivityAt} fmt={fmt} relative />,
    },
    value: { cell: ({ row }) => <ValueCell value={row.original.value} fmt={fmt} /> },
    createdAt: { cell: ({ row }) => <DateCell value={row.original.createdAt} fmt={fmt} /> },
    updatedAt: { cell: ({ row }) => <DateCell value={row.original.updatedAt} fmt={fmt} /> },
  };
  const columns: ColumnDef<CustomerListItem>[] = CUSTOMER_COLUMNS.map((id) => ({
    ...data[id],
    id,
    header: COLUMN_LABELS[id],
    size: COLUMN_WIDTHS[id],
  }));
  if (!selectable) return columns;
  return [
    {
      id: 'select',
      size: COLUMN_WIDTHS.select,
      header: ({ table }) => (
        <Checkbox
          size="xs"
          aria-label="Select all on this page"
          checked={table.getIsAllPageRowsSelected()}
          indeterminate={table.getIsSomePageRowsSelected()}
          onChange={table.getToggleAllPageRowsSelectedHandler()}
          disabled={table.getRowModel().rows.length === 0}
        />
      ),
      cell: ({ row }) => (
        <Checkbox
          size="xs"
          aria-label={`Select ${displayName(row.original)}`}
          checked={row.getIsSelected()}
          onChange={row.getToggleSelectedHandler()}
        />
      ),
    },
    ...columns,
  ];
}

/**
 * `flexRender` without the component: our cell and header templates use no hooks, so they are
 * called as functions. As components, each of the page's hundreds of cells would take the
 * whole table context as props, which React's development build diffs on every render.
 */
function renderTemplate<P extends object>(template: ColumnDefTemplate<P> | undefined, props: P): ReactNode {
  return typeof template === 'function' ? (template as (p: P) => ReactNode)(props) : template;
}

const cellStyle = {
  height: ROW_HEIGHT,
  whiteSpace: 'nowrap',
  overflow: 'hidden',
  textOverflow: 'ellipsis',
} as const;

/**
 * The customers table: server-sorted and server-paged (TanStack Table only lays it out),
 * fixed column widths and row height, the previous page dimmed while the next one loads.
 */
export function CustomersTable({
  items,
  columns,
  sort,
  onSort,
  selectable,
  rowSelection,
  onRowSelectionChange,
  busy,
  skeletonRows,
  empty,
  scrollKey,
}: {
  /** `undefined` while the first page loads. */
  items: CustomerListItem[] | undefined;
  columns: readonly CustomerColumn[];
  sort: { sort: CustomerSort; order: SortOrder };
  onSort: (column: CustomerSort) => void;
  selectable: boolean;
  rowSelection: RowSelectionState;
  onRowSelectionChange: OnChangeFn<RowSelectionState>;
  /** A newer page is on its way; what is shown is the previous one. */
  busy: boolean;
  skeletonRows: number;
  /** Shown in the body when the page has no rows. */
  empty: ReactNode;
  /** Which page of which list is shown; a new one scrolls the table back to its top. */
  scrollKey: string;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: scrolling is what a new page means
  useEffect(() => {
    scroller.current?.scrollTo?.({ top: 0 });
  }, [scrollKey]);
  const fmt = useFormat();
  const defs = useMemo(() => buildColumns(fmt, selectable), [fmt, selectable]);
  const columnVisibility = useMemo(
    () => Object.fromEntries(CUSTOMER_COLUMNS.map((c) => [c, columns.includes(c)])),
    [columns],
  );
  const table = useReactTable({
    data: items ?? NO_ROWS,
    columns: defs,
    getCoreRowModel: getCoreRowModel(),
    getRowId: (row) => row.id,
    manualPagination: true,
    manualSorting: true,
    enableRowSelection: selectable,
    state: { columnVisibility, rowSelection },
    onRowSelectionChange,
  });
  const visible = table.getVisibleLeafColumns();
  const width = visible.reduce((sum, c) => sum + c.getSize(), 0);
  const rows = table.getRowModel().rows;

  return (
    <div
      ref={scroller}
      style={{
        overflow: 'auto',
        maxHeight: 'max(360px, calc(100dvh - 290px))',
        border: '1px solid var(--mantine-color-gray-3)',
        borderRadius: 'var(--mantine-radius-md)',
        background: 'var(--mantine-color-body)',
      }}
    >
      <Table
        aria-label="Customers"
        aria-busy={busy || items === undefined}
        layout="fixed"
        stickyHeader
        highlightOnHover
        verticalSpacing={0}
        horizontalSpacing="sm"
        fz="sm"
        style={{ width, minWidth: '100%', opacity: busy ? 0.6 : 1, transition: 'opacity 120ms' }}
      >
        <colgroup>
          {visible.map((c) => (
            <col key={c.id} style={{ width: c.getSize() }} />
          ))}
        </colgroup>
        <Table.Thead>
          {table.getHeaderGroups().map((group) => (
            <Table.Tr key={group.id}>
              {group.headers.map((header) => {
                const label = renderTemplate(header.column.columnDef.header, header.getContext());
                // Sorting is the server's: the columns carry no accessor for TanStack to sort by.
                if (!SORTABLE.has(header.column.id)) {
                  return (
                    <Table.Th key={header.id} style={cellStyle}>
                      {label}
                    </Table.Th>
                  );
                }
                const dir = sort.sort === header.column.id ? sort.order : false;
                const Icon = dir === 'asc' ? IconArrowUp : dir === 'desc' ? IconArrowDown : IconArrowsSort;
                return (
                  <Table.Th
                    key={header.id}
                    style={cellStyle}
                    aria-sort={dir === 'asc' ? 'ascending' : dir === 'desc' ? 'descending' : 'none'}
                  >
                    <UnstyledButton
                      onClick={() => onSort(header.column.id as CustomerSort)}
                      fw={700}
                      fz="sm"
                      style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}
                    >
                      {label}
                      <Icon size={14} aria-hidden style={{ opacity: dir ? 1 : 0.4 }} />
                    </UnstyledButton>
                  </Table.Th>
                );
              })}
            </Table.Tr>
          ))}
        </Table.Thead>
        <Table.Tbody>
          {items === undefined ? (
            Array.from({ length: skeletonRows }, (_, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: placeholder rows have no identity
              <Table.Tr key={i} aria-hidden>
                {visible.map((c) => (
                  <Table.Td key={c.id} style={cellStyle}>
                    <Skeleton height={10} width={c.id === 'select' ? 14 : '70%'} radius="sm" />
                  </Table.Td>
                ))}
              </Table.Tr>
            ))
          ) : rows.length === 0 ? (
            <Table.Tr>
              <Table.Td colSpan={visible.length}>{empty}</Table.Td>
            </Table.Tr>
          ) : (
            rows.map((row) => (
              <Table.Tr key={row.id} bg={row.getIsSelected() ? 'var(--mantine-color-blue-light)' : undefined}>
                {row.getVisibleCells().map((cell) => (
                  <Table.Td key={cell.id} style={cellStyle}>
                    {renderTemplate(cell.column.columnDef.cell, cell.getContext())}
                  </Table.Td>
                ))}
              </Table.Tr>
            ))
          )}
        </Table.Tbody>
      </Table>
      {items === undefined ? <VisuallyHidden role="status">Loading customers…</VisuallyHidden> : null}
    </div>
  );
}
