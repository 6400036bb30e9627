import { describe, expect, it } from 'vitest';
import { RFM_SEGMENTS } from '../../../shared/contracts/value.js';
import { validation } from './test-fixtures.js';
import {
  clvBasis,
  clvDiscountHint,
  counted,
  isActive,
  pAliveSentence,
  pAliveWords,
  paramLabel,
  percent,
  progressPercent,
  progressText,
  SEGMENT_HINTS,
  SEGMENT_LABELS,
  tierRange,
  verdict,
} from './value.labels.js';

describe('segment labels', () => {
  it('names every RFM segment id of the contract in words, never snake_case', () => {
    for (const id of RFM_SEGMENTS) {
      expect(SEGMENT_LABELS[id]).toMatch(/^[A-Z][a-z ]+$/);
      expect(SEGMENT_HINTS[id]).toBeTruthy();
    }
    expect(SEGMENT_LABELS.cannot_lose_them).toBe('Cannot lose them');
  });
});

describe('tiers and parameters', () => {
  it('places each tier in the CLV ranking from the shared shares', () => {
    expect(tierRange('top')).toBe('top 10%');
    expect(tierRange('high')).toBe('next 20%');
    expect(tierRange('medium')).toBe('next 30%');
    expect(tierRange('low')).toBe('the remaining 40%');
  });

  it('writes Greek parameter names as symbols', () => {
    expect(paramLabel('alpha')).toBe('α');
    expect(paramLabel('beta')).toBe('β');
    expect(paramLabel('gamma')).toBe('γ');
    expect(paramLabel('a')).toBe('a');
  });
});

describe('P(alive) in words', () => {
  it('reads the probability bands', () => {
    expect(pAliveWords(0.92)).toBe('very likely still a customer');
    expect(pAliveWords(0.8)).toBe('very likely still a customer');
    expect(pAliveWords(0.6)).toBe('probably still a customer');
    expect(pAliveWords(0.31)).toBe('may be drifting away');
    expect(pAliveWords(0.3)).toBe('likely lapsed');
    expect(pAliveWords(0.05)).toBe('almost certainly lapsed');
  });

  it('says the chance in the workspace locale', () => {
    expect(pAliveSentence(0.853, 'en-GB')).toBe(
      '85% chance they are still buying: very likely still a customer.',
    );
    expect(percent(0.853, 'de-DE').replace(/\s/g, ' ')).toBe('85 %');
  });
});

describe('run progress', () => {
  it('polls only queued and running runs', () => {
    expect(isActive({ status: 'queued' })).toBe(true);
    expect(isActive({ status: 'running' })).toBe(true);
    expect(isActive({ status: 'succeeded' })).toBe(false);
    expect(isActive({ status: 'failed' })).toBe(false);
    expect(isActive(null)).toBe(false);
  });

  it('says the phase and how far it is', () => {
    const running = {
      status: 'running' as const,
      progress: { phase: 'storing results', done: 1200, total: 2357 },
    };
    expect(progressText(running, 'en-GB')).toBe('Storing results · 1,200 of 2,357');
    expect(progressPercent(running)).toBe(51);
    expect(progressText({ status: 'queued', progress: null }, 'en-GB')).toBe('Waiting to start…');
    expect(progressText({ status: 'running', progress: null }, 'en-GB')).toBe('Starting…');
    expect(
      progressPercent({ status: 'running', progress: { phase: 'reading orders', done: 0, total: 0 } }),
    ).toBeNull();
    expect(progressPercent({ status: 'succeeded', progress: null })).toBe(100);
  });
});

describe('verdict', () => {
  it('names the best model and whether the CLV uses it', () => {
    expect(verdict(validation(), 'bgnbd')).toBe(
      'BG/NBD predicted best, and it is the model your CLV and P(alive) use.',
    );
    expect(verdict(validation({ best: 'pareto-nbd' }), 'bgnbd')).toBe(
      'Pareto/NBD predicted best; your CLV and P(alive) use BG/NBD. An admin can switch the transaction model in Settings → Value.',
    );
    expect(verdict(validation({ best: 'heuristic' }), 'pareto-nbd')).toMatch(
      /^Simple formula predicted best on this holdout: .* Your CLV uses Pareto\/NBD\.$/,
    );
  });
});

describe('run settings in words', () => {
  it('says what a CLV adds up: the horizon and the monthly discount of the run', () => {
    expect(clvBasis({ horizonMonths: 12, monthlyDiscountRate: 0.01 }, 'en-GB')).toBe(
      'CLV over 12 months at 1% a month',
    );
    expect(clvBasis({ horizonMonths: 1, monthlyDiscountRate: 0.0125 }, 'en-GB')).toBe(
      'CLV over 1 month at 1.25% a month',
    );
    expect(clvBasis({ horizonMonths: 36, monthlyDiscountRate: 0 }, 'en-GB')).toBe(
      'CLV over 36 months, not discounted',
    );
    expect(clvBasis({ horizonMonths: 24, monthlyDiscountRate: 0.015 }, 'de-DE')).toBe(
      'CLV over 24 months at 1,5\u00a0% a month',
    );
    expect(clvDiscountHint(0.01, 'en-GB')).toBe(
      'Spend expected later counts for less: 1% less for each month ahead.',
    );
    expect(clvDiscountHint(0, 'en-GB')).toBe('Spend expected later counts in full: no discount for time.');
  });

  it('counts a unit in the locale, singular for one', () => {
    expect(counted(26, 'week', 'en-GB')).toBe('26 weeks');
    expect(counted(1, 'week', 'en-GB')).toBe('1 week');
    expect(counted(1200, 'day', 'en-GB')).toBe('1,200 days');
  });
});
