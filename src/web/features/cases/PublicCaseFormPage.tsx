import {
  Alert,
  Box,
  Button,
  Container,
  Fieldset,
  Group,
  List,
  Paper,
  Radio,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  ThemeIcon,
  Title,
} from '@mantine/core';
import { IconAlertTriangle, IconBuildingStore, IconCircleCheck, IconHourglass } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { type FormEvent, type Ref, useEffect, useRef, useState } from 'react';
import type { CaseType, PublicCaseForm } from '../../../shared/contracts/cases.js';
import { isStatus, PublicMessage, retryText } from '../../components/PublicMessage.js';
import { LoadingState } from '../../components/States.js';
import { ApiError } from '../../lib/api.js';
import { placeFormErrors } from '../../lib/form-errors.js';
import {
  blankCaseForm,
  type CaseFormValues,
  type CaseSubmissionBody,
  caseSubmission,
  newIdempotencyKey,
  REACH_MESSAGE,
} from './case-form.js';
import { PUBLIC_TYPE_CHOICES } from './cases.labels.js';
import { publicCaseFormQuery, sendPublicCase } from './queries.js';

const route = getRouteApi('/contact/$slug');

/** Every input by the error path that belongs to it; `formToken` is the timing check's. */
const FIELDS = ['type', 'subject', 'body', 'name', 'email', 'phone', 'formToken'] as const;
type Field = (typeof FIELDS)[number];
type Errors = Partial<Record<Field, string>>;

/**
 * The public form a customer uses to tell the business about a complaint, an idea, a question
 * or praise — on their phone as often as not, with no login and none of the staff app around
 * it. Its requests are anonymous (see `publicCaseFormQuery`). Everything from the server (the
 * business's name) is shown as text, never as HTML.
 */
export function PublicCaseFormPage() {
  const { slug } = route.useParams();
  const query = useQuery({ ...publicCaseFormQuery(slug), retry: false });
  // The business went away (its slug changed) while the page was open.
  const [gone, setGone] = useState<ApiError | null>(null);

  useEffect(() => {
    document.title = query.data ? `Contact ${query.data.business}` : 'Contact us';
  }, [query.data]);

  return (
    <Box component="main" mih="100vh" bg="var(--mantine-color-gray-0)" py={{ base: 'sm', sm: 'xl' }}>
      <Container size={620} px={{ base: 'xs', sm: 'md' }}>
        {gone ? (
          <FormProblem error={gone} onRetry={() => void query.refetch()} />
        ) : query.data ? (
          <CaseForm
            slug={slug}
            form={query.data}
            onGone={setGone}
            onRenew={async () => {
              const next = await query.refetch();
              if (next.isError || next.data === undefined) throw next.error;
              return next.data;
            }}
          />
        ) : query.isPending ? (
          <Paper withBorder radius="md" p="md">
            <LoadingState label="Loading the form…" />
          </Paper>
        ) : (
          <FormProblem error={query.error} onRetry={() => void query.refetch()} />
        )}
      </Container>
    </Box>
  );
}

/** A business that does not exist, or a form that could not be loaded (with a retry). */
function FormProblem({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  if (isStatus(error, 404)) {
    return (
      <PublicMessage icon={<IconBuildingStore size={26} />} title="We could not find this business">
        Check that you opened the whole address from the business’s website, e-mail or receipt. If it still
        does not work, contact them another way.
      </PublicMessage>
    );
  }
  return (
    <PublicMessage
      icon={<IconAlertTriangle size={26} />}
      title="The form could not be loaded"
      action={<Button onClick={onRetry}>Try again</Button>}
      alert
    >
      {retryText(error)}
    </PublicMessage>
  );
}

/**
 * After the timing check refused a send: wait until `until` (ms since the epoch) with a fresh
 * token; `expired` says the old one ran out rather than came back too soon. `failed`: the fresh
 * token could not be fetched.
 */
type TokenNotice =
  | { kind: 'wait'; expired: boolean; until: number }
  | { kind: 'failed'; expired: boolean; error: unknown };

/** Seconds left until `until`, ticking while there are any. */
function useSecondsLeft(until: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (until === null) return;
    setNow(Date.now());
    const timer = setInterval(() => {
      const t = Date.now();
      setNow(t);
      if (t >= until) clearInterval(timer);
    }, 250);
    return () => clearInterval(timer);
  }, [until]);
  return until === null ? 0 : Math.max(0, Math.ceil((until - now) / 1000));
}

