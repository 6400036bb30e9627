import {
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  List,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Timeline,
  Title,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconHandStop, IconLink, IconPencil, IconX } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { type ReactNode, useState } from 'react';
import { type RelationshipPanel, SURVEY_SENTENCES } from '../../../shared/contracts/relationships.js';
import { isMissingRecord } from '../../components/DeletableRecord.js';
import { ErrorState, LoadingState } from '../../components/States.js';
import { api, describeError } from '../../lib/api.js';
import { useCan } from '../../lib/session.js';
import { useFormat } from '../../lib/use-format.js';
import { Section, Stat } from '../customers/360/CustomerProfileCard.js';
import { RecomputeButton, RunProgress } from '../value/RunStatus.js';
import { useRunRecompute } from '../value/use-recompute.js';
import { isActive, percent } from '../value/value.labels.js';
import { LetGoModal } from './LetGoModal.js';
import { OverrideModal } from './OverrideModal.js';
import { RELATIONSHIPS_RECOMPUTE, refreshRelationship, relationshipPanelQuery } from './queries.js';
import {
  BRQ_LABELS,
  CONTACT_CHANNEL_LABELS,
  churnText,
  LET_GO_LABELS,
  ORIENTATION_COLORS,
  ORIENTATION_HINTS,
  ORIENTATION_LABELS,
  PURPOSE_LABELS,
  SERVICE_LABELS,
  STAGE_COLORS,
  STAGE_LABELS,
  SURVEY_SOURCE_LABELS,
  strengthWords,
  TONE_LABELS,
  TYPE_LABELS,
  tagLabel,
} from './relationships.labels.js';
import { SurveyLinkModal } from './SurveyLinkModal.js';
import { SurveyModal } from './SurveyModal.js';

type Profile = NonNullable<RelationshipPanel['profile']>;
type Modal = 'override' | 'survey' | 'surveyLink' | 'letGo' | null;

/**
 * The 360's relationship card: the type in force and why (the plain-word signals, the survey,
 * an override by hand), the lifecycle stage and its history, the contact rules that follow from
 * the type, the next actions that pass the policy check, survey answers and let-go decisions.
 */
export function CustomerRelationshipCard({
  customerId,
  readOnly = false,
}: {
  customerId: string;
  readOnly?: boolean;
}) {
  const query = useQuery(relationshipPanelQuery(customerId));
  return (
    <Card withBorder padding="md" radius="md" component="section" aria-label="Customer relationship">
      <Section title="Relationship">
        {query.isPending ? (
          <LoadingState label="Loading the customer’s relationship…" minHeight={120} />
        ) : query.isError ? (
          isMissingRecord(query.error) ? (
            <Text size="sm" c="dimmed">
              No relationship for this customer.
            </Text>
          ) : (
            <ErrorState error={query.error} onRetry={() => void query.refetch()} />
          )
        ) : (
          <RelationshipBody customerId={customerId} panel={query.data} readOnly={readOnly} />
        )}
      </Section>
    </Card>
  );
}

/** A titled part of the card. */
function Part({ title, action, children }: { title: string; action?: ReactNode; children: ReactNode }) {
  return (
    <Stack gap={4} component="section" aria-label={title}>
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <Title order={4} size="sm">
          {title}
        </Title>
        {action}
      </Group>
      {children}
    </Stack>
  );
}

