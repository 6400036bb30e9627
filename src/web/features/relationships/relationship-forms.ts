import type { z } from 'zod';
import {
  BRQ_FACETS,
  type BrqFacet,
  LetGoInput,
  OverrideInput,
  type PublicSurvey,
  PublicSurveyAnswer,
  type RelationshipType,
  SurveyAnswer,
  SurveyLinkInput,
} from '../../../shared/contracts/relationships.js';
import { zodFieldErrors } from '../../lib/api.js';
import type { LetGoDecisionKind, SurveySource } from './relationships.labels.js';

/**
 * The relationship panel's forms (override, survey answer, let go): their state, and the body
 * each sends, checked with the shared contract so the browser says what the server would.
 */

export type Checked<T> = { ok: true; body: T } | { ok: false; errors: Record<string, string> };

/**
 * Parses `input` with a shared contract; field errors are keyed like the server's. A field of
 * `required` that is missing (null, undefined or '') gets that message instead of zod's.
 * @example check(OverrideInput, { type: null, reason: '' }, { type: 'choose a type' }).ok === false
 */
export function check<S extends z.ZodType>(
  schema: S,
  input: Record<string, unknown>,
  required: Record<string, string> = {},
): Checked<z.output<S>> {
  const parsed = schema.safeParse(input);
  const errors = parsed.success ? {} : zodFieldErrors(parsed.error.issues);
  for (const [key, message] of Object.entries(required)) {
    const v = input[key];
    if (v === null || v === undefined || v === '') errors[key] = message;
  }
  if (parsed.success && Object.keys(errors).length === 0) return { ok: true, body: parsed.data };
  return { ok: false, errors };
}

// Override -----------------------------------------------------------------------------------

export interface OverrideValues {
  type: RelationshipType | null;
  reason: string;
}

export function overrideBody(values: OverrideValues): Checked<OverrideInput> {
  return check(
    OverrideInput,
    { type: values.type ?? undefined, reason: values.reason },
    { type: 'choose the type that fits' },
  );
}

// Survey answer ------------------------------------------------------------------------------

/** 1–7 answers; '' while unanswered. */
type Likert = number | '';

export interface SurveyValues {
  sentence: RelationshipType | null;
  brq: Record<BrqFacet, Likert>;
  anxiety: Likert;
  avoidance: Likert;
  source: SurveySource;
}

export function blankSurvey(): SurveyValues {
  return {
    sentence: null,
    brq: Object.fromEntries(BRQ_FACETS.map((f) => [f, ''])) as Record<BrqFacet, Likert>,
    anxiety: '',
    avoidance: '',
    source: 'staff',
  };
}

/** The 1–7 parts of an answer as the API takes them: only the facets answered, attachment only when given. */
function scales(values: Pick<SurveyValues, 'brq' | 'anxiety' | 'avoidance'>) {
  const brq = Object.fromEntries(
    BRQ_FACETS.filter((f) => values.brq[f] !== '').map((f) => [f, values.brq[f]]),
  );
  const attachment = {
    ...(values.anxiety === '' ? {} : { anxiety: values.anxiety }),
    ...(values.avoidance === '' ? {} : { avoidance: values.avoidance }),
  };
  return { brq, attachment };
}

/** The answer as the API takes it: only the facets answered, attachment only when given. */
export function surveyBody(values: SurveyValues): Checked<z.output<typeof SurveyAnswer>> {
  const { brq, attachment } = scales(values);
  return check(
    SurveyAnswer,
    { sentence: values.sentence ?? undefined, brq, attachment, source: values.source },
    { sentence: 'choose the sentence the customer picked' },
  );
}

// The customer's own answer, through a survey link ------------------------------------------

export type PublicSurveyValues = Omit<SurveyValues, 'source'>;

/** The customer's form: blank, or their latest answer through the link, to keep or change. */
export function publicSurveyValues(answer: PublicSurvey['answer']): PublicSurveyValues {
  const blank = blankSurvey();
  if (!answer) return { sentence: null, brq: blank.brq, anxiety: '', avoidance: '' };
  return {
    sentence: answer.sentence,
    brq: { ...blank.brq, ...answer.brq },
    anxiety: answer.attachment.anxiety ?? '',
    avoidance: answer.attachment.avoidance ?? '',
  };
}

/** The customer's answer as the public survey takes it (no source: the link is the source). */
export function publicSurveyBody(values: PublicSurveyValues): Checked<z.output<typeof PublicSurveyAnswer>> {
  const { brq, attachment } = scales(values);
  return check(
    PublicSurveyAnswer,
    { sentence: values.sentence ?? undefined, brq, attachment },
    { sentence: 'choose the sentence that fits best' },
  );
}

// Survey link --------------------------------------------------------------------------------

export function surveyLinkBody(expiresInDays: number | ''): Checked<z.output<typeof SurveyLinkInput>> {
  return check(
    SurveyLinkInput,
    { expiresInDays: expiresInDays === '' ? undefined : expiresInDays },
    { expiresInDays: 'say for how many days the link works' },
  );
}

// Let go -------------------------------------------------------------------------------------

export interface LetGoValues {
  decision: LetGoDecisionKind;
  reason: string;
}

export function letGoBody(values: LetGoValues): Checked<LetGoInput> {
  return check(LetGoInput, { decision: values.decision, reason: values.reason });
}
