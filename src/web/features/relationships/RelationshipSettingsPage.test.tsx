// @vitest-environment happy-dom
import { notifications } from '@mantine/notifications';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Role } from '../../../shared/contracts/common.js';
import type {
  ClassifierPreview,
  RelationshipType,
  RulesBook,
} from '../../../shared/contracts/relationships.js';
import {
  fill,
  jsonResponse,
  notFound,
  pages,
  renderAt,
  type SeenRequest,
  sessionFor,
  stubApi,
  validationProblem,
} from '../../test-utils.js';
import { RelationshipSettingsPage } from './RelationshipSettingsPage.js';
import { classifier, portfolio, rules, rulesBook, wire } from './test-fixtures.js';

beforeEach(() => {
  vi.spyOn(notifications, 'show').mockImplementation(() => 'n');
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

const PREVIEW: ClassifierPreview = {
  customers: 300,
  moved: 12,
  transitions: [
    { from: 'casual_friends', to: 'courtship', customers: 9 },
    { from: 'fling', to: 'courtship', customers: 3 },
  ],
  after: [],
};

interface Api {
  book?: RulesBook;
  /** Answers the writes (PUT, DELETE, POST); by default they succeed. */
  onWrite?: (req: SeenRequest) => Response | undefined;
}

function open(role: Role, api: Api = {}) {
  let book = api.book ?? rulesBook({ edited: ['enmity'] });
  const seen = stubApi((req) => {
    const answer = req.method === 'GET' ? undefined : api.onWrite?.(req);
    if (answer) return answer;
    if (req.path === '/relationships/rules') return jsonResponse(200, wire(book));
    if (req.path.startsWith('/relationships/rules/')) {
      const type = req.path.split('/').at(-1) as RelationshipType;
      const edited = book.edited.filter((t) => t !== type);
      book = { ...book, edited: req.method === 'PUT' ? [...edited, type] : edited };
      return jsonResponse(200, wire(book));
    }
    if (req.path === '/relationships/portfolio') return jsonResponse(200, wire(portfolio()));
    if (req.path === '/relationships/classifier/preview') return jsonResponse(200, wire(PREVIEW));
    if (req.path === '/relationships/classifier' && req.method === 'PUT') {
      return jsonResponse(200, wire(classifier({ version: 3 })));
    }
    if (req.path === '/relationships/classifier') return jsonResponse(200, wire(classifier()));
    return notFound();
  });
  renderAt(
    '/settings/relationships',
    pages(['/settings/relationships', RelationshipSettingsPage]),
    sessionFor(role),
  );
  return seen;
}

const writes = (seen: SeenRequest[]) => seen.filter((r) => r.method !== 'GET');

/** The error message Mantine shows under an input (its aria-describedby). */
function errorOf(input: HTMLElement): string | undefined {
  const ids = input.getAttribute('aria-describedby')?.split(' ') ?? [];
  return ids
    .map((id) => document.getElementById(id))
    .find((el) => el?.className.includes('error'))
    ?.textContent?.trim();
}

async function chooseType(name: string) {
  const table = await screen.findByRole('table', { name: 'Relationship types' });
  await userEvent.click(within(table).getByRole('button', { name }));
  return screen.findByRole('form', { name: `Rules for ${name}` });
}

describe('Contact rules', () => {
  it('lists every type with how many customers it has and whether its rules are edited', async () => {
    open('admin');
    const table = await screen.findByRole('table', { name: 'Relationship types' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(15);
    const row = (name: string) =>
      rows.find((r) => r.querySelector('button')?.textContent === name)?.textContent ?? '';
    await waitFor(() => expect(row('Casual friends')).toBe('Casual friends120Default'));
    expect(row('Marriage of convenience')).toBe('Marriage of convenience90Default');
    expect(row('Enmity')).toBe('Enmity30Edited');
    expect(row('Kinship')).toBe('Kinship0Default');
  });

  it('saves one type’s rules and says how many customers the change affects', async () => {
    const seen = open('admin');
    const form = await chooseType('Marriage of convenience');
    expect(form.textContent).toContain('90 customers have this type now.');
    expect(within(form).getByRole('button', { name: 'Save rules' }).hasAttribute('disabled')).toBe(true);
    const max = within(form).getByRole('textbox', { name: /^Contacts per 30 days/ });
    await userEvent.clear(max);
    await fill(max, '1');
    await userEvent.click(within(form).getByRole('checkbox', { name: 'Cross-sell' }));
    await userEvent.click(within(form).getByRole('button', { name: 'Save rules' }));
    await waitFor(() => expect(writes(seen)).toHaveLength(1));
    const put = writes(seen)[0]!;
    expect([put.method, put.path]).toEqual(['PUT', '/relationships/rules/marriage_of_convenience']);
    expect(put.body).toEqual({
      ...rules(),
      allowedPurposes: ['loyalty', 'service', 'transactional'],
      maxContactsPer30Days: 1,
    });
    expect(notifications.show).toHaveBeenCalledWith(
      expect.objectContaining({
        title: 'Contact rules saved',
        message: 'Marriage of convenience: in force for the next contact. It applies to 90 customers.',
      }),
    );
    // The table marks the type as edited now.
    const table = screen.getByRole('table', { name: 'Relationship types' });
    await waitFor(() => expect(within(table).getAllByText('Edited')).toHaveLength(2));
  });

  it('says what is wrong before sending, and puts the server’s messages under their inputs', async () => {
    const seen = open('admin', {
      onWrite: () =>
        validationProblem([{ path: 'body.avoid.1', message: 'is not a tag this workspace uses' }]),
    });
    const form = await chooseType('Courtship');
    for (const purpose of ['Cross-sell', 'Loyalty', 'Service', 'Transactional']) {
      await userEvent.click(within(form).getByRole('checkbox', { name: purpose }));
    }
    await userEvent.clear(within(form).getByRole('textbox', { name: /^Guidance for staff/ }));
    await userEvent.click(within(form).getByRole('button', { name: 'Save rules' }));
    expect(form.textContent).toContain('allow at least one purpose (service, say)');
    expect(errorOf(within(form).getByRole('textbox', { name: /^Guidance for staff/ }))).toBe(
      'say in a sentence what staff should do',
    );
    expect(writes(seen)).toHaveLength(0);

    await userEvent.click(within(form).getByRole('checkbox', { name: 'Service' }));
    await fill(within(form).getByRole('textbox', { name: /^Guidance for staff/ }), 'Go gently.');
    const avoid = within(form)
      .getAllByLabelText(/^Content to avoid/)
      .find((el) => el instanceof HTMLInputElement && el.type !== 'hidden')!;
    await fill(avoid, 'pressure');
    fireEvent.keyDown(avoid, { key: 'Enter' });
    await userEvent.click(within(form).getByRole('button', { name: 'Save rules' }));
    await waitFor(() => expect(errorOf(avoid)).toBe('is not a tag this workspace uses'));
    expect(writes(seen)[0]?.body).toMatchObject({
      allowedPurposes: ['service'],
      avoid: ['friendship_talk', 'pressure'],
    });
    expect(notifications.show).not.toHaveBeenCalled();
  });

  it('resets an edited type to the default after asking', async () => {
    const seen = open('admin');
    const plain = await chooseType('Courtship');
    expect(within(plain).getByRole('button', { name: 'Reset to default' }).hasAttribute('disabled')).toBe(
      true,
    );
    const form = await chooseType('Enmity');
    await userEvent.click(within(form).getByRole('button', { name: 'Reset to default' }));
    const dialog = await screen.findByRole('dialog', { name: 'Reset the rules of Enmity?' });
    expect(dialog.textContent).toContain('It applies to 30 customers.');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Reset to default' }));
    await waitFor(() => expect(writes(seen)).toHaveLength(1));
    expect([writes(seen)[0]?.method, writes(seen)[0]?.path]).toEqual([
      'DELETE',
      '/relationships/rules/enmity',
    ]);
  });
});

describe('Scoring model', () => {
  const cell = (name: string) => screen.getByRole('textbox', { name });

  it('shows bias and weights per type × feature, previews an edit, then saves it as the next version', async () => {
    const seen = open('admin');
    const newness = await screen.findByRole('textbox', { name: 'Courtship: new to us' });
    expect((newness as HTMLInputElement).value).toBe('4');
    expect((cell('Courtship: bias') as HTMLInputElement).value).toBe('-1');
    expect((cell('Courtship: a long history with us') as HTMLInputElement).value).toBe('');
    expect(screen.getByText('Scoring model · version 2')).toBeTruthy();

    await userEvent.clear(newness);
    await fill(newness, '6');
    await fill(cell('Casual friends: new to us'), '0.5');
    expect(screen.getByText('2 types changed')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Preview' }));
    const preview = await screen.findByRole('status', { name: 'Preview' });
    expect(within(preview).getByText('12 of 300 customers would change type')).toBeTruthy();
    const moves = within(within(preview).getByRole('table', { name: 'Largest moves' }))
      .getAllByRole('row')
      .slice(1)
      .map((r) => r.textContent);
    expect(moves).toEqual(['Casual friendsCourtship9', 'FlingCourtship3']);
    const posted = seen.find((r) => r.path === '/relationships/classifier/preview')!.body as {
      types: Record<string, { bias: number; weights: Record<string, number> }>;
    };
    expect(posted.types.courtship).toEqual({ bias: -1, weights: { newness: 6 } });
    expect(posted.types.casual_friends).toEqual({ bias: -1, weights: { newness: 0.5 } });

    await fill(screen.getByRole('textbox', { name: /^Note/ }), 'newer customers court');
    // An edit after the preview makes it stale.
    expect(screen.queryByRole('status', { name: 'Preview' })).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Save as version 3' }));
    await waitFor(() => expect(seen.some((r) => r.method === 'PUT')).toBe(true));
    expect(seen.find((r) => r.method === 'PUT')?.body).toMatchObject({
      note: 'newer customers court',
      surveyWeight: 4,
    });
    expect(notifications.show).toHaveBeenCalledWith(
      expect.objectContaining({ title: 'Scoring model saved as version 3' }),
    );
  });

  it('says which cell is wrong, before sending and from the server', async () => {
    const seen = open('admin', {
      onWrite: (req) =>
        req.path === '/relationships/classifier/preview'
          ? validationProblem([{ path: 'body.types.fling.weights.tenure', message: 'must be at most 20' }])
          : undefined,
    });
    const bias = await screen.findByRole('textbox', { name: 'Enmity: bias' });
    await userEvent.clear(bias);
    await userEvent.click(screen.getByRole('button', { name: 'Preview' }));
    expect(bias.getAttribute('aria-invalid')).toBe('true');
    expect(bias.getAttribute('title')).toBe('Enmity: bias: is required');
    expect(screen.getByText('One value needs correcting before a preview or a save.')).toBeTruthy();
    expect(writes(seen)).toHaveLength(0);

    await fill(bias, '-1.5');
    await fill(cell('Fling: a long history with us'), '25');
    await userEvent.click(screen.getByRole('button', { name: 'Preview' }));
    // The contract's bound is checked in the browser too.
    expect(cell('Fling: a long history with us').getAttribute('aria-invalid')).toBe('true');
    expect(writes(seen)).toHaveLength(0);

    await userEvent.clear(cell('Fling: a long history with us'));
    await fill(cell('Fling: a long history with us'), '15');
    await userEvent.click(screen.getByRole('button', { name: 'Preview' }));
    await waitFor(() =>
      expect(cell('Fling: a long history with us').getAttribute('title')).toBe(
        'Fling: a long history with us: must be at most 20',
      ),
    );
  });
});

describe('Relationship settings for non-admins', () => {
  it('are read-only', async () => {
    const seen = open('manager');
    expect(
      await screen.findByText('Only admins can change the contact rules and the scoring model.'),
    ).toBeTruthy();
    const bias = await screen.findByRole('textbox', { name: 'Courtship: bias' });
    expect((bias as HTMLInputElement).disabled).toBe(true);
    expect(screen.queryByRole('button', { name: 'Save rules' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Preview' })).toBeNull();
    expect(seen.every((r) => r.method === 'GET')).toBe(true);
  });
});