function RelationshipBody({
  customerId,
  panel,
  readOnly,
}: {
  customerId: string;
  panel: RelationshipPanel;
  readOnly: boolean;
}) {
  const fmt = useFormat();
  const canWrite = useCan('crm:write') && !readOnly;
  const canLetGo = useCan('crm:delete') && !readOnly;
  const [modal, setModal] = useState<Modal>(null);
  const close = () => setModal(null);
  const { profile } = panel;

  const surveyButtons = canWrite ? (
    <Group gap={4} justify="flex-end">
      <Button
        size="compact-xs"
        variant="subtle"
        leftSection={<IconLink size={14} aria-hidden />}
        onClick={() => setModal('surveyLink')}
      >
        Survey link
      </Button>
      <Button size="compact-xs" variant="subtle" onClick={() => setModal('survey')}>
        Record survey answer
      </Button>
    </Group>
  ) : null;

  return (
    <Stack gap="md">
      {profile ? (
        <TypeInForce
          customerId={customerId}
          panel={panel}
          profile={profile}
          canWrite={canWrite}
          onOverride={() => setModal('override')}
        />
      ) : (
        <NotClassified />
      )}
      <StagePart stage={panel.stage} />
      {panel.rules ? <RulesPart rules={panel.rules} /> : null}
      {profile ? <NextActions actions={panel.nextActions} /> : null}
      <Part title="Survey answers" action={surveyButtons}>
        {panel.survey.length === 0 ? (
          <Text size="sm" c="dimmed">
            The customer has not answered the relationship survey.
          </Text>
        ) : (
          <Stack
            gap="xs"
            component="ol"
            m={0}
            p={0}
            style={{ listStyle: 'none' }}
            aria-label="Survey answers, latest first"
          >
            {panel.survey.map((s) => (
              <li key={s.id}>
                <Text size="sm">
                  “{SURVEY_SENTENCES[s.sentence]}”{' '}
                  <Text span size="sm" fw={600}>
                    {TYPE_LABELS[s.sentence]}
                  </Text>
                </Text>
                <Text size="xs" c="dimmed">
                  Version {fmt.number(s.version)} · {fmt.date(s.answeredAt)} ·{' '}
                  {SURVEY_SOURCE_LABELS[s.source]}
                  {surveyDetails(s)}
                </Text>
              </li>
            ))}
          </Stack>
        )}
      </Part>
      <Part
        title="Let go"
        action={
          canLetGo ? (
            <Button
              size="compact-xs"
              variant="subtle"
              color="red"
              leftSection={<IconHandStop size={14} aria-hidden />}
              onClick={() => setModal('letGo')}
            >
              Let go / deprioritise
            </Button>
          ) : null
        }
      >
        {panel.letGo.length === 0 ? (
          <Text size="sm" c="dimmed">
            Never let go or deprioritised.
          </Text>
        ) : (
          <Stack
            gap="xs"
            component="ol"
            m={0}
            p={0}
            style={{ listStyle: 'none' }}
            aria-label="Let-go decisions"
          >
            {panel.letGo.map((d) => (
              <li key={d.id}>
                <Text size="sm">
                  <Text span fw={600}>
                    {LET_GO_LABELS[d.decision]}
                  </Text>{' '}
                  by {d.decidedBy.name}, {fmt.date(d.decidedAt)}
                </Text>
                <Text size="xs" c="dimmed">
                  {d.reason}
                </Text>
              </li>
            ))}
          </Stack>
        )}
      </Part>
      {profile ? (
        <Text size="xs" c="dimmed">
          Computed {fmt.relative(profile.computedAt)} with scoring model version{' '}
          {fmt.number(profile.configVersion)} ·{' '}
          <Anchor component={Link} to="/relationships" size="xs">
            Relationships page
          </Anchor>
        </Text>
      ) : null}

      <OverrideModal
        customerId={customerId}
        inferredType={profile?.inferredType ?? null}
        opened={modal === 'override'}
        onClose={close}
      />
      <SurveyModal customerId={customerId} opened={modal === 'survey'} onClose={close} />
      <SurveyLinkModal customerId={customerId} opened={modal === 'surveyLink'} onClose={close} />
      <LetGoModal customerId={customerId} profile={profile} opened={modal === 'letGo'} onClose={close} />
    </Stack>
  );
}

/** The optional parts of a survey answer, after its version line. */
function surveyDetails(s: RelationshipPanel['survey'][number]): string {
  const brq = Object.entries(s.brq).map(([f, v]) => `${BRQ_LABELS[f as keyof typeof BRQ_LABELS]} ${v}`);
  const att = [
    s.attachment.anxiety === undefined ? null : `anxiety ${s.attachment.anxiety}`,
    s.attachment.avoidance === undefined ? null : `avoidance ${s.attachment.avoidance}`,
  ].filter((x) => x !== null);
  return [brq.length ? ` · ${brq.join(', ')}` : '', att.length ? ` · attachment ${att.join(', ')}` : ''].join(
    '',
  );
}

