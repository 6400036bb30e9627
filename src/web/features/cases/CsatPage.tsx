import {
  Alert,
  Box,
  Button,
  Container,
  Group,
  Paper,
  Stack,
  Text,
  Textarea,
  ThemeIcon,
  Title,
} from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconClockOff, IconLinkOff } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { type FormEvent, useEffect, useState } from 'react';
import { MAX_CSAT_COMMENT, type PublicCsat } from '../../../shared/contracts/case-resolution.js';
import { isStatus, PublicMessage, retryText } from '../../components/PublicMessage.js';
import { LoadingState } from '../../components/States.js';
import { answerCsat, publicCsatQuery } from './recovery/queries.js';

const route = getRouteApi('/csat/$token');

/** What each score means, shown under its button. */
export const SCORE_LABELS: Record<number, string> = {
  1: 'Very dissatisfied',
  2: 'Dissatisfied',
  3: 'Neutral',
  4: 'Satisfied',
  5: 'Very satisfied',
};

/**
 * The page a customer opens from the satisfaction e-mail after their case was resolved: five
 * big buttons and an optional comment, on a phone as often as not, with no login and none of the
 * staff app around it. Everything from the server (the business, the case's subject) is text.
 */
export function CsatPage() {
  const { token } = route.useParams();
  const query = useQuery({ ...publicCsatQuery(token), retry: false });
  useEffect(() => {
    document.title = query.data ? `How did ${query.data.business} do?` : 'How did we do?';
  }, [query.data]);
  return (
    <Box component="main" mih="100vh" bg="var(--mantine-color-gray-0)" py={{ base: 'sm', sm: 'xl' }}>
      <Container size={560} px={{ base: 'xs', sm: 'md' }}>
        {query.data ? (
          <CsatForm token={token} survey={query.data} />
        ) : query.isPending ? (
          <Paper withBorder radius="md" p="md">
            <LoadingState label="Loading…" />
          </Paper>
        ) : (
          <LinkProblem error={query.error} onRetry={() => void query.refetch()} />
        )}
      </Container>
    </Box>
  );
}

function LinkProblem({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  if (isStatus(error, 404)) {
    return (
      <PublicMessage icon={<IconLinkOff size={26} />} title="This link does not work">
        Check that you opened the whole link from the e-mail. If it still does not work, simply reply to the
        e-mail instead.
      </PublicMessage>
    );
  }
  if (isStatus(error, 410)) {
    return (
      <PublicMessage icon={<IconClockOff size={26} />} title="This survey has closed">
        It is too late to answer or change this survey. Thank you all the same: you can always reply to the
        e-mail.
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

function CsatForm({ token, survey }: { token: string; survey: PublicCsat }) {
  const [score, setScore] = useState<number | null>(survey.score);
  const [comment, setComment] = useState(survey.comment ?? '');
  const [done, setDone] = useState<PublicCsat | null>(null);
  const [scoreError, setScoreError] = useState<string | null>(null);
  const send = useMutation({
    mutationFn: () => answerCsat(token, { score: score!, ...(comment.trim() ? { comment } : {}) }),
    onSuccess: (saved) => setDone(saved),
  });

  if (done) {
    return (
      <Paper withBorder radius="md" p={{ base: 'md', sm: 'xl' }}>
        <Stack gap="md" role="status">
          <Group gap="sm" wrap="nowrap">
            <ThemeIcon variant="light" color="green" size={40} radius="xl" aria-hidden>
              <IconCircleCheck size={24} />
            </ThemeIcon>
            <Title order={1} size="h2">
              Thank you
            </Title>
          </Group>
          <Text>
            Your answer reached {survey.business}.{' '}
            {done.canChange ? 'You can change it from this link for two weeks.' : ''}
          </Text>
          {done.canChange ? (
            <Button variant="light" w="fit-content" onClick={() => setDone(null)}>
              Change my answer
            </Button>
          ) : null}
        </Stack>
      </Paper>
    );
  }

  if (survey.answered && !survey.canChange) {
    return (
      <PublicMessage icon={<IconCircleCheck size={26} />} title="Thank you for your answer">
        You gave {survey.score}/5. The answer can no longer be changed.
      </PublicMessage>
    );
  }

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (score === null) {
      setScoreError('Choose a score from 1 to 5');
      return;
    }
    send.mutate();
  };
  const tooLong = comment.length > MAX_CSAT_COMMENT;
  const gone = isStatus(send.error, 410);

  return (
    <Paper withBorder radius="md" p={{ base: 'md', sm: 'xl' }}>
      <form onSubmit={submit} noValidate aria-label="Satisfaction survey">
        <Stack gap="lg">
          <Stack gap={4}>
            <Text size="sm" fw={700} c="blue.8" tt="uppercase" style={{ letterSpacing: '0.04em' }}>
              {survey.business}
            </Text>
            <Title order={1} size="h2">
              How satisfied are you with how we handled it?
            </Title>
            <Text c="dimmed" style={{ overflowWrap: 'anywhere' }}>
              {survey.reference} · {survey.subject}
            </Text>
          </Stack>
          <fieldset
            style={{ border: 0, margin: 0, padding: 0 }}
            aria-describedby={scoreError ? 'csat-score-error' : undefined}
          >
            <legend style={{ fontWeight: 600, marginBottom: 8 }}>Your score</legend>
            <Group gap="xs" grow wrap="nowrap">
              {[1, 2, 3, 4, 5].map((n) => (
                <Button
                  key={n}
                  type="button"
                  size="xl"
                  h={72}
                  px={0}
                  variant={score === n ? 'filled' : 'default'}
                  aria-pressed={score === n}
                  aria-label={`${n} – ${SCORE_LABELS[n]}`}
                  onClick={() => {
                    setScore(n);
                    setScoreError(null);
                  }}
                >
                  {n}
                </Button>
              ))}
            </Group>
            <Group justify="space-between" mt={4}>
              <Text size="xs" c="dimmed">
                1 · {SCORE_LABELS[1]}
              </Text>
              <Text size="xs" c="dimmed">
                5 · {SCORE_LABELS[5]}
              </Text>
            </Group>
            {scoreError ? (
              <Text size="sm" c="red.8" id="csat-score-error" role="alert" mt={4}>
                {scoreError}
              </Text>
            ) : null}
          </fieldset>
          <Textarea
            label="Anything you would like to add?"
            description="Optional"
            autosize
            minRows={3}
            size="md"
            value={comment}
            onChange={(e) => setComment(e.currentTarget.value)}
            error={tooLong ? `At most ${MAX_CSAT_COMMENT.toLocaleString()} characters` : undefined}
          />
          {send.isError ? (
            <Alert
              color="red"
              icon={<IconAlertTriangle size={18} />}
              title="Your answer was not sent"
              role="alert"
            >
              {gone
                ? 'This survey has closed: it can no longer be answered.'
                : `${retryText(send.error)} Your answer is still here.`}
            </Alert>
          ) : null}
          <Button type="submit" size="md" fullWidth loading={send.isPending} disabled={tooLong || gone}>
            {survey.answered ? 'Change my answer' : 'Send my answer'}
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}
