import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  NativeSelect,
  NumberInput,
  Stack,
  Text,
  Textarea,
} from '@mantine/core';
import { IconFlag } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import {
  CASE_OUTCOMES,
  CASE_ROOT_CAUSES,
  type CaseOutcome,
  type CaseResolution,
  type CaseRootCause,
  type ClaimsProfile,
  COMPENSATION_KINDS,
  type Compensation,
  type CompensationKind,
} from '../../../../shared/contracts/case-resolution.js';
import type { Case } from '../../../../shared/contracts/cases.js';
import { ErrorState, LoadingState } from '../../../components/States.js';
import { placeFormErrors } from '../../../lib/form-errors.js';
import type { Formatter } from '../../../lib/format.js';
import { useCan, useSession } from '../../../lib/session.js';
import { useFormat } from '../../../lib/use-format.js';
import { Section } from '../../customers/360/CustomerProfileCard.js';
import {
  caseCompensationsQuery,
  caseRecoveryKey,
  caseResolutionQuery,
  claimsProfileQuery,
  compensationSettingsQuery,
  offerCompensation,
  resolveCase,
} from './queries.js';
import {
  COMPENSATION_KIND_LABELS,
  COMPENSATION_STATUS_COLORS,
  COMPENSATION_STATUS_LABELS,
  CSAT_NOT_SENT_LABELS,
  CSAT_STATE_LABELS,
  OUTCOME_LABELS,
  ROOT_CAUSE_LABELS,
} from './recovery.labels.js';

/** Digits after the decimal point of a currency (2 for EUR, 0 for JPY). */
export function minorDigits(currency: string): number {
  try {
    return (
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ??
      2
    );
  } catch {
    return 2;
  }
}

/** An amount typed in major units (12.50) as integer minor units (1250). */
export const toMinor = (major: number, currency: string) => Math.round(major * 10 ** minorDigits(currency));

/**
 * A case's resolution and recovery, for the case page: the outcome and root cause (kept in view
 * while a reopened case is worked again), a form to resolve it, the compensation offered with a
 * form to offer more within the agent's cap, the satisfaction follow-up, and the customer's
 * claims flag. Self-contained: it loads what it shows. The customer's words (a CSAT comment)
 * are shown as text.
 */
export function CaseRecoveryPanel({ kase }: { kase: Case }) {
  const resolution = useQuery(caseResolutionQuery(kase.id));
  return (
    <Card withBorder padding="md" radius="md" component="section" aria-label="Resolution and recovery">
      <Stack gap="md">
        {resolution.isPending ? (
          <LoadingState label="Loading the resolution…" minHeight={80} />
        ) : resolution.isError ? (
          <ErrorState error={resolution.error} onRetry={() => void resolution.refetch()} />
        ) : (
          <>
            <ResolutionSection kase={kase} resolution={resolution.data} />
            <CompensationSection kase={kase} resolution={resolution.data} />
            <CsatSection resolution={resolution.data} />
          </>
        )}
        <ClaimsFlag customerId={kase.customerId} />
      </Stack>
    </Card>
  );
}

function ResolutionSection({ kase, resolution }: { kase: Case; resolution: CaseResolution }) {
  const fmt = useFormat();
  const canWrite = useCan('crm:write');
  const done = resolution.status === 'resolved' || resolution.status === 'closed';
  return (
    <Section title="Resolution">
      {resolution.outcome ? (
        <Stack gap={2} aria-label={done ? 'Outcome' : 'Previous outcome'} role="group">
          {!done ? (
            <Text size="xs" c="dimmed">
              Before the case was reopened
            </Text>
          ) : null}
          <Group gap="xs">
            <Badge variant="light" color={done ? 'green' : 'gray'} tt="none">
              {OUTCOME_LABELS[resolution.outcome]}
            </Badge>
            {resolution.rootCause ? (
              <Text size="sm">Root cause: {ROOT_CAUSE_LABELS[resolution.rootCause]}</Text>
            ) : null}
          </Group>
          {resolution.note ? (
            <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
              {resolution.note}
            </Text>
          ) : null}
          {resolution.lastResolvedAt ? (
            <Text size="xs" c="dimmed">
              Resolved {fmt.dateTime(resolution.lastResolvedAt)}
              {resolution.lastResolvedBy ? ` by ${resolution.lastResolvedBy.name}` : ''}
            </Text>
          ) : null}
        </Stack>
      ) : done ? (
        <Text size="sm" c="dimmed">
          Resolved without an outcome recorded
        </Text>
      ) : null}
      {!done && canWrite ? <ResolveForm kase={kase} /> : null}
    </Section>
  );
}