function TypeInForce({
  customerId,
  panel,
  profile,
  canWrite,
  onOverride,
}: {
  customerId: string;
  panel: RelationshipPanel;
  profile: Profile;
  canWrite: boolean;
  onOverride: () => void;
}) {
  const fmt = useFormat();
  const queryClient = useQueryClient();
  const { override } = panel;
  const remove = useMutation({
    mutationFn: () => api.delete(`/customers/${encodeURIComponent(customerId)}/relationship/override`),
    onSuccess: async () => {
      notifications.show({
        color: 'green',
        title: 'Override removed',
        message: `${TYPE_LABELS[profile.inferredType]}, as the signals say, is in force again.`,
      });
      await refreshRelationship(queryClient, customerId);
    },
    onError: (err) =>
      notifications.show({
        color: 'red',
        title: 'The override was not removed',
        message: describeError(err),
      }),
  });
  const signals = [...profile.signals].sort((a, b) => b.contribution - a.contribution);
  const o = profile.orientation;
  return (
    <Stack gap="sm">
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
        <Stack gap={2}>
          <Text size="xs" c="dimmed">
            Type in force
          </Text>
          <Text fw={700} fz={20} lh={1.2}>
            {TYPE_LABELS[profile.type]}
          </Text>
          <Group gap={6} wrap="wrap">
            <Tooltip label={`${ORIENTATION_LABELS[o]}: ${ORIENTATION_HINTS[o]}`} withinPortal>
              <Badge size="sm" variant="light" color={ORIENTATION_COLORS[o].badge} tt="none">
                {ORIENTATION_LABELS[o]}
              </Badge>
            </Tooltip>
            {profile.fromSurvey ? (
              <Badge size="sm" variant="outline" color="blue" tt="none">
                From the customer’s survey
              </Badge>
            ) : null}
            {override ? (
              <Badge size="sm" variant="filled" color="orange" tt="none">
                Set by hand
              </Badge>
            ) : null}
          </Group>
        </Stack>
        <Stack gap={0} align="flex-end">
          <Text fw={700} size="lg" style={{ fontVariantNumeric: 'tabular-nums' }}>
            {percent(profile.confidence, fmt.locale)}
          </Text>
          <Text size="xs" c="dimmed">
            confidence
          </Text>
        </Stack>
      </Group>
      <SimpleGrid cols={2} spacing="sm">
        <Stat label="Runner-up" value={TYPE_LABELS[profile.runnerUp]} />
        <Stat
          label="Strength"
          value={`${percent(profile.strength, fmt.locale)} · ${strengthWords(profile.strength)}`}
        />
      </SimpleGrid>
      <Part title="Why">
        {signals.length === 0 ? (
          <Text size="sm" c="dimmed">
            No signal stands out: the type is the usual one for customers like this.
          </Text>
        ) : (
          <List size="sm" spacing={2} aria-label="Signals">
            {signals.map((s) => (
              <List.Item key={s.feature}>{s.text}</List.Item>
            ))}
          </List>
        )}
      </Part>
      {override ? (
        <Paper
          withBorder
          p="xs"
          bg="var(--mantine-color-orange-light)"
          component="section"
          aria-label="Override"
        >
          <Text size="sm">
            Set to <b>{TYPE_LABELS[override.type]}</b> by {override.setBy.name},{' '}
            <time dateTime={override.setAt.toISOString()} title={fmt.dateTime(override.setAt)}>
              {fmt.relative(override.setAt)}
            </time>
            . The signals say {TYPE_LABELS[profile.inferredType]}.
          </Text>
          <Text size="sm" fs="italic">
            “{override.reason}”
          </Text>
          {canWrite ? (
            <Group gap="xs" mt={4}>
              <Button
                size="compact-xs"
                variant="default"
                leftSection={<IconPencil size={14} aria-hidden />}
                onClick={onOverride}
              >
                Change override
              </Button>
              <Button
                size="compact-xs"
                variant="subtle"
                color="red"
                leftSection={<IconX size={14} aria-hidden />}
                onClick={() => remove.mutate()}
                loading={remove.isPending}
              >
                Remove override
              </Button>
            </Group>
          ) : null}
        </Paper>
      ) : canWrite ? (
        <Group gap="xs">
          <Button
            size="compact-xs"
            variant="default"
            leftSection={<IconPencil size={14} aria-hidden />}
            onClick={onOverride}
          >
            Override type
          </Button>
        </Group>
      ) : null}
    </Stack>
  );
}

/** No profile yet: say so, and offer a recompute to those who may start one. */
function NotClassified() {
  const canRecompute = useCan('data:import');
  const recompute = useRunRecompute(undefined, RELATIONSHIPS_RECOMPUTE);
  return (
    <Stack gap={6}>
      <Text size="sm" fw={600}>
        Not classified yet
      </Text>
      <Text size="sm" c="dimmed">
        Relationship types are computed every night from what customers do. This customer appears after the
        next run, or at once when their survey answer is recorded.
      </Text>
      {recompute.run && isActive(recompute.run) ? (
        <RunProgress run={recompute.run} subject="relationships" />
      ) : null}
      {canRecompute ? (
        <Group>
          <RecomputeButton recompute={recompute} size="xs" variant="light" />
        </Group>
      ) : null}
    </Stack>
  );
}

