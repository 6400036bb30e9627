import { describe, expect, it } from 'vitest';
import { IMPORT_FIELD_ALIASES, IMPORT_KINDS } from '../../../shared/contracts/imports.js';
import { FIELD_LABELS } from './import-fields.js';
import {
  AUTO,
  automaticTarget,
  choiceKey,
  fieldsOf,
  IGNORE,
  ignoredColumns,
  mappingOverrides,
  mappingProblems,
  planColumns,
} from './mapping.js';

describe('automaticTarget', () => {
  it('maps every alias of the shared table to its field, however it is written', () => {
    for (const kind of IMPORT_KINDS) {
      for (const [field, aliases] of Object.entries(IMPORT_FIELD_ALIASES[kind])) {
        for (const alias of aliases as readonly string[]) {
          expect(automaticTarget(kind, alias)).toEqual({ type: 'field', field });
          const shouted = alias.toUpperCase().replace(/_/g, ' ');
          expect(automaticTarget(kind, shouted)).toEqual({ type: 'field', field });
        }
      }
    }
  });

  it('ignores case, spaces, underscores, hyphens, dots and a BOM', () => {
    expect(automaticTarget('customers', 'E-mail Address')).toEqual({ type: 'field', field: 'email' });
    expect(automaticTarget('customers', '\uFEFFFirst.Name')).toEqual({ type: 'field', field: 'given_name' });
    expect(automaticTarget('orders', 'InvoiceNo')).toEqual({ type: 'field', field: 'order_id' });
    expect(automaticTarget('orders', 'UnitPrice')).toEqual({ type: 'field', field: 'unit_price' });
  });

  it('reads numbered e-mail and phone columns as more of them (customers only)', () => {
    expect(automaticTarget('customers', 'email_2')).toEqual({ type: 'field', field: 'email' });
    expect(automaticTarget('customers', 'Phone 3')).toEqual({ type: 'field', field: 'phone' });
    expect(automaticTarget('customers', 'city2')).toEqual({ type: 'extra' });
    expect(automaticTarget('orders', 'email2')).toEqual({ type: 'ignored', reason: 'not-kept' });
  });

  it('keeps unknown columns as custom attributes, except in orders', () => {
    expect(automaticTarget('customers', 'Room preference')).toEqual({ type: 'extra' });
    expect(automaticTarget('touchpoints', 'room')).toEqual({ type: 'extra' });
    expect(automaticTarget('orders', 'room')).toEqual({ type: 'ignored', reason: 'not-kept' });
  });

  it('leaves out the columns of Rapport’s own export and columns without a header', () => {
    expect(automaticTarget('customers', 'rapport_id')).toEqual({ type: 'ignored', reason: 'export-only' });
    expect(automaticTarget('customers', 'created_at')).toEqual({ type: 'ignored', reason: 'export-only' });
    expect(automaticTarget('customers', '  ')).toEqual({ type: 'ignored', reason: 'no-header' });
  });

  it('depends on the kind: `email` is the customer’s e-mail in orders', () => {
    expect(automaticTarget('orders', 'email')).toEqual({ type: 'field', field: 'customer_email' });
    expect(automaticTarget('orders', 'external_id')).toEqual({ type: 'field', field: 'order_id' });
  });
});

describe('planColumns and mappingOverrides', () => {
  const headers = ['Mail', 'Given', 'Notes', 'rapport_id', ''];

  it('sends no mapping when every column stays automatic', () => {
    const plan = planColumns('customers', headers, {});
    expect(plan.map((c) => c.choice)).toEqual([AUTO, AUTO, AUTO, AUTO, AUTO]);
    expect(plan.map((c) => c.target)).toEqual([
      { type: 'field', field: 'email' },
      { type: 'extra' },
      { type: 'extra' },
      { type: 'ignored', reason: 'export-only' },
      { type: 'ignored', reason: 'no-header' },
    ]);
    expect(mappingOverrides(plan)).toEqual({});
  });

  it('sends only the choices that change what the server would do, by header as written', () => {
    const plan = planColumns('customers', headers, {
      [choiceKey('Mail')]: 'email', // what automatic does anyway
      [choiceKey('Given')]: 'given_name',
      [choiceKey('Notes')]: IGNORE,
      [choiceKey('rapport_id')]: IGNORE, // ignored anyway
    });
    expect(plan[1]?.target).toEqual({ type: 'field', field: 'given_name' });
    expect(plan[2]?.target).toEqual({ type: 'ignored', reason: 'chosen' });
    expect(mappingOverrides(plan)).toEqual({ Given: 'given_name', Notes: null });
  });

  it('sends a field for a column the server would have left out', () => {
    const plan = planColumns('customers', ['rapport_id'], { rapportid: 'external_id' });
    expect(mappingOverrides(plan)).toEqual({ rapport_id: 'external_id' });
  });

  it('treats a choice naming no field of the kind as automatic', () => {
    const plan = planColumns('orders', ['Mail'], { mail: 'given_name' });
    expect(plan[0]?.choice).toBe(AUTO);
    expect(mappingOverrides(plan)).toEqual({});
  });

  it('applies one choice to every column of the same name, as the server does', () => {
    const plan = planColumns('customers', ['Notes', 'notes'], { notes: IGNORE });
    expect(plan.map((c) => c.target.type)).toEqual(['ignored', 'ignored']);
  });

  it('lists the columns the import will not keep', () => {
    const plan = planColumns('orders', ['order_id', 'Room', 'Notes', ''], { notes: IGNORE });
    expect(ignoredColumns(plan)).toEqual(['Room', 'Notes']);
  });
});

describe('mappingProblems', () => {
  it('finds a customer file with none of external id, e-mail and phone', () => {
    const plan = planColumns('customers', ['first_name', 'last_name'], {});
    expect(mappingProblems('customers', plan).missing).toEqual([['external_id', 'email', 'phone']]);
    const fixed = planColumns('customers', ['first_name', 'Contact'], { contact: 'phone' });
    expect(mappingProblems('customers', fixed).missing).toEqual([]);
  });

  it('notices when ignoring a column removes the only key', () => {
    const plan = planColumns('customers', ['email', 'name'], { email: IGNORE });
    expect(mappingProblems('customers', plan).missing).toHaveLength(1);
  });

  it('lists each missing requirement of an orders file', () => {
    const plan = planColumns('orders', ['order_id', 'price'], {});
    expect(mappingProblems('orders', plan).missing).toEqual([
      ['customer_external_id', 'customer_email'],
      ['occurred_at'],
    ]);
  });

  it('finds two columns mapped to a one-column field, but allows several e-mails', () => {
    const plan = planColumns('customers', ['email', 'email_2', 'name', 'Full'], { full: 'full_name' });
    expect(mappingProblems('customers', plan).duplicates).toEqual([
      { field: 'full_name', headers: ['name', 'Full'] },
    ]);
  });
});

describe('field table', () => {
  it('has a label for every field and no field named like a choice', () => {
    for (const kind of IMPORT_KINDS) {
      for (const field of fieldsOf(kind)) {
        expect((FIELD_LABELS[kind] as Record<string, string>)[field]).toBeTruthy();
        expect([AUTO, IGNORE]).not.toContain(field);
      }
    }
  });
});