const RESOLVE_FIELDS = ['outcome', 'rootCause', 'note'] as const;
type ResolveField = (typeof RESOLVE_FIELDS)[number];

function ResolveForm({ kase }: { kase: Case }) {
  const queryClient = useQueryClient();
  const complaint = kase.type === 'complaint';
  const [outcome, setOutcome] = useState<CaseOutcome | ''>('');
  const [rootCause, setRootCause] = useState<CaseRootCause | ''>('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Partial<Record<ResolveField, string>>>({});
  const resolve = useMutation({
    mutationFn: () =>
      resolveCase(kase.id, {
        outcome: outcome as CaseOutcome,
        ...(rootCause ? { rootCause } : {}),
        ...(note.trim() ? { note } : {}),
      }),
    onSuccess: async (data) => {
      setErrors({});
      queryClient.setQueryData(caseResolutionQuery(kase.id).queryKey, data);
      await queryClient.invalidateQueries({ queryKey: ['cases'] });
      await queryClient.invalidateQueries({ queryKey: ['customers', 'detail', kase.customerId] });
    },
    onError: (err) => setErrors(placeFormErrors('The case was not resolved', err, RESOLVE_FIELDS)),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const missing: Partial<Record<ResolveField, string>> = {};
    if (!outcome) missing.outcome = 'Choose what was done';
    if (complaint && !rootCause) missing.rootCause = 'Choose why it happened: complaints need a root cause';
    setErrors(missing);
    if (Object.keys(missing).length === 0) resolve.mutate();
  };
  return (
    <form onSubmit={submit} noValidate aria-label="Resolve the case">
      <Stack gap="xs">
        <Group grow align="flex-start" gap="xs">
          <NativeSelect
            label="Outcome"
            required
            value={outcome}
            onChange={(e) => setOutcome(e.currentTarget.value as CaseOutcome | '')}
            data={[
              { value: '', label: 'Choose…' },
              ...CASE_OUTCOMES.map((o) => ({ value: o, label: OUTCOME_LABELS[o] })),
            ]}
            error={errors.outcome}
          />
          <NativeSelect
            label="Root cause"
            required={complaint}
            value={rootCause}
            onChange={(e) => setRootCause(e.currentTarget.value as CaseRootCause | '')}
            data={[
              { value: '', label: complaint ? 'Choose…' : 'None' },
              ...CASE_ROOT_CAUSES.map((c) => ({ value: c, label: ROOT_CAUSE_LABELS[c] })),
            ]}
            error={errors.rootCause}
          />
        </Group>
        <Textarea
          label="What was done"
          description="For staff; the customer does not see it"
          autosize
          minRows={2}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          error={errors.note}
        />
        <Button type="submit" loading={resolve.isPending} w="fit-content">
          Resolve case
        </Button>
      </Stack>
    </form>
  );
}

function CompensationSection({ kase, resolution }: { kase: Case; resolution: CaseResolution }) {
  const fmt = useFormat();
  const canWrite = useCan('crm:write');
  const list = useQuery(caseCompensationsQuery(kase.id));
  return (
    <Section title="Compensation">
      {list.isPending ? (
        <LoadingState label="Loading the compensation…" minHeight={60} />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <Text size="sm" c="dimmed">
          No compensation offered
        </Text>
      ) : (
        <Stack
          gap={4}
          component="ul"
          aria-label="Compensation offered"
          m={0}
          p={0}
          style={{ listStyle: 'none' }}
        >
          {list.data.items.map((c) => (
            <CompensationRow key={c.id} c={c} fmt={fmt} />
          ))}
          <Text size="xs" c="dimmed">
            Approved in all:{' '}
            {fmt.money(resolution.compensation.approvedMinor, resolution.compensation.currency)}
          </Text>
        </Stack>
      )}
      {canWrite ? <OfferForm kase={kase} /> : null}
    </Section>
  );
}

function CompensationRow({ c, fmt }: { c: Compensation; fmt: Formatter }) {
  return (
    <Stack component="li" gap={0}>
      <Group gap="xs" wrap="wrap">
        <Text size="sm" fw={600}>
          {fmt.money(c.amountMinor, c.currency)}
        </Text>
        <Text size="sm">{COMPENSATION_KIND_LABELS[c.kind]}</Text>
        <Badge size="xs" variant="light" tt="none" color={COMPENSATION_STATUS_COLORS[c.status]}>
          {COMPENSATION_STATUS_LABELS[c.status]}
        </Badge>
      </Group>
      <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
        Offered by {c.requestedBy.name} on {fmt.date(c.requestedAt)}
        {c.note ? ` · ${c.note}` : ''}
        {c.decidedBy ? ` · ${c.status === 'approved' ? 'approved' : 'rejected'} by ${c.decidedBy.name}` : ''}
        {c.decisionNote ? `: ${c.decisionNote}` : ''}
      </Text>
    </Stack>
  );
}

const OFFER_FIELDS = ['amountMinor', 'kind', 'note', 'currency'] as const;
type OfferField = (typeof OFFER_FIELDS)[number];

function OfferForm({ kase }: { kase: Case }) {
  const fmt = useFormat();
  const { user, workspace } = useSession();
  const queryClient = useQueryClient();
  const settings = useQuery(compensationSettingsQuery);
  const [amount, setAmount] = useState<number | ''>('');
  const [kind, setKind] = useState<CompensationKind>('refund');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Partial<Record<OfferField, string>>>({});
  const [last, setLast] = useState<Compensation | null>(null);
  const currency = settings.data?.currency ?? workspace.currency;
  const cap = settings.data ? settings.data.caps[user.role] : undefined;
  const minor = typeof amount === 'number' ? toMinor(amount, currency) : null;
  const needsApproval = minor !== null && cap !== undefined && cap !== null && minor > cap;

  const offer = useMutation({
    mutationFn: () =>
      offerCompensation(kase.id, { amountMinor: minor ?? 0, kind, ...(note.trim() ? { note } : {}) }),
    onSuccess: async (created) => {
      setLast(created);
      setAmount('');
      setNote('');
      setErrors({});
      await queryClient.invalidateQueries({ queryKey: caseRecoveryKey(kase.id) });
      await queryClient.invalidateQueries({ queryKey: ['case-compensations'] });
      await queryClient.invalidateQueries({ queryKey: claimsProfileQuery(kase.customerId).queryKey });
    },
    onError: (err) => {
      const placed = placeFormErrors('The compensation was not offered', err, OFFER_FIELDS);
      const { amountMinor, ...rest } = placed;
      setErrors({ ...rest, ...(amountMinor ? { amountMinor } : {}) });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (minor === null || minor <= 0) {
      setErrors({ amountMinor: 'Give an amount above 0' });
      return;
    }
    setLast(null);
    offer.mutate();
  };

  const capText =
    cap === undefined
      ? null
      : cap === null
        ? 'Your role has no cap: what you offer is approved at once.'
        : cap === 0
          ? 'Everything you offer needs a manager’s approval.'
          : `You can offer up to ${fmt.money(cap, currency)} on your own; more needs a manager’s approval.`;

  return (
    <form onSubmit={submit} noValidate aria-label="Offer compensation">
      <Stack gap="xs">
        <Group grow align="flex-start" gap="xs">
          <NumberInput
            label={`Amount (${currency})`}
            min={0}
            decimalScale={minorDigits(currency)}
            value={amount}
            onChange={(v) => setAmount(typeof v === 'number' ? v : v === '' ? '' : Number(v))}
            error={errors.amountMinor}
          />
          <NativeSelect
            label="Kind"
            value={kind}
            onChange={(e) => setKind(e.currentTarget.value as CompensationKind)}
            data={COMPENSATION_KINDS.map((k) => ({ value: k, label: COMPENSATION_KIND_LABELS[k] }))}
            error={errors.kind}
          />
        </Group>
        <Textarea
          label="Note"
          autosize
          minRows={1}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          error={errors.note}
        />
        {capText ? (
          <Text size="xs" c="dimmed">
            {capText}
          </Text>
        ) : null}
        {needsApproval ? (
          <Text size="sm" c="yellow.9" role="status">
            Needs manager approval: this is above your cap.
          </Text>
        ) : null}
        <Button type="submit" variant="light" loading={offer.isPending} w="fit-content">
          Offer compensation
        </Button>
        {last ? (
          <Alert color={last.status === 'approved' ? 'green' : 'yellow'} role="status" p="xs">
            {last.status === 'approved'
              ? `${fmt.money(last.amountMinor, last.currency)} approved.`
              : `${fmt.money(last.amountMinor, last.currency)} offered: it needs a manager’s approval before it is given.`}
          </Alert>
        ) : null}
      </Stack>
    </form>
  );
}

function CsatSection({ resolution }: { resolution: CaseResolution }) {
  const fmt = useFormat();
  const { csat } = resolution;
  return (
    <Section title="Customer satisfaction">
      {csat.state === 'answered' && csat.score !== null ? (
        <Stack gap={2}>
          <Group gap="xs">
            <Badge
              size="lg"
              variant="light"
              color={csat.score >= 4 ? 'green' : csat.score === 3 ? 'yellow' : 'red'}
            >
              {csat.score}/5
            </Badge>
            {csat.answeredAt ? (
              <Text size="xs" c="dimmed">
                Answered {fmt.dateTime(csat.answeredAt)}
              </Text>
            ) : null}
          </Group>
          {csat.comment ? (
            <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
              “{csat.comment}”
            </Text>
          ) : null}
        </Stack>
      ) : (
        <Text size="sm" c={csat.state === 'not_sent' ? 'orange.8' : 'dimmed'}>
          {CSAT_STATE_LABELS[csat.state]}
          {csat.state === 'not_sent' && csat.notSentReason
            ? `: ${CSAT_NOT_SENT_LABELS[csat.notSentReason]}`
            : ''}
          {csat.requestedAt && csat.state !== 'not_sent' ? ` (asked ${fmt.date(csat.requestedAt)})` : ''}
        </Text>
      )}
    </Section>
  );
}

/**
 * The customer's compensated claims: a warning when they are far above their peers' (serial
 * opportunistic claims, with why and the history), else a one-line summary.
 */
export function ClaimsFlag({ customerId }: { customerId: string }) {
  const fmt = useFormat();
  const query = useQuery(claimsProfileQuery(customerId));
  if (query.isPending) return <LoadingState label="Loading the customer’s claims…" minHeight={40} />;
  if (query.isError)
    return (
      <ErrorState
        error={query.error}
        onRetry={() => void query.refetch()}
        title="Claims history could not be loaded"
      />
    );
  const p = query.data;
  if (!p.flagged) {
    return (
      <Section title="Claims">
        <Text size="sm" c="dimmed" aria-label="Claims summary">
          {p.windowClaims === 0
            ? 'No compensated claims in the last 12 months'
            : `${p.windowClaims} compensated ${p.windowClaims === 1 ? 'claim' : 'claims'} in the last 12 months, ${fmt.money(p.windowTotalMinor, p.currency)} in all`}
        </Text>
      </Section>
    );
  }
  return (
    <section aria-label="Claims flag">
      <Alert color="orange" icon={<IconFlag size={18} />} title="Frequent compensated claims">
        <Stack gap="xs">
          <Text size="sm">
            Check the history before offering more: this customer’s compensation is far above other
            customers’.
          </Text>
          <Stack gap={2} component="ul" m={0} pl="md">
            {p.reasons.map((r) => (
              <Text component="li" size="sm" key={r}>
                {r}
              </Text>
            ))}
          </Stack>
          <ClaimsHistory profile={p} fmt={fmt} />
        </Stack>
      </Alert>
    </section>
  );
}

function ClaimsHistory({ profile, fmt }: { profile: ClaimsProfile; fmt: Formatter }) {
  return (
    <Stack gap={2} component="ul" aria-label="Claims history" m={0} p={0} style={{ listStyle: 'none' }}>
      {profile.claims.map((c) => (
        <Group component="li" key={c.caseId} gap="xs" wrap="nowrap" align="flex-start">
          <Text size="xs" ff="monospace" fw={700}>
            {c.reference}
          </Text>
          <Text size="xs" c="dimmed" style={{ flexShrink: 0 }}>
            {fmt.date(c.openedAt)}
          </Text>
          <Text size="xs" style={{ overflowWrap: 'anywhere' }} lineClamp={1}>
            {c.subject}
          </Text>
          <Text size="xs" fw={600} style={{ marginLeft: 'auto', flexShrink: 0 }}>
            {fmt.money(c.approvedMinor, profile.currency)}
          </Text>
        </Group>
      ))}
    </Stack>
  );
}