function StagePart({ stage }: { stage: RelationshipPanel['stage'] }) {
  const fmt = useFormat();
  const episodes = [...stage.episodes].reverse();
  return (
    <Part title="Lifecycle stage">
      {stage.current ? (
        <Group gap="xs" wrap="wrap">
          <Badge color={STAGE_COLORS[stage.current]} variant="light" tt="none">
            {STAGE_LABELS[stage.current]}
          </Badge>
          <Text size="sm">since {fmt.date(stage.since)}</Text>
          <Text size="xs" c="dimmed">
            · {churnText(stage.churns)}
          </Text>
        </Group>
      ) : (
        <Text size="sm" c="dimmed">
          No stage yet.
        </Text>
      )}
      {episodes.length > 1 ? (
        <Timeline active={0} bulletSize={12} lineWidth={2} mt={4} role="list" aria-label="Stage history">
          {episodes.map((e) => (
            <Timeline.Item
              key={`${e.stage}:${e.from}`}
              role="listitem"
              color={STAGE_COLORS[e.stage]}
              title={
                <Text size="sm" fw={600} span>
                  {STAGE_LABELS[e.stage]}
                </Text>
              }
            >
              <Text size="xs" c="dimmed">
                {e.to ? `${fmt.date(e.from)} – ${fmt.date(e.to)}` : `since ${fmt.date(e.from)}`}
              </Text>
            </Timeline.Item>
          ))}
        </Timeline>
      ) : null}
    </Part>
  );
}

function RulesPart({ rules }: { rules: NonNullable<RelationshipPanel['rules']> }) {
  return (
    <Part title="How to treat them">
      <Text size="sm" fs="italic">
        {rules.guidance}
      </Text>
      <SimpleGrid cols={2} spacing="xs" verticalSpacing="xs">
        <Stat label="Tone" value={TONE_LABELS[rules.tone]} />
        <Stat label="Preferred channel" value={CONTACT_CHANNEL_LABELS[rules.preferredChannel]} />
        <Stat label="Contacts per 30 days" value={`at most ${rules.maxContactsPer30Days}`} />
        <Stat label="Service by" value={SERVICE_LABELS[rules.service]} />
      </SimpleGrid>
      <Group gap={4} wrap="wrap" aria-label="Purposes allowed">
        <Text size="xs" c="dimmed" mr={4}>
          Allowed
        </Text>
        {rules.allowedPurposes.map((p) => (
          <Badge key={p} size="sm" variant="light" color="teal" tt="none">
            {PURPOSE_LABELS[p]}
          </Badge>
        ))}
      </Group>
      {rules.avoid.length ? (
        <Group gap={4} wrap="wrap" aria-label="Avoid">
          <Text size="xs" c="dimmed" mr={4}>
            Avoid
          </Text>
          {rules.avoid.map((t) => (
            <Badge key={t} size="sm" variant="light" color="red" tt="none">
              {tagLabel(t)}
            </Badge>
          ))}
        </Group>
      ) : null}
    </Part>
  );
}

function NextActions({ actions }: { actions: RelationshipPanel['nextActions'] }) {
  return (
    <Part title="Next actions">
      {actions.length === 0 ? (
        <Text size="sm" c="dimmed">
          No next action passes the contact rules right now.
        </Text>
      ) : (
        <Stack component="ol" gap="xs" m={0} p={0} style={{ listStyle: 'none' }} aria-label="Next actions">
          {actions.map((a) => (
            <li key={a.key}>
              <Text size="sm" fw={600}>
                {a.title}
              </Text>
              <Text size="xs" c="dimmed">
                {a.why}
              </Text>
              {a.policy.reasons
                .filter((r) => r.verdict !== 'allow')
                .map((r) => (
                  <Group key={r.code} gap={4} wrap="nowrap" c="yellow.9">
                    <IconAlertTriangle size={14} aria-hidden />
                    <Text size="xs" c="yellow.9">
                      {r.message}
                    </Text>
                  </Group>
                ))}
            </li>
          ))}
        </Stack>
      )}
    </Part>
  );
}
