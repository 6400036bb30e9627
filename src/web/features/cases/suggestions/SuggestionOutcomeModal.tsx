import {
  Autocomplete,
  Button,
  Checkbox,
  Group,
  Modal,
  SegmentedControl,
  Stack,
  Text,
  Textarea,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import {
  MAX_SUGGESTION_AREA,
  MAX_SUGGESTION_REASON,
  SUGGESTION_OUTCOMES,
  type SuggestionItem,
  type SuggestionOutcome,
  type SuggestionOutcomeInput,
  type SuggestionOutcomeResult,
} from '../../../../shared/contracts/case-suggestions.js';
import { placeFormErrors } from '../../../lib/form-errors.js';
import {
  initialValues,
  replyText,
  type SuggestionField,
  type SuggestionFormValues,
  suggestionBody,
} from './suggestion-form.js';
import { SUGGESTION_COLUMN_LABELS } from './suggestions.labels.js';
import { refreshSuggestions, saveSuggestionOutcome } from './suggestions.queries.js';

const FIELDS: readonly SuggestionField[] = ['area', 'outcome', 'reason', 'message'];
const OUTCOME_OPTIONS = SUGGESTION_OUTCOMES.map((o) => ({ value: o, label: SUGGESTION_COLUMN_LABELS[o] }));

/** What staff are told once the outcome is saved: whether the customer heard, and if not why. */
function announce(result: SuggestionOutcomeResult): void {
  const { told } = result;
  if (told.status === 'blocked') {
    notifications.show({
      color: 'yellow',
      title: 'Outcome saved; the customer was not told',
      message: `The relationship policy blocks a reply: ${told.reasons.map((r) => r.message).join(' ') || 'see the customer’s rules.'}`,
      autoClose: false,
    });
    return;
  }
  const mail =
    told.emailStatus === 'not_sent'
      ? ' The reply is on the case but was not e-mailed; answer on the case’s own channel.'
      : '';
  notifications.show({
    color: 'green',
    title: 'Outcome saved',
    message: told.status === 'sent' ? `The customer was told.${mail}` : 'The customer was not told.',
  });
}

/**
 * Sets what became of a suggestion — its area, the outcome and (when declined) the reason — and
 * tells the customer, with the default reply for the outcome or words of one's own.
 */
export function SuggestionOutcomeModal({
  suggestion,
  areas,
  onClose,
}: {
  suggestion: SuggestionItem | null;
  /** Areas already in use, offered as the label is typed. */
  areas: readonly string[];
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const [values, setValues] = useState<SuggestionFormValues>(() =>
    initialValues({ area: null, outcome: null, reason: null }),
  );
  const [errors, setErrors] = useState<Partial<Record<SuggestionField, string>>>({});

  useEffect(() => {
    if (suggestion) {
      setValues(initialValues(suggestion));
      setErrors({});
    }
  }, [suggestion]);

  const set = <K extends keyof SuggestionFormValues>(field: K, value: SuggestionFormValues[K]) => {
    setValues((v) => ({ ...v, [field]: value }));
    setErrors((e) => ({ ...e, [field]: undefined }));
  };

  const save = useMutation({
    mutationFn: (body: SuggestionOutcomeInput) => saveSuggestionOutcome(suggestion!.id, body),
    onSuccess: async (result) => {
      announce(result);
      onClose();
      await refreshSuggestions(queryClient);
    },
    onError: (err) => setErrors(placeFormErrors('The outcome was not saved', err, FIELDS)),
  });

  const subject = suggestion?.subject ?? '';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const result = suggestionBody(values, subject);
    if (!result.ok) setErrors(result.errors);
    else save.mutate(result.body);
  };

  return (
    <Modal opened={suggestion !== null} onClose={onClose} title="Suggestion outcome" size="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
            {suggestion?.reference} · {subject}
          </Text>
          <Stack gap={4}>
            <Text size="sm" fw={500} id="suggestion-outcome-label">
              Outcome
            </Text>
            <SegmentedControl
              aria-labelledby="suggestion-outcome-label"
              data={OUTCOME_OPTIONS}
              value={values.outcome ?? ''}
              onChange={(v) => set('outcome', v as SuggestionOutcome)}
            />
            {errors.outcome ? (
              <Text size="xs" c="red" role="alert">
                {errors.outcome}
              </Text>
            ) : null}
          </Stack>
          <Autocomplete
            label="Product or area"
            description="Where it belongs, e.g. Breakfast or Mobile app"
            required
            data-autofocus
            data={[...areas]}
            maxLength={MAX_SUGGESTION_AREA}
            value={values.area}
            onChange={(v) => set('area', v)}
            error={errors.area}
          />
          <Textarea
            label="Reason"
            description={
              values.outcome === 'declined'
                ? 'Why not: the customer is told'
                : 'Optional: a note on the decision'
            }
            required={values.outcome === 'declined'}
            autosize
            minRows={2}
            maxLength={MAX_SUGGESTION_REASON}
            value={values.reason}
            onChange={(e) => set('reason', e.currentTarget.value)}
            error={errors.reason}
          />
          <Checkbox
            label="Tell the customer"
            description="Sends a reply on the case (it passes the customer’s contact rules first)"
            checked={values.tellCustomer}
            onChange={(e) => set('tellCustomer', e.currentTarget.checked)}
          />
          {values.tellCustomer ? (
            <Textarea
              label="Reply to the customer"
              description={
                values.message === null
                  ? 'The default for the outcome; edit it to use your own words'
                  : undefined
              }
              autosize
              minRows={4}
              value={replyText(values, subject)}
              onChange={(e) => set('message', e.currentTarget.value)}
              error={errors.message}
            />
          ) : null}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              {values.tellCustomer ? 'Save and tell the customer' : 'Save outcome'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
