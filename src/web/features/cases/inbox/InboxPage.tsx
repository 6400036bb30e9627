import {
  Anchor,
  Badge,
  Button,
  Checkbox,
  Grid,
  Group,
  Kbd,
  Modal,
  MultiSelect,
  NavLink,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useDebouncedValue, useHotkeys } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconKeyboard, IconSearch } from '@tabler/icons-react';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { CaseBulkAction, CaseCustomerName } from '../../../../shared/contracts/case-bulk.js';
import {
  CASE_SEVERITIES,
  CASE_STATUSES,
  CASE_TRANSITIONS,
  CASE_TYPES,
  type Case,
  type CaseStatus,
} from '../../../../shared/contracts/cases.js';
import { PageHeader } from '../../../components/PageHeader.js';
import { EmptyState, ErrorState, LoadingState } from '../../../components/States.js';
import { describeError } from '../../../lib/api.js';
import { useCan } from '../../../lib/session.js';
import { flattenPages } from '../../customers/360/queries.js';
import {
  CASE_SEVERITY_COLORS,
  CASE_SEVERITY_LABELS,
  CASE_STATUS_COLORS,
  CASE_STATUS_LABELS,
  CASE_TYPE_COLORS,
  CASE_TYPE_LABELS,
} from '../cases.labels.js';
import { BulkBar, type BulkFailure, failuresOf } from './BulkBar.js';
import { CaseCustomerPanel } from './CaseCustomerPanel.js';
import classes from './inbox.module.css';
import { caseCustomersQuery, inboxQueryOptions, refreshCases, runBulk, teamsQuery } from './inbox.queries.js';
import {
  FIXED_QUEUES,
  type InboxSearch,
  inboxQuery,
  QUEUE_LABELS,
  queueOf,
  queueTakesStatus,
  TEAM_QUEUE_PREFIX,
} from './inbox.search.js';
import { isTyping, useCasePeople, useNow } from './people.js';
import { SlaCountdown } from './SlaCountdown.js';

const route = getRouteApi('/app/cases');

/** How often the countdowns move on, in milliseconds. */
const TICK_MS = 10_000;

/** The keyboard's shortcuts, as the help lists them. */
export const INBOX_SHORTCUTS: [keys: string[], what: string][] = [
  [['j'], 'Next case'],
  [['k'], 'Previous case'],
  [['x'], 'Select or unselect the case'],
  [['Enter'], 'Open the case'],
  [['a'], 'Assign to me (the selected cases, else this one)'],
  [['e', 'r'], 'Change status (resolve, …)'],
  [['?'], 'Show these shortcuts'],
];

/**
 * Statuses the cases may all be offered, "Resolved" first (what triage most often ends in):
 * for one case its allowed transitions, for several those allowed from any of them (the bulk
 * result then names the cases that could not move).
 */
export function statusChoices(cases: readonly Pick<Case, 'status'>[]): CaseStatus[] {
  const allowed = new Set(cases.flatMap((c) => CASE_TRANSITIONS[c.status]));
  return CASE_STATUSES.filter((s) => allowed.has(s)).sort(
    (a, b) => Number(b === 'resolved') - Number(a === 'resolved'),
  );
}

/**
 * The agent inbox: queues on the left (mine, unassigned, per team, breached or at risk, waiting
 * on the customer, resolved recently, all), the cases of the queue nearest SLA due first with
 * live countdowns, search and filters, keyboard triage, bulk actions on a selection, and the
 * focused case's customer on the right.
 */
