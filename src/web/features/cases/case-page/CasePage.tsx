import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Grid,
  Group,
  Menu,
  Select,
  Stack,
  TagsInput,
  Text,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowRight, IconChevronDown } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import {
  CASE_SEVERITIES,
  CASE_TRANSITIONS,
  Case,
  type CaseDetail,
  type CaseStatus,
  type CaseUpdate,
} from '../../../../shared/contracts/cases.js';
import { isMissingRecord } from '../../../components/DeletableRecord.js';
import { PageHeader } from '../../../components/PageHeader.js';
import { EmptyState, ErrorState, LoadingState } from '../../../components/States.js';
import { api, describeError } from '../../../lib/api.js';
import { useCan } from '../../../lib/session.js';
import { useFormat } from '../../../lib/use-format.js';
import { Section } from '../../customers/360/CustomerProfileCard.js';
import { ProvisionalBadge } from '../../customers/ProvisionalBadge.js';
import {
  CASE_SEVERITY_COLORS,
  CASE_SEVERITY_LABELS,
  CASE_STATUS_COLORS,
  CASE_STATUS_LABELS,
  CASE_TYPE_COLORS,
  CASE_TYPE_LABELS,
} from '../cases.labels.js';
import { caseCustomersQuery, refreshCases, teamsQuery } from '../inbox/inbox.queries.js';
import { useCasePeople } from '../inbox/people.js';
import { CaseRecoveryPanel } from '../recovery/CaseRecoveryPanel.js';
import { CaseHistory } from './CaseHistory.js';
import { CaseThread } from './CaseThread.js';
import { Composer } from './Composer.js';
import { caseQuery } from './case.queries.js';
import { SlaPanel } from './SlaPanel.js';

const route = getRouteApi('/app/cases/$caseId');

const CHANNEL_LABELS: Record<Case['channel'], string> = {
  web_form: 'web form',
  email: 'e-mail',
  phone: 'phone',
  chat: 'chat',
  api: 'API',
  social: 'social media',
  in_person: 'in person',
};

/** Unassigned, in the assignee picker (a select's values are strings). */
const NOBODY = '__nobody__';

/**
 * One case: what the customer said and the thread, a composer for replies and internal notes,
 * the status (only the moves CASE_TRANSITIONS allows), severity, assignee, team and tags, the
 * SLA targets and the history.
 */
export function CasePage() {
  const { caseId } = route.useParams();
  const query = useQuery(caseQuery(caseId));
  if (!query.data) {
    if (query.isPending) {
      return (
        <>
          <PageHeader title="Case" />
          <LoadingState label="Loading the case…" minHeight={400} />
        </>
      );
    }
    const missing = isMissingRecord(query.error);
    return (
      <>
        <PageHeader title={missing ? 'Case not found' : 'Case'} />
        {missing ? (
          <EmptyState
            title="No such case"
            action={
              <Button component={Link} to="/cases" variant="light">
                Back to the inbox
              </Button>
            }
          >
            The link may be old, or the case in another workspace.
          </EmptyState>
        ) : (
          <ErrorState error={query.error} onRetry={() => void query.refetch()} />
        )}
      </>
    );
  }
  return <CaseView kase={query.data} />;
}

function CaseView({ kase }: { kase: CaseDetail }) {
  const fmt = useFormat();
  const queryClient = useQueryClient();
  const people = useCasePeople();
  const canWrite = useCan('crm:write');
  const customers = useQuery(caseCustomersQuery([kase.customerId]));
  const customer = customers.data?.items[0] ?? null;
  const deleted = kase.deletedAt !== null;
  const editable = canWrite && !deleted;

  const done = async () => refreshCases(queryClient, [kase.customerId]);
  const fail = (title: string) => (err: unknown) =>
    notifications.show({ color: 'red', title, message: describeError(err) });
  const patch = useMutation({
    mutationFn: (body: CaseUpdate) => api.patch(`/cases/${encodeURIComponent(kase.id)}`, Case, body),
    onSuccess: done,
    onError: fail('The case was not changed'),
  });
  const move = useMutation({
    mutationFn: (status: CaseStatus) =>
      api.post(`/cases/${encodeURIComponent(kase.id)}/status`, Case, { status }),
    onSuccess: async (c) => {
      notifications.show({
        color: 'green',
        title: `Now ${CASE_STATUS_LABELS[c.status]}`,
        message: kase.reference,
      });
      await done();
    },
    onError: fail('The status was not changed'),
  });

  const moves = CASE_TRANSITIONS[kase.status];
  return (
    <>
      <PageHeader
        title={kase.subject}
        badges={
          <Group gap={6}>
            <Badge variant="outline" color="dark" tt="none" ff="monospace">
              {kase.reference}
            </Badge>
            <Badge variant="light" tt="none" color={CASE_TYPE_COLORS[kase.type]}>
              {CASE_TYPE_LABELS[kase.type]}
            </Badge>
            <Badge
              variant="filled"
              tt="none"
              color={CASE_STATUS_COLORS[kase.status]}
              data-testid="case-status"
            >
              {CASE_STATUS_LABELS[kase.status]}
            </Badge>
            {kase.escalationLevel > 0 ? (
              <Badge color="red" tt="none">
                Escalated{kase.escalationLevel > 1 ? ` ×${kase.escalationLevel}` : ''}
              </Badge>
            ) : null}
          </Group>
        }
        subtitle={
          <Group gap="xs" wrap="wrap">
            <Anchor component={Link} to="/cases" size="sm">
              Cases
            </Anchor>
            <span aria-hidden>/</span>
            <span>
              From{' '}
              <Anchor
                size="sm"
                renderRoot={(root) => (
                  <Link to="/customers/$customerId" params={{ customerId: kase.customerId }} {...root} />
                )}
              >
                {customer ? customer.fullName || 'Unnamed customer' : 'the customer'}
              </Anchor>
            </span>
            {customer?.provisional ? <ProvisionalBadge size="xs" /> : null}
            <span>
              by {CHANNEL_LABELS[kase.channel]}, {fmt.dateTime(kase.openedAt)}
            </span>
          </Group>
        }
        actions={
          editable ? (
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <Button rightSection={<IconChevronDown size={16} aria-hidden />} loading={move.isPending}>
                  Change status
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>From {CASE_STATUS_LABELS[kase.status]} to</Menu.Label>
                {moves.map((s) => (
                  <Menu.Item
                    key={s}
                    leftSection={<IconArrowRight size={14} aria-hidden />}
                    onClick={() => move.mutate(s)}
                  >
                    {CASE_STATUS_LABELS[s]}
                  </Menu.Item>
                ))}
              </Menu.Dropdown>
            </Menu>
          ) : null
        }
      />
      {deleted ? (
        <Alert color="gray" mb="md" title="This case is deleted">
          Deleted {fmt.dateTime(kase.deletedAt)}. It is read-only.
        </Alert>
      ) : null}
      <Grid gap="md" align="flex-start">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Stack gap="md">
            <CaseThread kase={kase} />
            {editable ? <Composer caseId={kase.id} customerId={kase.customerId} /> : null}
            <CaseRecoveryPanel kase={kase} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <Stack gap="md">
            <CaseFields
              kase={kase}
              editable={editable}
              saving={patch.isPending}
              onSave={(b) => patch.mutate(b)}
              people={people}
            />
            <SlaPanel caseId={kase.id} />
            <CaseHistory history={kase.history} nameOf={people.nameOf} />
          </Stack>
        </Grid.Col>
      </Grid>
    </>
  );
}

