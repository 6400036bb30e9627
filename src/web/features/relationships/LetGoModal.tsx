import {
  Alert,
  Button,
  Grid,
  Group,
  List,
  Modal,
  Paper,
  SegmentedControl,
  Stack,
  Text,
  Textarea,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import {
  LET_GO_DECISIONS,
  LetGoDecision,
  type LetGoInput,
  type RelationshipPanel,
} from '../../../shared/contracts/relationships.js';
import { api } from '../../lib/api.js';
import { placeFormErrors } from '../../lib/form-errors.js';
import { useFormat } from '../../lib/use-format.js';
import { Stat } from '../customers/360/CustomerProfileCard.js';
import { percent } from '../value/value.labels.js';
import { refreshRelationship } from './queries.js';
import { type LetGoValues, letGoBody } from './relationship-forms.js';
import {
  LET_GO_ACTIONS,
  LET_GO_LABELS,
  type LetGoDecisionKind,
  STRONG_AT,
  strengthWords,
  TYPE_LABELS,
} from './relationships.labels.js';

const FIELDS = ['decision', 'reason'] as const;
const DECISION_OPTIONS = LET_GO_DECISIONS.map((d) => ({ value: d, label: LET_GO_ACTIONS[d] }));

const blank = (): LetGoValues => ({ decision: 'deprioritise', reason: '' });

/**
 * Letting a customer go, or deprioritising them, is never decided on value alone: the modal
 * puts the relationship's strength and signals beside the CLV, and asks for a reason.
 */
export function LetGoModal({
  customerId,
  profile,
  opened,
  onClose,
}: {
  customerId: string;
  profile: RelationshipPanel['profile'];
  opened: boolean;
  onClose: () => void;
}) {
  const fmt = useFormat();
  const queryClient = useQueryClient();
  const [values, setValues] = useState<LetGoValues>(blank);
  const [errors, setErrors] = useState<Partial<Record<(typeof FIELDS)[number], string>>>({});

  useEffect(() => {
    if (opened) {
      setValues(blank());
      setErrors({});
    }
  }, [opened]);

  const save = useMutation({
    mutationFn: (body: LetGoInput) =>
      api.post(`/customers/${encodeURIComponent(customerId)}/relationship/let-go`, LetGoDecision, body),
    onSuccess: async (saved) => {
      notifications.show({
        color: 'green',
        title: `${LET_GO_LABELS[saved.decision]}`,
        message: 'The decision, its reason and the relationship as it stood are kept on the customer.',
      });
      onClose();
      await refreshRelationship(queryClient, customerId);
    },
    onError: (err) => setErrors(placeFormErrors('Nothing was decided', err, FIELDS)),
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const result = letGoBody(values);
    if (!result.ok) setErrors(result.errors);
    else save.mutate(result.body);
  };

  const strong = profile !== null && profile.strength >= STRONG_AT;
  return (
    <Modal opened={opened} onClose={onClose} title="Let go or deprioritise this customer?" size="xl">
      <form onSubmit={submit} noValidate>
        <Grid gap="md">
          <Grid.Col span={{ base: 12, sm: 5 }}>
            <Paper withBorder p="sm" component="section" aria-label="The relationship as it stands">
              {profile ? (
                <Stack gap="xs">
                  <Stat label="Type" value={TYPE_LABELS[profile.type]} />
                  <Stat
                    label="Relationship strength"
                    value={`${percent(profile.strength, fmt.locale)} · ${strengthWords(profile.strength)}`}
                  />
                  <Stat
                    label="Customer lifetime value"
                    value={profile.clvMinor === null ? 'Not valued yet' : fmt.money(profile.clvMinor)}
                  />
                  <Stack gap={2}>
                    <Text size="xs" c="dimmed">
                      Signals
                    </Text>
                    {profile.signals.length ? (
                      <List size="sm" spacing={2}>
                        {profile.signals.map((s) => (
                          <List.Item key={s.feature}>{s.text}</List.Item>
                        ))}
                      </List>
                    ) : (
                      <Text size="sm">None stands out</Text>
                    )}
                  </Stack>
                </Stack>
              ) : (
                <Text size="sm" c="dimmed">
                  Not classified yet: there is no relationship reading to weigh against the value.
                </Text>
              )}
            </Paper>
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 7 }}>
            <Stack gap="sm">
              {strong ? (
                <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={18} aria-hidden />}>
                  This is a strong relationship. Whatever the value says, a strong relationship is not let go
                  on value alone.
                </Alert>
              ) : null}
              <SegmentedControl
                data={DECISION_OPTIONS}
                value={values.decision}
                onChange={(v) => setValues((s) => ({ ...s, decision: v as LetGoDecisionKind }))}
                aria-label="Decision"
                fullWidth
              />
              <Textarea
                label="Reason"
                description="At least 10 characters: what led to this decision"
                required
                autosize
                minRows={3}
                maxLength={1000}
                data-autofocus
                value={values.reason}
                onChange={(e) => {
                  const reason = e.currentTarget.value;
                  setValues((s) => ({ ...s, reason }));
                  setErrors((x) => ({ ...x, reason: undefined }));
                }}
                error={errors.reason}
              />
              <Group justify="flex-end" gap="sm">
                <Button variant="default" onClick={onClose}>
                  Cancel
                </Button>
                <Button
                  type="submit"
                  color={values.decision === 'reinstate' ? 'blue' : 'red'}
                  loading={save.isPending}
                >
                  {LET_GO_ACTIONS[values.decision]}
                </Button>
              </Group>
            </Stack>
          </Grid.Col>
        </Grid>
      </form>
    </Modal>
  );
}