function CaseForm({
  slug,
  form,
  onGone,
  onRenew,
}: {
  slug: string;
  form: PublicCaseForm;
  onGone: (error: ApiError) => void;
  onRenew: () => Promise<PublicCaseForm>;
}) {
  const [values, setValues] = useState<CaseFormValues>(blankCaseForm);
  const [errors, setErrors] = useState<Errors>({});
  // One key per filled-in form: a retry of this fill answers the case it opened, not a second one.
  const [idempotencyKey, setIdempotencyKey] = useState(newIdempotencyKey);
  const [reference, setReference] = useState<string | null>(null);
  const [token, setToken] = useState<TokenNotice | null>(null);
  const [renewing, setRenewing] = useState(false);
  const secondsLeft = useSecondsLeft(token?.kind === 'wait' ? token.until : null);
  const thanksRef = useRef<HTMLDivElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const [focusError, setFocusError] = useState(0);

  const update = (patch: Partial<CaseFormValues>, field: Field) => {
    setValues((v) => ({ ...v, ...patch }));
    setErrors((prev) => {
      const rest: Errors = { ...prev };
      delete rest[field];
      // A phone answers "an e-mail or a phone" as well as an e-mail does.
      return field === 'phone' && rest.email === REACH_MESSAGE ? { ...rest, email: undefined } : rest;
    });
  };

  /** A fresh timing token (the old one was refused or ran out), then the short wait it needs. */
  const renewToken = async (expired: boolean) => {
    setRenewing(true);
    try {
      const fresh = await onRenew();
      setToken({ kind: 'wait', expired, until: Date.now() + fresh.minFillSeconds * 1000 });
    } catch (error) {
      if (isStatus(error, 404) && error instanceof ApiError) onGone(error);
      else setToken({ kind: 'failed', expired, error });
    } finally {
      setRenewing(false);
    }
  };

  const send = useMutation({
    mutationFn: (body: CaseSubmissionBody) => sendPublicCase(slug, body),
    onSuccess: (receipt) => {
      setReference(receipt.reference);
      setErrors({});
      setToken(null);
    },
    onError: (err) => {
      if (isStatus(err, 404) && err instanceof ApiError) onGone(err);
      else if (isStatus(err, 400)) {
        const { formToken, ...placed } = placeFormErrors('Your message was not sent', err, FIELDS);
        setErrors(placed);
        if (Object.keys(placed).length) setFocusError((n) => n + 1);
        if (formToken) void renewToken(/expired/i.test(formToken));
      }
    },
  });

  useEffect(() => {
    if (reference) {
      thanksRef.current?.scrollIntoView({ behavior: 'smooth', block: 'start' });
      thanksRef.current?.focus();
    }
  }, [reference]);

  // After a failed check, the first input with an error takes the focus (and the screen).
  useEffect(() => {
    if (focusError === 0) return;
    const invalid = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    invalid?.focus();
  }, [focusError]);

  const waiting = renewing || secondsLeft > 0;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (send.isPending || waiting) return;
    if (token?.kind === 'failed' || Date.now() >= form.tokenExpiresAt.getTime()) {
      // The token could not be renewed last time, or ran out while the page was open.
      void renewToken(token?.expired ?? true);
      return;
    }
    const result = caseSubmission(values, form, idempotencyKey);
    if (!result.ok) {
      setErrors(result.errors as Errors);
      setFocusError((n) => n + 1);
      return;
    }
    setToken(null);
    send.mutate(result.body);
  };

  const startOver = () => {
    setValues(blankCaseForm());
    setErrors({});
    setIdempotencyKey(newIdempotencyKey());
    setReference(null);
    send.reset();
  };

  if (reference) {
    return <ThankYou business={form.business} reference={reference} onAnother={startOver} ref={thanksRef} />;
  }

  const { limits } = form;
  const bodyLength = values.body.length;
  // A 400 is under its fields and the timing check has its own notice; other failures are said here.
  const sendFailed = send.isError && !isStatus(send.error, 400);

  return (
    <Paper withBorder radius="md" p={{ base: 'md', sm: 'xl' }}>
      <Stack gap="lg">
        <Stack gap={4}>
          <Text size="sm" fw={700} c="blue.8" tt="uppercase" style={{ letterSpacing: '0.04em' }}>
            {form.business}
          </Text>
          <Title order={1} size="h2">
            Tell us what is on your mind
          </Title>
          <Text>
            A complaint, an idea, a question or praise: it goes straight to the team at {form.business}, and
            we answer every message.
          </Text>
        </Stack>

        <form
          ref={formRef}
          onSubmit={submit}
          noValidate
          aria-label="Contact form"
          style={{ position: 'relative' }}
        >
          <Stack gap="lg">
            <Radio.Group
              label="What is it about?"
              required
              value={values.type ?? ''}
              onChange={(v) => update({ type: v as CaseType }, 'type')}
              error={errors.type}
              labelProps={{ fz: 'md', fw: 600, mb: 'xs' }}
            >
              <SimpleGrid cols={2} spacing="xs">
                {form.types.map((t) => (
                  <Radio.Card key={t} value={t} p="sm" radius="md" h="100%">
                    <Group wrap="nowrap" align="flex-start" gap="xs">
                      <Radio.Indicator mt={2} size="sm" />
                      <div>
                        <Text fw={600} size="sm">
                          {PUBLIC_TYPE_CHOICES[t].label}
                        </Text>
                        <Text size="xs" c="dimmed">
                          {PUBLIC_TYPE_CHOICES[t].hint}
                        </Text>
                      </div>
                    </Group>
                  </Radio.Card>
                ))}
              </SimpleGrid>
            </Radio.Group>

            <TextInput
              label="Subject"
              description="Optional: a few words on what it is about"
              value={values.subject}
              onChange={(e) => update({ subject: e.currentTarget.value }, 'subject')}
              error={errors.subject}
              size="md"
            />

            <Textarea
              label="Your message"
              required
              autosize
              minRows={5}
              maxRows={14}
              description={
                <Text
                  span
                  size="xs"
                  c={bodyLength > limits.body ? 'red.8' : 'dimmed'}
                  style={{ fontVariantNumeric: 'tabular-nums' }}
                >
                  {bodyLength.toLocaleString()} / {limits.body.toLocaleString()} characters
                </Text>
              }
              value={values.body}
              onChange={(e) => update({ body: e.currentTarget.value }, 'body')}
              error={errors.body}
              size="md"
            />

            <Fieldset
              legend={
                <Text component="span" fw={600} fz="md">
                  How can we answer you?
                </Text>
              }
              variant="unstyled"
              aria-describedby="case-reach-hint"
            >
              <Text size="sm" c="dimmed" mb="sm" id="case-reach-hint">
                Give an e-mail or a phone so we can answer you.
              </Text>
              <Stack gap="sm">
                <TextInput
                  label="Your name"
                  autoComplete="name"
                  value={values.name}
                  onChange={(e) => update({ name: e.currentTarget.value }, 'name')}
                  error={errors.name}
                  size="md"
                />
                <TextInput
                  label="E-mail"
                  type="email"
                  inputMode="email"
                  autoComplete="email"
                  value={values.email}
                  onChange={(e) => update({ email: e.currentTarget.value }, 'email')}
                  error={errors.email}
                  size="md"
                />
                <TextInput
                  label="Phone"
                  type="tel"
                  inputMode="tel"
                  autoComplete="tel"
                  value={values.phone}
                  onChange={(e) => update({ phone: e.currentTarget.value }, 'phone')}
                  error={errors.phone}
                  size="md"
                />
              </Stack>
            </Fieldset>

            {/* A field people never see or reach, which bots fill in: the server ignores what comes with it. */}
            <div
              aria-hidden="true"
              style={{
                position: 'absolute',
                left: '-10000px',
                top: 'auto',
                width: 1,
                height: 1,
                overflow: 'hidden',
              }}
            >
              <label htmlFor="case-form-website">Website (leave this empty)</label>
              <input
                id="case-form-website"
                name="website"
                type="text"
                tabIndex={-1}
                autoComplete="off"
                value={values.website}
                onChange={(e) => setValues((v) => ({ ...v, website: e.currentTarget.value }))}
              />
            </div>

            {token ? <TokenMessage notice={token} secondsLeft={secondsLeft} renewing={renewing} /> : null}
            {sendFailed ? (
              <Alert
                color="red"
                icon={<IconAlertTriangle size={18} />}
                title="Your message was not sent"
                role="alert"
              >
                {retryText(send.error)} What you wrote is still here.
              </Alert>
            ) : null}
            <Button type="submit" size="md" fullWidth loading={send.isPending} disabled={waiting}>
              {secondsLeft > 0
                ? `Send again in ${secondsLeft} s`
                : sendFailed || token
                  ? 'Send again'
                  : 'Send my message'}
            </Button>
            <Text size="xs" c="dimmed" ta="center">
              Your message goes to {form.business} only.
            </Text>
          </Stack>
        </form>
      </Stack>
    </Paper>
  );
}

