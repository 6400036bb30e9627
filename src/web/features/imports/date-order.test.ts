import { describe, expect, it } from 'vitest';
import { dateOrderProof } from './date-order.js';
import { planColumns } from './mapping.js';

const rows = (...values: string[][]) => values.map((cells) => ({ cells }));

describe('dateOrderProof', () => {
  const plan = planColumns('orders', ['order_id', 'InvoiceDate', 'Notes'], {});

  it('finds a month-first date by a second number above 12', () => {
    const proof = dateOrderProof(
      'orders',
      plan,
      rows(['1', '12/01/2010 08:26', ''], ['2', '12/13/2010 09:00', '']),
    );
    expect(proof).toEqual({ dmy: null, mdy: { column: 'InvoiceDate', value: '12/13/2010 09:00' } });
  });

  it('finds a day-first date by a first number above 12', () => {
    expect(dateOrderProof('orders', plan, rows(['1', '31.12.2024', ''])).dmy?.value).toBe('31.12.2024');
  });

  it('proves nothing from ambiguous, ISO or non-date values', () => {
    const proof = dateOrderProof(
      'orders',
      plan,
      rows(['1', '03/04/2024', ''], ['2', '2024-04-13', ''], ['3', 'soon', '']),
    );
    expect(proof).toEqual({ dmy: null, mdy: null });
  });

  it('looks only at columns mapped to date fields', () => {
    const proof = dateOrderProof('orders', plan, rows(['13/01/2024', '03/04/2024', '12/31/2024']));
    expect(proof).toEqual({ dmy: null, mdy: null });
  });

  it('reports both when the file mixes them', () => {
    const customers = planColumns('customers', ['email', 'dob'], {});
    const proof = dateOrderProof(
      'customers',
      customers,
      rows(['a@x.io', '25/12/1980'], ['b@x.io', '12/25/1980']),
    );
    expect(proof.dmy?.value).toBe('25/12/1980');
    expect(proof.mdy?.value).toBe('12/25/1980');
  });
});
