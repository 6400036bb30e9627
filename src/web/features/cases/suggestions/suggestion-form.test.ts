import { describe, expect, it } from 'vitest';
import { suggestionReply } from '../../../../shared/contracts/case-suggestions.js';
import { initialValues, replyText, suggestionBody } from './suggestion-form.js';

const start = initialValues({ area: null, outcome: null, reason: null });

describe('suggestion outcome form', () => {
  it('follows the default reply for the outcome until the reply is edited', () => {
    const planned = { ...start, area: 'Spa', outcome: 'planned' as const };
    expect(replyText(planned, 'Longer hours')).toBe(suggestionReply('planned', 'Longer hours', null));
    const declined = { ...planned, outcome: 'declined' as const, reason: 'staffing' };
    expect(replyText(declined, 'Longer hours')).toContain('because: staffing');
    expect(replyText({ ...declined, message: 'My own words' }, 'x')).toBe('My own words');
  });

  it('checks the fields as the server does', () => {
    expect(suggestionBody(start, 's')).toEqual({
      ok: false,
      errors: { outcome: 'choose what became of it' },
    });
    const noReason = suggestionBody({ ...start, area: 'Spa', outcome: 'declined' }, 's');
    expect(noReason.ok ? null : Object.keys(noReason.errors)).toEqual(['reason']);
    const noArea = suggestionBody({ ...start, area: '  ', outcome: 'done' }, 's');
    expect(noArea.ok ? null : Object.keys(noArea.errors)).toEqual(['area']);
    const blankReply = suggestionBody({ ...start, area: 'Spa', outcome: 'done', message: ' ' }, 's');
    expect(blankReply.ok ? null : blankReply.errors).toEqual({ message: 'is required to tell the customer' });
  });

  it('sends the reply only when the customer is told', () => {
    const told = suggestionBody({ ...start, area: 'Spa', outcome: 'done' }, 'Sauna');
    expect(told).toEqual({
      ok: true,
      body: {
        area: 'Spa',
        outcome: 'done',
        tellCustomer: true,
        message: suggestionReply('done', 'Sauna', null),
      },
    });
    const quiet = suggestionBody({ ...start, area: 'Spa', outcome: 'done', tellCustomer: false }, 'Sauna');
    expect(quiet).toEqual({ ok: true, body: { area: 'Spa', outcome: 'done', tellCustomer: false } });
  });
});
