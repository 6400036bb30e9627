import {
  Alert,
  Box,
  Button,
  Container,
  Fieldset,
  Group,
  Paper,
  Radio,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconClockHour4, IconLinkOff } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { type FormEvent, useEffect, useMemo, useRef, useState } from 'react';
import type { z } from 'zod';
import {
  BRQ_FACETS,
  type PublicSurvey,
  type PublicSurveyAnswer,
  type RelationshipType,
} from '../../../shared/contracts/relationships.js';
import { isStatus, PublicMessage, retryText } from '../../components/PublicMessage.js';
import { LoadingState } from '../../components/States.js';
import { ApiError } from '../../lib/api.js';
import { placeFormErrors } from '../../lib/form-errors.js';
import { createFormatter, type Formatter } from '../../lib/format.js';
import { answerPublicSurvey, publicSurveyQuery } from './queries.js';
import { type PublicSurveyValues, publicSurveyBody, publicSurveyValues } from './relationship-forms.js';

const route = getRouteApi('/survey/$token');

/** Every input by the error path that belongs to it. */
const FIELDS = [
  'sentence',
  ...BRQ_FACETS.map((f) => `brq.${f}`),
  'attachment.anxiety',
  'attachment.avoidance',
];

const SCALE = [1, 2, 3, 4, 5, 6, 7] as const;

/** Names each point for screen readers; the ends say what they mean. */
function pointName(n: number): string {
  return n === 1 ? '1 – not at all' : n === 7 ? '7 – completely' : String(n);
}

/**
 * Dates the way the customer's own browser writes them: they have no workspace, and the link
 * may be opened anywhere.
 */
function visitorFormatter(): Formatter {
  const locale = typeof navigator !== 'undefined' && navigator.language ? navigator.language : 'en-GB';
  const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  return createFormatter(locale, timeZone, 'EUR');
}

/**
 * The relationship survey a customer answers from the link we sent them, on their phone as
 * often as not: no login and none of the staff app around it. The requests it makes are
 * anonymous (see `publicSurveyQuery`), so a staff session in the same browser is neither used
 * nor sent to the login page.
 */
export function PublicSurveyPage() {
  const { token } = route.useParams();
  const query = useQuery({ ...publicSurveyQuery(token), retry: false });
  const fmt = useMemo(visitorFormatter, []);
  // The link ran out (or its customer went away) while the page was open.
  const [gone, setGone] = useState<ApiError | null>(null);

  useEffect(() => {
    document.title = query.data ? `Your feedback · ${query.data.business}` : 'Your feedback';
  }, [query.data]);

  return (
    <Box component="main" mih="100vh" bg="var(--mantine-color-gray-0)" py={{ base: 'sm', sm: 'xl' }}>
      <Container size={620} px={{ base: 'xs', sm: 'md' }}>
        {query.isPending ? (
          <Paper withBorder radius="md" p="md">
            <LoadingState label="Loading your survey…" />
          </Paper>
        ) : query.isError || gone ? (
          <LinkProblem error={gone ?? query.error} onRetry={() => void query.refetch()} />
        ) : (
          <SurveyForm token={token} survey={query.data} fmt={fmt} onGone={setGone} />
        )}
      </Container>
    </Box>
  );
}

