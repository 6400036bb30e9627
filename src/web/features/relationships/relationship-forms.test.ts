import { describe, expect, it } from 'vitest';
import {
  blankSurvey,
  letGoBody,
  overrideBody,
  publicSurveyBody,
  publicSurveyValues,
  surveyBody,
  surveyLinkBody,
} from './relationship-forms.js';

describe('overrideBody', () => {
  it('asks for a type and a reason, in the contract’s words', () => {
    expect(overrideBody({ type: null, reason: ' ' })).toEqual({
      ok: false,
      errors: { type: 'choose the type that fits', reason: 'say why, in a few words' },
    });
  });

  it('sends the type and the trimmed reason', () => {
    expect(overrideBody({ type: 'kinship', reason: '  Third generation of the family here ' })).toEqual({
      ok: true,
      body: { type: 'kinship', reason: 'Third generation of the family here' },
    });
  });
});

describe('surveyBody', () => {
  it('needs the sentence the customer picked', () => {
    const result = surveyBody(blankSurvey());
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.sentence).toBe('choose the sentence the customer picked');
  });

  it('sends only the facets answered, and attachment only when given', () => {
    const values = blankSurvey();
    values.sentence = 'committed_partnership';
    values.brq.commitment = 7;
    values.anxiety = 2;
    expect(surveyBody(values)).toEqual({
      ok: true,
      body: {
        sentence: 'committed_partnership',
        brq: { commitment: 7 },
        attachment: { anxiety: 2 },
        source: 'staff',
      },
    });
  });

  it('says where an answer is off the 1–7 scale', () => {
    const values = { ...blankSurvey(), sentence: 'fling' as const, avoidance: 9 };
    values.brq.intimacy = 0;
    const result = surveyBody(values);
    expect(!result.ok && result.errors).toEqual({
      'brq.intimacy': 'answers run from 1 to 7',
      'attachment.avoidance': 'answers run from 1 to 7',
    });
  });
});

describe('publicSurveyValues and publicSurveyBody', () => {
  it('starts blank and asks the customer for the sentence', () => {
    const values = publicSurveyValues(null);
    expect(values.sentence).toBeNull();
    expect(Object.values(values.brq).every((v) => v === '')).toBe(true);
    const result = publicSurveyBody(values);
    expect(!result.ok && result.errors).toEqual({ sentence: 'choose the sentence that fits best' });
  });

  it('prefills the latest answer and sends it back without a source', () => {
    const values = publicSurveyValues({
      sentence: 'kinship',
      brq: { commitment: 7 },
      attachment: { avoidance: 2 },
      answeredAt: new Date('2026-04-01T10:00:00Z'),
    });
    expect(values).toMatchObject({ sentence: 'kinship', anxiety: '', avoidance: 2 });
    expect(values.brq).toMatchObject({ commitment: 7, intimacy: '' });
    expect(publicSurveyBody(values)).toEqual({
      ok: true,
      body: { sentence: 'kinship', brq: { commitment: 7 }, attachment: { avoidance: 2 } },
    });
  });
});

describe('surveyLinkBody', () => {
  it('takes 1 to 90 days', () => {
    expect(surveyLinkBody(30)).toEqual({ ok: true, body: { expiresInDays: 30 } });
    expect(surveyLinkBody(91)).toEqual({ ok: false, errors: { expiresInDays: 'at most 90 days' } });
    expect(surveyLinkBody('')).toEqual({
      ok: false,
      errors: { expiresInDays: 'say for how many days the link works' },
    });
  });
});

describe('letGoBody', () => {
  it('needs a reason of at least 10 characters', () => {
    expect(letGoBody({ decision: 'let_go', reason: 'too cheap' })).toEqual({
      ok: false,
      errors: { reason: 'a decision to let a customer go needs a reason of at least 10 characters' },
    });
    expect(letGoBody({ decision: 'deprioritise', reason: 'Only ever books on a 50% voucher' }).ok).toBe(true);
  });
});
