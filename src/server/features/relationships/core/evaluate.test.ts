import { describe, expect, it } from 'vitest';
import { evaluateTypes } from './evaluate.js';

describe('evaluateTypes', () => {
  it('counts hits, the confusion matrix and per-type precision and recall', () => {
    const e = evaluateTypes([
      { known: 'fling', inferred: 'fling' },
      { known: 'fling', inferred: 'courtship' },
      { known: 'courtship', inferred: 'courtship' },
      { known: 'enmity', inferred: 'enmity' },
    ]);
    expect(e.n).toBe(4);
    expect(e.accuracy).toBe(0.75);
    expect(e.confusion.fling.courtship).toBe(1);
    expect(e.confusion.fling.fling).toBe(1);
    expect(e.confusion.courtship.fling).toBe(0);
    expect(e.perType.fling).toEqual({ n: 2, precision: 1, recall: 0.5 });
    expect(e.perType.courtship).toEqual({ n: 1, precision: 0.5, recall: 1 });
    expect(e.perType.kinship).toEqual({ n: 0, precision: null, recall: null });
  });

  it('answers 0 accuracy for no customers', () => {
    expect(evaluateTypes([]).accuracy).toBe(0);
  });
});