/** Severity, assignee, team and tags; each change is saved at once. */
function CaseFields({
  kase,
  editable,
  saving,
  onSave,
  people,
}: {
  kase: CaseDetail;
  editable: boolean;
  saving: boolean;
  onSave: (body: CaseUpdate) => void;
  people: ReturnType<typeof useCasePeople>;
}) {
  const teams = useQuery(teamsQuery);
  const [team, setTeam] = useState(kase.team ?? '');
  useEffect(() => setTeam(kase.team ?? ''), [kase.team]);
  const assignees = [
    { value: NOBODY, label: 'Unassigned' },
    { value: people.meId, label: 'You' },
    ...(people.users ?? []).filter((u) => u.id !== people.meId).map((u) => ({ value: u.id, label: u.name })),
  ];
  if (kase.assigneeUserId && !assignees.some((a) => a.value === kase.assigneeUserId)) {
    assignees.push({ value: kase.assigneeUserId, label: people.nameOf(kase.assigneeUserId) });
  }
  const saveTeam = () => {
    const next = team.trim() || null;
    if (next !== kase.team) onSave({ team: next });
  };
  return (
    <Card withBorder padding="md" radius="md" component="section" aria-label="Case details">
      <Section title="Details">
        <Stack gap="xs">
          <Select
            label="Severity"
            size="xs"
            data={CASE_SEVERITIES.map((s) => ({ value: s, label: CASE_SEVERITY_LABELS[s] }))}
            value={kase.severity}
            allowDeselect={false}
            disabled={!editable || saving}
            leftSection={
              <Badge
                size="xs"
                circle
                variant="filled"
                color={CASE_SEVERITY_COLORS[kase.severity]}
                aria-hidden
              >
                {' '}
              </Badge>
            }
            onChange={(v) => {
              const severity = CASE_SEVERITIES.find((s) => s === v);
              if (severity && severity !== kase.severity) onSave({ severity });
            }}
          />
          <Select
            label="Assignee"
            size="xs"
            data={assignees}
            value={kase.assigneeUserId ?? NOBODY}
            allowDeselect={false}
            disabled={!editable || saving}
            onChange={(v) => {
              const id = v === NOBODY ? null : v;
              if (v !== null && id !== kase.assigneeUserId) onSave({ assigneeUserId: id });
            }}
          />
          <TextInput
            label="Team"
            size="xs"
            placeholder="No team"
            list="case-page-teams"
            maxLength={100}
            value={team}
            disabled={!editable || saving}
            onChange={(e) => setTeam(e.currentTarget.value)}
            onBlur={saveTeam}
            onKeyDown={(e) => {
              if (e.key === 'Enter') saveTeam();
            }}
          />
          <datalist id="case-page-teams">
            {(teams.data?.items ?? []).map((t) => (
              <option key={t.team} value={t.team} />
            ))}
          </datalist>
          <TagsInput
            label="Tags"
            size="xs"
            value={kase.tags}
            maxTags={50}
            disabled={!editable || saving}
            placeholder={editable ? 'Add a tag and press Enter' : undefined}
            onChange={(tags) => onSave({ tags })}
          />
          {kase.location ? (
            <Text size="xs" c="dimmed">
              Location: {kase.location}
            </Text>
          ) : null}
        </Stack>
      </Section>
    </Card>
  );
}