export function InboxPage() {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const queryClient = useQueryClient();
  const canWrite = useCan('crm:write');
  const people = useCasePeople();
  const now = useNow(TICK_MS);
  const listQuery = inboxQuery(search);
  const list = useInfiniteQuery(inboxQueryOptions(listQuery));
  const items = flattenPages(list.data?.pages);
  const teams = useQuery(teamsQuery);
  const customerIds = useMemo(() => items.map((c) => c.customerId), [items]);
  const names = useQuery(caseCustomersQuery(customerIds));
  const nameById = useMemo(
    () => new Map<string, CaseCustomerName>((names.data?.items ?? []).map((n) => [n.id, n])),
    [names.data],
  );

  const [focusedId, setFocusedId] = useState<string | null>(null);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [failures, setFailures] = useState<BulkFailure[]>([]);
  const [statusFor, setStatusFor] = useState<Case[] | null>(null);
  const [helpOpen, setHelpOpen] = useState(false);
  const rowRefs = useRef(new Map<string, HTMLTableRowElement>());

  // A new queue or filter starts a new triage: nothing selected, the first case focused.
  const queryKey = JSON.stringify(listQuery);
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset exactly when the query changes
  useEffect(() => {
    setSelected(new Set());
    setFailures([]);
    setFocusedId(null);
  }, [queryKey]);

  const focusedIndex = Math.max(
    0,
    items.findIndex((c) => c.id === focusedId),
  );
  const focused = items.length ? (items[focusedIndex] ?? null) : null;
  const selectedCases = items.filter((c) => selected.has(c.id));

  const setSearch = (patch: Partial<InboxSearch>) =>
    void navigate({ search: (prev) => ({ ...prev, ...patch }), replace: true });

  const [text, setText] = useState(search.q ?? '');
  const [debounced] = useDebouncedValue(text, 300);
  // biome-ignore lint/correctness/useExhaustiveDependencies: only the typed words drive the URL
  useEffect(() => {
    if ((debounced.trim() || undefined) !== search.q) setSearch({ q: debounced.trim() || undefined });
  }, [debounced]);

  const bulk = useMutation({
    mutationFn: (vars: { cases: Case[]; action: CaseBulkAction; label: string }) =>
      runBulk(
        vars.cases.map((c) => c.id),
        vars.action,
      ),
    onSuccess: async (result, vars) => {
      const failed = failuresOf(result, vars.cases);
      const fromSelection = vars.cases.length > 1 || selected.has(vars.cases[0]?.id ?? '');
      if (fromSelection) {
        // What failed stays selected, to try again or look at; what was done leaves the selection.
        setSelected(new Set(failed.map((f) => f.id)));
        setFailures(failed);
      } else if (failed[0]) {
        notifications.show({
          color: 'red',
          title: `${failed[0].reference} was not changed`,
          message: failed[0].message,
        });
      }
      if (result.succeeded > 0) {
        notifications.show({
          color: 'green',
          title: vars.label,
          message: result.succeeded === 1 ? '1 case changed.' : `${result.succeeded} cases changed.`,
        });
      }
      await refreshCases(
        queryClient,
        vars.cases.map((c) => c.customerId),
      );
    },
    onError: (err) =>
      notifications.show({ color: 'red', title: 'Nothing was changed', message: describeError(err) }),
  });
  const run = (cases: Case[], action: CaseBulkAction, label: string) => {
    if (!canWrite || cases.length === 0) return;
    bulk.mutate({ cases, action, label });
  };
  const targets = () => (selectedCases.length ? selectedCases : focused ? [focused] : []);

  const moveFocus = (delta: number) => {
    if (!items.length) return;
    const next = items[Math.min(items.length - 1, Math.max(0, focusedIndex + (focusedId ? delta : 0)))];
    if (!next) return;
    setFocusedId(next.id);
    rowRefs.current.get(next.id)?.focus();
  };
  const toggle = (id: string) =>
    setSelected((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const open = (c: Case) => void navigate({ to: '/cases/$caseId', params: { caseId: c.id } });

  const modalOpen = statusFor !== null || helpOpen;
  const key = (fn: () => void) => (event: KeyboardEvent) => {
    if (modalOpen || isTyping(document.activeElement)) return;
    event.preventDefault();
    fn();
  };
  useHotkeys(
    [
      ['j', key(() => moveFocus(1)), { preventDefault: false }],
      ['k', key(() => moveFocus(-1)), { preventDefault: false }],
      ['x', key(() => focused && toggle(focused.id)), { preventDefault: false }],
      [
        'a',
        key(() => run(targets(), { type: 'assign', assigneeUserId: people.meId }, 'Assigned to you')),
        { preventDefault: false },
      ],
      ['e', key(() => canWrite && targets().length && setStatusFor(targets())), { preventDefault: false }],
      ['r', key(() => canWrite && targets().length && setStatusFor(targets())), { preventDefault: false }],
      ['shift+?', key(() => setHelpOpen(true)), { preventDefault: false }],
      ['?', key(() => setHelpOpen(true)), { preventDefault: false }],
      [
        'Enter',
        (event) => {
          const el = document.activeElement;
          const onRow = el === document.body || el?.hasAttribute('data-case-row');
          if (modalOpen || !focused || !onRow) return;
          event.preventDefault();
          open(focused);
        },
        { preventDefault: false },
      ],
    ],
    [],
  );

  const queue = search.queue ?? 'mine';
  const teamNames = (teams.data?.items ?? []).map((t) => t.team);

  return (
    <>
      <PageHeader
        title="Cases"
        subtitle="Complaints, suggestions, questions and praise, nearest SLA due first"
        actions={
          <Button
            variant="default"
            size="xs"
            leftSection={<IconKeyboard size={16} aria-hidden />}
            onClick={() => setHelpOpen(true)}
          >
            Shortcuts{' '}
            <Kbd size="xs" ml={6}>
              ?
            </Kbd>
          </Button>
        }
      />
      <Grid gap="md" align="flex-start">
        <Grid.Col span={{ base: 12, md: 2 }}>
          <Stack gap={2} component="nav" aria-label="Queues">
            {FIXED_QUEUES.filter((q) => q !== 'all' && q !== 'resolved').map((q) => (
              <QueueLink
                key={q}
                label={QUEUE_LABELS[q]}
                active={queueOf(queue).kind === q}
                onClick={() => setSearch({ queue: q === 'mine' ? undefined : q })}
              />
            ))}
            {teams.data?.items.length ? (
              <Text size="xs" c="dimmed" fw={700} tt="uppercase" mt="xs" px="xs">
                Teams
              </Text>
            ) : null}
            {(teams.data?.items ?? []).map((t) => (
              <QueueLink
                key={t.team}
                label={t.team}
                count={t.openCases}
                active={queue === `${TEAM_QUEUE_PREFIX}${t.team}`}
                onClick={() => setSearch({ queue: `${TEAM_QUEUE_PREFIX}${t.team}` })}
              />
            ))}
            <Text size="xs" c="dimmed" fw={700} tt="uppercase" mt="xs" px="xs">
              More
            </Text>
            {(['resolved', 'all'] as const).map((q) => (
              <QueueLink
                key={q}
                label={QUEUE_LABELS[q]}
                active={queueOf(queue).kind === q}
                onClick={() => setSearch({ queue: q })}
              />
            ))}
          </Stack>
        </Grid.Col>

        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack gap="sm">
            <Group gap="xs" wrap="wrap" align="flex-end">
              <TextInput
                aria-label="Search cases"
                placeholder="Search subject and words"
                leftSection={<IconSearch size={16} aria-hidden />}
                value={text}
                onChange={(e) => setText(e.currentTarget.value)}
                onKeyDown={(e) => {
                  if (e.key === 'Escape') e.currentTarget.blur();
                }}
                style={{ flex: 1, minWidth: 180 }}
              />
              <MultiSelect
                aria-label="Type"
                placeholder={search.type ? undefined : 'Type'}
                w={130}
                data={CASE_TYPES.map((t) => ({ value: t, label: CASE_TYPE_LABELS[t] }))}
                value={search.type ?? []}
                onChange={(v) => setSearch({ type: v.length ? (v as typeof search.type) : undefined })}
                clearable
              />
              <MultiSelect
                aria-label="Severity"
                placeholder={search.severity ? undefined : 'Severity'}
                w={130}
                data={CASE_SEVERITIES.map((s) => ({ value: s, label: CASE_SEVERITY_LABELS[s] }))}
                value={search.severity ?? []}
                onChange={(v) =>
                  setSearch({ severity: v.length ? (v as typeof search.severity) : undefined })
                }
                clearable
              />
              {queueTakesStatus(search.queue) ? (
                <MultiSelect
                  aria-label="Status"
                  placeholder={search.status ? undefined : 'Status'}
                  w={150}
                  data={CASE_STATUSES.map((s) => ({ value: s, label: CASE_STATUS_LABELS[s] }))}
                  value={search.status ?? []}
                  onChange={(v) => setSearch({ status: v.length ? (v as typeof search.status) : undefined })}
                  clearable
                />
              ) : null}
            </Group>

            {canWrite && (selected.size > 0 || failures.length > 0) ? (
              <BulkBar
                count={selected.size}
                users={people.users}
                teams={teamNames}
                meId={people.meId}
                running={bulk.isPending}
                failures={failures}
                onRun={(action, label) => run(selectedCases, action, label)}
                onClear={() => {
                  setSelected(new Set());
                  setFailures([]);
                }}
              />
            ) : null}

            {list.isPending ? (
              <LoadingState label="Loading cases…" />
            ) : list.isError && !list.data ? (
              <ErrorState error={list.error} onRetry={() => void list.refetch()} />
            ) : items.length === 0 ? (
              <EmptyState title="No cases here">
                {search.q || search.type || search.severity || search.status
                  ? 'No case in this queue matches the search and filters.'
                  : 'Nothing is waiting in this queue.'}
              </EmptyState>
            ) : (
              <Stack gap="xs">
                <div className="rapport-table-wrap">
                  <Table aria-label="Cases" verticalSpacing={6} highlightOnHover>
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th w={32}>
                          <Checkbox
                            aria-label="Select all shown"
                            size="xs"
                            tabIndex={-1}
                            checked={selected.size > 0 && selected.size === items.length}
                            indeterminate={selected.size > 0 && selected.size < items.length}
                            onChange={() =>
                              setSelected(
                                selected.size === items.length ? new Set() : new Set(items.map((c) => c.id)),
                              )
                            }
                          />
                        </Table.Th>
                        <Table.Th>Case</Table.Th>
                        <Table.Th>Type</Table.Th>
                        <Table.Th>Status</Table.Th>
                        <Table.Th>Assignee</Table.Th>
                        <Table.Th>SLA</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {items.map((c) => (
                        <CaseRow
                          key={c.id}
                          kase={c}
                          customer={nameById.get(c.customerId) ?? null}
                          assignee={people.nameOf(c.assigneeUserId)}
                          focused={focused?.id === c.id}
                          selected={selected.has(c.id)}
                          now={now}
                          rowRef={(el) => {
                            if (el) rowRefs.current.set(c.id, el);
                            else rowRefs.current.delete(c.id);
                          }}
                          onFocus={() => setFocusedId(c.id)}
                          onToggle={() => toggle(c.id)}
                          onOpen={() => open(c)}
                        />
                      ))}
                    </Table.Tbody>
                  </Table>
                </div>
                {list.hasNextPage ? (
                  <Button
                    variant="default"
                    size="xs"
                    w="fit-content"
                    loading={list.isFetchingNextPage}
                    onClick={() => void list.fetchNextPage()}
                  >
                    Load more
                  </Button>
                ) : null}
                {list.isError ? (
                  <ErrorState error={list.error} onRetry={() => void list.fetchNextPage()} />
                ) : null}
              </Stack>
            )}
          </Stack>
        </Grid.Col>

        <Grid.Col span={{ base: 12, md: 3 }}>
          <CaseCustomerPanel
            kase={focused}
            customer={focused ? (nameById.get(focused.customerId) ?? null) : null}
          />
        </Grid.Col>
      </Grid>

      <StatusModal
        cases={statusFor}
        onClose={() => setStatusFor(null)}
        onPick={(status) => {
          const cases = statusFor ?? [];
          setStatusFor(null);
          run(cases, { type: 'status', status }, `Moved to ${CASE_STATUS_LABELS[status]}`);
          rowRefs.current.get(focused?.id ?? '')?.focus();
        }}
      />
      <Modal opened={helpOpen} onClose={() => setHelpOpen(false)} title="Keyboard shortcuts" size="sm">
        <Table aria-label="Keyboard shortcuts" withRowBorders={false}>
          <Table.Tbody>
            {INBOX_SHORTCUTS.map(([keys, what]) => (
              <Table.Tr key={what}>
                <Table.Td w={90}>
                  <Group gap={4} wrap="nowrap">
                    {keys.map((k) => (
                      <Kbd key={k}>{k}</Kbd>
                    ))}
                  </Group>
                </Table.Td>
                <Table.Td>{what}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Text size="xs" c="dimmed" mt="xs">
          Shortcuts are off while you type in a field.
        </Text>
      </Modal>
    </>
  );
}

function QueueLink({
  label,
  count,
  active,
  onClick,
}: {
  label: string;
  count?: number;
  active: boolean;
  onClick: () => void;
}) {
  return (
    <NavLink
      component="button"
      label={label}
      active={active}
      aria-current={active ? 'page' : undefined}
      onClick={onClick}
      rightSection={
        count ? (
          <Badge size="xs" variant="light" circle={count < 10}>
            {count}
          </Badge>
        ) : null
      }
    />
  );
}

function CaseRow({
  kase,
  customer,
  assignee,
  focused,
  selected,
  now,
  rowRef,
  onFocus,
  onToggle,
  onOpen,
}: {
  kase: Case;
  customer: CaseCustomerName | null;
  assignee: string;
  focused: boolean;
  selected: boolean;
  now: Date;
  rowRef: (el: HTMLTableRowElement | null) => void;
  onFocus: () => void;
  onToggle: () => void;
  onOpen: () => void;
}) {
  return (
    <Table.Tr
      ref={rowRef}
      className={classes.row}
      data-case-row=""
      data-focused={focused}
      aria-selected={selected}
      tabIndex={focused ? 0 : -1}
      onFocus={onFocus}
      onClick={onFocus}
      onDoubleClick={onOpen}
    >
      <Table.Td>
        <Checkbox
          size="xs"
          tabIndex={-1}
          aria-label={`Select ${kase.reference}`}
          checked={selected}
          onChange={onToggle}
          onClick={(e) => e.stopPropagation()}
        />
      </Table.Td>
      <Table.Td miw={180}>
        <Anchor
          size="xs"
          fw={700}
          ff="monospace"
          tabIndex={-1}
          renderRoot={(root) => <Link to="/cases/$caseId" params={{ caseId: kase.id }} {...root} />}
        >
          {kase.reference}
        </Anchor>
        <Text size="sm" lineClamp={2} className={classes.words}>
          {kase.subject}
        </Text>
        <Text size="xs" c="dimmed" lineClamp={1} className={classes.words}>
          {customer ? customer.fullName || 'Unnamed customer' : '…'}
          {customer?.provisional ? (
            <Text span size="xs" c="orange.8" ml={6}>
              Provisional
            </Text>
          ) : null}
        </Text>
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap', minWidth: 104 }}>
        <Stack gap={2} align="flex-start">
          <Badge size="xs" variant="light" tt="none" color={CASE_TYPE_COLORS[kase.type]}>
            {CASE_TYPE_LABELS[kase.type]}
          </Badge>
          <Badge size="xs" variant="dot" tt="none" color={CASE_SEVERITY_COLORS[kase.severity]}>
            {CASE_SEVERITY_LABELS[kase.severity]}
          </Badge>
        </Stack>
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        <Badge size="xs" variant="outline" tt="none" color={CASE_STATUS_COLORS[kase.status]}>
          {CASE_STATUS_LABELS[kase.status]}
        </Badge>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{assignee}</Text>
        {kase.team ? (
          <Text size="xs" c="dimmed">
            {kase.team}
          </Text>
        ) : null}
      </Table.Td>
      <Table.Td>
        <SlaCountdown sla={kase.sla} escalationLevel={kase.escalationLevel} now={now} />
      </Table.Td>
    </Table.Tr>
  );
}

function StatusModal({
  cases,
  onClose,
  onPick,
}: {
  cases: Case[] | null;
  onClose: () => void;
  onPick: (status: CaseStatus) => void;
}) {
  const choices = cases ? statusChoices(cases) : [];
  const title =
    cases && cases.length === 1
      ? `Change the status of ${cases[0]?.reference}`
      : `Change the status of ${cases?.length ?? 0} cases`;
  return (
    <Modal opened={cases !== null} onClose={onClose} title={title} size="sm">
      {choices.length === 0 ? (
        <Text size="sm" c="dimmed">
          No status change is allowed from here.
        </Text>
      ) : (
        <Stack gap="xs" role="group" aria-label="New status">
          {choices.map((s, i) => (
            <Button
              key={s}
              variant={i === 0 ? 'filled' : 'default'}
              color={CASE_STATUS_COLORS[s]}
              data-autofocus={i === 0 ? true : undefined}
              onClick={() => onPick(s)}
            >
              {CASE_STATUS_LABELS[s]}
            </Button>
          ))}
        </Stack>
      )}
    </Modal>
  );
}
