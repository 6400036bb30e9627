import { describe, expect, it } from 'vitest';
import { classifierBody, classifierChanged, classifierFormOf, editedTypes } from './classifier-form.js';
import { classifier } from './test-fixtures.js';

describe('classifier form', () => {
  const config = classifier();

  it('holds every type × feature, empty where there is no weight', () => {
    const form = classifierFormOf(config);
    expect(form.types.courtship).toEqual({
      bias: '-1',
      weights: { tenure: '', newness: '4', price_sensitivity: '' },
    });
    expect(form.surveyWeight).toBe('4');
    expect(classifierChanged(config, form)).toBe(false);
  });

  it('knows which types were edited', () => {
    const form = classifierFormOf(config);
    form.types.fling = { ...form.types.fling, weights: { ...form.types.fling.weights, tenure: '-1.5' } };
    expect(editedTypes(config, form)).toEqual(['fling']);
    expect(classifierChanged(config, form)).toBe(true);
  });

  it('sends each type’s bias and its non-zero weights', () => {
    const form = classifierFormOf(config);
    form.types.courtship.weights.newness = '0';
    form.types.kinship.weights.tenure = '2';
    form.note = 'kinship needs history';
    const result = classifierBody(form);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.body.types.courtship).toEqual({ bias: -1, weights: {} });
    expect(result.body.types.kinship).toEqual({ bias: -1, weights: { tenure: 2 } });
    expect(result.body.types.marriage_of_convenience).toEqual({
      bias: -1,
      weights: { price_sensitivity: 2.5 },
    });
    expect([result.body.surveyWeight, result.body.temperature, result.body.note]).toEqual([
      4,
      1,
      'kinship needs history',
    ]);
  });

  it('keys its errors like the server’s: required, not a number, out of bounds', () => {
    const form = classifierFormOf(config);
    form.types.enmity.bias = '';
    form.types.fling.weights.tenure = 'abc';
    form.types.kinship.weights.tenure = '25';
    form.temperature = '0';
    const result = classifierBody(form);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors['types.enmity.bias']).toBe('is required');
    expect(result.errors['types.fling.weights.tenure']).toBe('must be a number');
    expect(result.errors['types.kinship.weights.tenure']).toMatch(/20/);
    expect(result.errors.temperature).toMatch(/0.05/);
  });
});
