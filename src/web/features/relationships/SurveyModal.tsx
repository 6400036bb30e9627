import {
  Button,
  Fieldset,
  Group,
  Modal,
  NumberInput,
  Radio,
  Select,
  SimpleGrid,
  Stack,
  Text,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import type { z } from 'zod';
import {
  BRQ_FACETS,
  type BrqFacet,
  RELATIONSHIP_TYPES,
  type RelationshipType,
  SURVEY_SENTENCES,
  SURVEY_SOURCES,
  type SurveyAnswer,
  SurveyResponse,
} from '../../../shared/contracts/relationships.js';
import { api } from '../../lib/api.js';
import { placeFormErrors } from '../../lib/form-errors.js';
import { refreshRelationship } from './queries.js';
import { blankSurvey, type SurveyValues, surveyBody } from './relationship-forms.js';
import { BRQ_LABELS, SURVEY_SOURCE_LABELS, type SurveySource, TYPE_LABELS } from './relationships.labels.js';

/** Every input by the error path that belongs to it. */
const FIELDS = [
  'sentence',
  ...BRQ_FACETS.map((f) => `brq.${f}`),
  'attachment.anxiety',
  'attachment.avoidance',
  'source',
];
const SOURCE_OPTIONS = SURVEY_SOURCES.map((s) => ({ value: s, label: SURVEY_SOURCE_LABELS[s] }));

const ATTACHMENT = [
  { key: 'anxiety', label: 'Attachment anxiety', description: 'Worries about being let down' },
  { key: 'avoidance', label: 'Attachment avoidance', description: 'Keeps their distance' },
] as const;

/**
 * A 1–7 answer, empty while unanswered. Not clamped: a 9 says "answers run from 1 to 7" (the
 * contract's message) rather than quietly becoming a 7.
 */
function LikertInput({
  onChange,
  ...props
}: {
  label: string;
  description?: string;
  value: number | '';
  onChange: (value: number | '') => void;
  error: string | undefined;
}) {
  return (
    <NumberInput
      {...props}
      min={1}
      max={7}
      clampBehavior="none"
      allowDecimal={false}
      onChange={(v) => onChange(v === '' ? '' : Number(v))}
    />
  );
}

/**
 * Records the customer's answer to the relationship survey: the one sentence they picked (which
 * outranks what we infer from behaviour), and optionally how they rate the relationship (the six
 * 1–7 quality facets) and how much closeness they want (attachment anxiety and avoidance).
 */
export function SurveyModal({
  customerId,
  opened,
  onClose,
}: {
  customerId: string;
  opened: boolean;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const [values, setValues] = useState<SurveyValues>(blankSurvey);
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});

  useEffect(() => {
    if (opened) {
      setValues(blankSurvey());
      setErrors({});
    }
  }, [opened]);

  const update = (patch: Partial<SurveyValues>, errorKey: string) => {
    setValues((v) => ({ ...v, ...patch }));
    setErrors(({ [errorKey]: _, ...rest }) => rest);
  };
  const setFacet = (facet: BrqFacet, value: number | '') =>
    update({ brq: { ...values.brq, [facet]: value } }, `brq.${facet}`);

  const save = useMutation({
    mutationFn: (body: z.output<typeof SurveyAnswer>) =>
      api.post(`/customers/${encodeURIComponent(customerId)}/relationship/survey`, SurveyResponse, body),
    onSuccess: async (saved) => {
      notifications.show({
        color: 'green',
        title: 'Survey answer recorded',
        message: `Version ${saved.version}: ${TYPE_LABELS[saved.sentence]}. The customer is reclassified with it.`,
      });
      onClose();
      await refreshRelationship(queryClient, customerId);
    },
    onError: (err) => setErrors(placeFormErrors('The survey answer was not recorded', err, FIELDS)),
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const result = surveyBody(values);
    if (!result.ok) setErrors(result.errors);
    else save.mutate(result.body);
  };

  return (
    <Modal opened={opened} onClose={onClose} title="Record a survey answer" size="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Radio.Group
            label="Which sentence fits their relationship with us best?"
            description="In the customer’s words; what they say outranks what we infer."
            required
            value={values.sentence}
            onChange={(v) => update({ sentence: v as RelationshipType }, 'sentence')}
            error={errors.sentence}
          >
            <Stack gap={6} mt="xs">
              {RELATIONSHIP_TYPES.map((t) => (
                <Radio key={t} value={t} label={SURVEY_SENTENCES[t]} />
              ))}
            </Stack>
          </Radio.Group>
          <Fieldset legend="How they rate the relationship (optional, 1 to 7)" variant="unstyled">
            <SimpleGrid cols={{ base: 2, sm: 3 }} spacing="sm">
              {BRQ_FACETS.map((f) => (
                <LikertInput
                  key={f}
                  label={BRQ_LABELS[f]}
                  value={values.brq[f]}
                  onChange={(v) => setFacet(f, v)}
                  error={errors[`brq.${f}`]}
                />
              ))}
            </SimpleGrid>
          </Fieldset>
          <Fieldset legend="How much closeness they want (optional, 1 to 7)" variant="unstyled">
            <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
              {ATTACHMENT.map((a) => (
                <LikertInput
                  key={a.key}
                  label={a.label}
                  description={a.description}
                  value={values[a.key]}
                  onChange={(v) => update({ [a.key]: v }, `attachment.${a.key}`)}
                  error={errors[`attachment.${a.key}`]}
                />
              ))}
            </SimpleGrid>
          </Fieldset>
          <Select
            label="Where the answer came from"
            data={SOURCE_OPTIONS}
            value={values.source}
            onChange={(v) => v && update({ source: v as SurveySource }, 'source')}
            allowDeselect={false}
            error={errors.source}
          />
          <Text size="xs" c="dimmed">
            Earlier answers are kept: this one becomes the customer’s next version.
          </Text>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              Record answer
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