/** Why the send was refused by the timing check, and when it may go again. */
function TokenMessage({
  notice,
  secondsLeft,
  renewing,
}: {
  notice: TokenNotice;
  secondsLeft: number;
  renewing: boolean;
}) {
  if (notice.kind === 'failed' && !renewing) {
    return (
      <Alert
        color="red"
        icon={<IconAlertTriangle size={18} />}
        title="Your message was not sent"
        role="alert"
      >
        The form needs a refresh, and it could not be refreshed: {retryText(notice.error)} What you wrote is
        still here.
      </Alert>
    );
  }
  const when =
    renewing || secondsLeft > 0
      ? `You can send it again in ${Math.max(secondsLeft, 1)} ${secondsLeft > 1 ? 'seconds' : 'second'}.`
      : 'You can send it again now.';
  return (
    <Alert
      color="yellow"
      icon={<IconHourglass size={18} />}
      title={notice.expired ? 'This form was open for a long time' : 'Please wait a moment'}
      role="status"
    >
      {notice.expired
        ? 'We have refreshed it for you, and what you wrote is still here. '
        : 'That was quicker than people usually are. We check that a person, not a program, sends this form. '}
      {when}
    </Alert>
  );
}

function ThankYou({
  business,
  reference,
  onAnother,
  ref,
}: {
  business: string;
  reference: string;
  onAnother: () => void;
  ref: Ref<HTMLDivElement>;
}) {
  return (
    <Paper withBorder radius="md" p={{ base: 'md', sm: 'xl' }}>
      <Stack gap="md">
        <div ref={ref} tabIndex={-1} style={{ outline: 'none' }} role="status">
          <Stack gap="md">
            <Group gap="sm" wrap="nowrap" align="flex-start">
              <ThemeIcon variant="light" color="green" size={40} radius="xl" aria-hidden>
                <IconCircleCheck size={24} />
              </ThemeIcon>
              <Title order={1} size="h2">
                Thank you — your reference is <span style={{ whiteSpace: 'nowrap' }}>{reference}</span>
              </Title>
            </Group>
            <Text>Your message has reached {business}. What happens next:</Text>
            <List spacing="xs">
              <List.Item>The team reads it and answers you by the e-mail or phone you gave.</List.Item>
              <List.Item>If they need more details, they will ask you.</List.Item>
              <List.Item>
                Mention {reference} whenever you get in touch about this, so it is found at once.
              </List.Item>
            </List>
          </Stack>
        </div>
        <Button variant="light" onClick={onAnother} w="fit-content">
          Send another message
        </Button>
      </Stack>
    </Paper>
  );
}