/** A link that cannot be answered, or a survey that could not be loaded (with a retry). */
function LinkProblem({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  if (isStatus(error, 404)) {
    return (
      <PublicMessage icon={<IconLinkOff size={26} />} title="This link is not valid">
        Check that you opened the whole link from our message. If it still does not work, ask us for a new
        one.
      </PublicMessage>
    );
  }
  if (isStatus(error, 410)) {
    return (
      <PublicMessage icon={<IconClockHour4 size={26} />} title="This link has expired; ask us for a new one">
        Survey links work for a limited time. Reply to our message and we will send you a fresh link.
      </PublicMessage>
    );
  }
  return (
    <PublicMessage
      icon={<IconAlertTriangle size={26} />}
      title="The survey could not be loaded"
      action={<Button onClick={onRetry}>Try again</Button>}
      alert
    >
      {retryText(error)}
    </PublicMessage>
  );
}

/** A 1–7 rating; unanswered until the customer picks a point, and clearable (every scale is optional). */
function ScaleInput({
  statement,
  value,
  onChange,
  error,
}: {
  statement: string;
  value: number | '';
  onChange: (value: number | '') => void;
  error: string | undefined;
}) {
  return (
    <Radio.Group
      label={statement}
      value={value === '' ? '' : String(value)}
      onChange={(v) => onChange(Number(v))}
      error={error}
    >
      <Group gap={0} justify="space-between" wrap="nowrap" mt={6} maw={420}>
        {SCALE.map((n) => (
          <Stack key={n} gap={2} align="center">
            <Radio value={String(n)} aria-label={pointName(n)} size="md" />
            <Text size="xs" c="dimmed" aria-hidden>
              {n}
            </Text>
          </Stack>
        ))}
      </Group>
      <Group justify="space-between" maw={420} mt={2} aria-hidden>
        <Text size="xs" c="dimmed">
          Not at all
        </Text>
        <Text size="xs" c="dimmed">
          Completely
        </Text>
      </Group>
      {value !== '' ? (
        <Button
          variant="subtle"
          size="compact-xs"
          mt={4}
          px={0}
          onClick={() => onChange('')}
          aria-label={`Clear the rating of “${statement}”`}
        >
          Clear
        </Button>
      ) : null}
    </Radio.Group>
  );
}

function SurveyForm({
  token,
  survey,
  fmt,
  onGone,
}: {
  token: string;
  survey: PublicSurvey;
  fmt: Formatter;
  onGone: (error: ApiError) => void;
}) {
  const queryClient = useQueryClient();
  const [values, setValues] = useState<PublicSurveyValues>(() => publicSurveyValues(survey.answer));
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const [thanked, setThanked] = useState(false);
  const statusRef = useRef<HTMLDivElement>(null);

  const update = (patch: Partial<PublicSurveyValues>, field: string) => {
    setValues((v) => ({ ...v, ...patch }));
    setErrors(({ [field]: _, ...rest }) => rest);
  };

  const save = useMutation({
    mutationFn: (body: z.output<typeof PublicSurveyAnswer>) => answerPublicSurvey(token, body),
    onSuccess: (saved) => {
      queryClient.setQueryData(publicSurveyQuery(token).queryKey, saved);
      setValues(publicSurveyValues(saved.answer));
      setErrors({});
      setThanked(true);
    },
    onError: (err) => {
      // A link that ran out (or went away) while the page was open: say so instead of the form.
      if (err instanceof ApiError && (err.status === 404 || err.status === 410)) onGone(err);
      else if (isStatus(err, 400)) setErrors(placeFormErrors('Your answer was not sent', err, FIELDS));
    },
  });

  useEffect(() => {
    if (thanked) {
      statusRef.current?.scrollIntoView({ behavior: 'smooth', block: 'start' });
      statusRef.current?.focus();
    }
  }, [thanked]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const result = publicSurveyBody(values);
    if (!result.ok) {
      setErrors(result.errors);
      return;
    }
    setThanked(false);
    save.mutate(result.body);
  };

  const { answer } = survey;
  const expires = fmt.date(survey.expiresAt);
  // A 400 is under its fields; other failures of the send itself are said by the button.
  const sendFailed = save.isError && !isStatus(save.error, 400);

  return (
    <Paper withBorder radius="md" p={{ base: 'md', sm: 'xl' }}>
      <Stack gap="lg">
        <Stack gap={4}>
          <Text size="sm" fw={700} c="blue.8" tt="uppercase" style={{ letterSpacing: '0.04em' }}>
            {survey.business}
          </Text>
          <Title order={1} size="h2">
            {survey.givenName ? `Hello ${survey.givenName},` : 'Hello,'}
          </Title>
          <Text>
            we would like to know how you see your relationship with {survey.business}. It takes a minute;
            only the first question needs an answer.
          </Text>
        </Stack>

        <div ref={statusRef} tabIndex={-1} style={{ outline: 'none' }}>
          {thanked ? (
            <Alert
              color="green"
              icon={<IconCircleCheck size={20} />}
              title="Thank you for your answer!"
              role="status"
            >
              You can change your answer until {expires}.
            </Alert>
          ) : answer ? (
            <Alert color="blue" variant="light" role="status">
              You answered on {fmt.date(answer.answeredAt)}; you can change it until {expires}.
            </Alert>
          ) : null}
        </div>

        <form onSubmit={submit} noValidate aria-label="Relationship survey">
          <Stack gap="xl">
            <Radio.Group
              label="Which sentence fits your relationship with us best?"
              description="Pick the one closest to how you feel."
              required
              value={values.sentence ?? ''}
              onChange={(v) => update({ sentence: v as RelationshipType }, 'sentence')}
              error={errors.sentence}
              labelProps={{ fz: 'md', fw: 600 }}
            >
              <Stack gap="sm" mt="xs">
                {survey.sentences.map((s) => (
                  <Radio key={s.type} value={s.type} label={s.text} size="md" />
                ))}
              </Stack>
            </Radio.Group>

            <Fieldset
              legend="How much do you agree? (optional)"
              variant="unstyled"
              aria-describedby="survey-scale-hint"
            >
              <Text id="survey-scale-hint" size="sm" c="dimmed" mb="sm">
                1 = not at all, 7 = completely.
              </Text>
              <Stack gap="lg">
                {survey.facets.map((f) => (
                  <ScaleInput
                    key={f.facet}
                    statement={f.statement}
                    value={values.brq[f.facet]}
                    onChange={(v) => update({ brq: { ...values.brq, [f.facet]: v } }, `brq.${f.facet}`)}
                    error={errors[`brq.${f.facet}`]}
                  />
                ))}
              </Stack>
            </Fieldset>

            <Fieldset legend="And in general (optional)" variant="unstyled">
              <Text size="sm" c="dimmed" mb="sm">
                On the same scale: 1 = not at all, 7 = completely.
              </Text>
              <Stack gap="lg">
                {survey.attachment.map((a) => (
                  <ScaleInput
                    key={a.key}
                    statement={a.statement}
                    value={values[a.key]}
                    onChange={(v) => update({ [a.key]: v }, `attachment.${a.key}`)}
                    error={errors[`attachment.${a.key}`]}
                  />
                ))}
              </Stack>
            </Fieldset>

            {sendFailed ? (
              <Alert
                color="red"
                icon={<IconAlertTriangle size={18} />}
                title="Your answer was not sent"
                role="alert"
              >
                {retryText(save.error)} Your answers are still here.
              </Alert>
            ) : null}
            <Button type="submit" size="md" fullWidth loading={save.isPending}>
              {sendFailed ? 'Try again' : answer ? 'Update my answer' : 'Send my answer'}
            </Button>
            <Text size="xs" c="dimmed" ta="center">
              Your answer goes to {survey.business} only. You can change it until {expires}.
            </Text>
          </Stack>
        </form>
      </Stack>
    </Paper>
  );
}
