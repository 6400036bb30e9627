import {
  ActionIcon,
  Alert,
  Button,
  CopyButton,
  Group,
  List,
  Modal,
  NumberInput,
  Stack,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconCircleCheck, IconCopy } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import type { SurveyLink, SurveyLinkInput } from '../../../shared/contracts/relationships.js';
import { placeFormErrors } from '../../lib/form-errors.js';
import { useFormat } from '../../lib/use-format.js';
import { createSurveyLink } from './queries.js';
import { surveyLinkBody } from './relationship-forms.js';

const DEFAULT_DAYS = 30;

/**
 * Makes a link for the customer to answer the relationship survey themselves, to send by
 * e-mail, SMS or on a receipt. The link is shown once (the server keeps only a hash of it), with
 * what the customer's relationship rules say about asking them for feedback by e-mail.
 */
export function SurveyLinkModal({
  customerId,
  opened,
  onClose,
}: {
  customerId: string;
  opened: boolean;
  onClose: () => void;
}) {
  const [days, setDays] = useState<number | ''>(DEFAULT_DAYS);
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const create = useMutation({
    mutationFn: (body: SurveyLinkInput) => createSurveyLink(customerId, body),
    onError: (err) => setErrors(placeFormErrors('The survey link was not created', err, ['expiresInDays'])),
  });
  const { reset } = create;

  // Each opening starts afresh: the last link is not shown again (it was shown once).
  useEffect(() => {
    if (!opened) return;
    setDays(DEFAULT_DAYS);
    setErrors({});
    reset();
  }, [opened, reset]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const result = surveyLinkBody(days);
    if (!result.ok) setErrors(result.errors);
    else create.mutate(result.body);
  };

  return (
    <Modal opened={opened} onClose={onClose} title="Survey link for the customer" size="lg">
      {create.data ? (
        <CreatedLink link={create.data} onClose={onClose} />
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            <Text size="sm">
              The customer opens the link, without logging in, and answers the relationship survey themselves.
              They can change their answer until the link expires.
            </Text>
            <NumberInput
              label="Expires in (days)"
              description="From 1 to 90 days"
              min={1}
              max={90}
              clampBehavior="none"
              allowDecimal={false}
              value={days}
              onChange={(v) => {
                setDays(v === '' ? '' : Number(v));
                setErrors({});
              }}
              error={errors.expiresInDays}
              maw={220}
            />
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={onClose}>
                Cancel
              </Button>
              <Button type="submit" loading={create.isPending}>
                Create link
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}

function CreatedLink({ link, onClose }: { link: SurveyLink; onClose: () => void }) {
  const fmt = useFormat();
  const { policy } = link;
  return (
    <Stack gap="md">
      <TextInput
        label="Survey link"
        value={link.url}
        readOnly
        onFocus={(e) => e.currentTarget.select()}
        rightSectionWidth={42}
        rightSection={
          <CopyButton value={link.url} timeout={2000}>
            {({ copied, copy }) => (
              <Tooltip label={copied ? 'Copied' : 'Copy link'} withArrow position="left">
                <ActionIcon
                  variant="subtle"
                  color={copied ? 'teal' : 'gray'}
                  onClick={copy}
                  aria-label={copied ? 'Copied' : 'Copy link'}
                >
                  {copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />}
                </ActionIcon>
              </Tooltip>
            )}
          </CopyButton>
        }
      />
      <Text size="sm" fw={600}>
        Shown once — copy it now.
      </Text>
      <Text size="sm" c="dimmed">
        Rapport keeps only a fingerprint of the link, so it cannot show it again; make a new one if it is
        lost. It works until{' '}
        <time dateTime={link.expiresAt.toISOString()}>{fmt.dateTime(link.expiresAt)}</time>.
      </Text>
      {policy.verdict === 'allow' ? (
        <Alert
          color="teal"
          variant="light"
          icon={<IconCircleCheck size={18} />}
          title="Their rules allow asking for feedback"
        >
          Asking this customer for feedback by e-mail passes their relationship rules.
        </Alert>
      ) : (
        <Alert
          color={policy.verdict === 'block' ? 'red' : 'yellow'}
          icon={<IconAlertTriangle size={18} />}
          title={
            policy.verdict === 'block'
              ? 'Their rules advise against sending it now'
              : 'Their rules advise care in sending it'
          }
        >
          <List size="sm" spacing={2} aria-label="What their rules say">
            {policy.reasons
              .filter((r) => r.verdict !== 'allow')
              .map((r) => (
                <List.Item key={r.code}>{r.message}</List.Item>
              ))}
          </List>
        </Alert>
      )}
      <Group justify="flex-end">
        <Button onClick={onClose}>Done</Button>
      </Group>
    </Stack>
  );
}
