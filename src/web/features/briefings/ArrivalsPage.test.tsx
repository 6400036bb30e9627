// @vitest-environment happy-dom

import { createRoute, Outlet } from '@tanstack/react-router';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Briefing, BriefingEntry } from '../../../shared/contracts/briefings.js';
import type { Role } from '../../../shared/contracts/common.js';
import { addDays, dayInZone } from '../../../shared/zoned-day.js';
import { setCsrfToken } from '../../lib/api.js';
import {
  jsonResponse,
  problemResponse,
  renderAt,
  type SeenRequest,
  sessionFor,
  stubApi,
} from '../../test-utils.js';
import { ArrivalsPage } from './ArrivalsPage.js';
import { ArrivalsSearch } from './arrivals.search.js';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  setCsrfToken(null);
});

const HOTEL = 'Harbour & Vine Covent Garden, London';
const SPA = 'Harbour & Vine Spa, Amalfi';
const TODAY = dayInZone(new Date(), 'Europe/London');
const RITA = '01938e77-0000-7000-8000-0000000000c1';
const NINA = '01938e77-0000-7000-8000-0000000000c2';
const V1 = '01938e77-0000-7000-8000-0000000000e1';
const V2 = '01938e77-0000-7000-8000-0000000000e2';
const SARA = '01938e77-0000-7000-8000-0000000000c3';
const V3 = '01938e77-0000-7000-8000-0000000000e3';
const PARTNER_GUIDANCE =
  'Long-term and chosen: recognise their loyalty, reply to their suggestions personally, keep promises.';
const AFFAIR_GUIDANCE =
  'Private and discreet: nothing that others could see; no social features, no post at home.';
const OPEN_COMPLAINT = 'The customer has an open complaint: Complaint about noise at night';

const entry = (over: Partial<BriefingEntry> & Pick<BriefingEntry, 'customer'>): BriefingEntry => ({
  visit: {
    id: V1,
    startsAt: new Date('2026-07-01T14:00:00Z'),
    endsAt: null,
    type: 'booking',
    status: 'booked',
    location: HOTEL,
    properties: {},
  },
  messages: [],
  relationship: null,
  noMessageReason: null,
  ...over,
});

function briefing(date = TODAY, entries?: BriefingEntry[]): Briefing {
  return {
    date,
    location: HOTEL,
    timeZone: 'Europe/London',
    entries: entries ?? [
      entry({
        customer: { id: RITA, fullName: 'Rita Regular' },
        visit: {
          id: V1,
          startsAt: new Date('2026-07-01T14:00:00Z'),
          endsAt: null,
          type: 'booking',
          status: 'confirmed',
          location: HOTEL,
          properties: { roomType: 'Suite', nights: 2, guests: 2 },
        },
        messages: [
          {
            kind: 'milestone',
            text: '10th stay with us',
            attention: false,
            evidence: { sources: ['touchpoints'], ids: [], count: 9, outOf: null },
            myFeedback: null,
            caution: OPEN_COMPLAINT,
          },
          {
            kind: 'last_complaint',
            text: 'Complaint about noise at night from 1 May 2026 is not resolved yet',
            attention: true,
            evidence: { sources: ['touchpoints'], ids: [], count: 1, outOf: null },
            myFeedback: true,
            caution: null,
          },
        ],
        relationship: {
          type: 'committed_partnership',
          tone: 'warm_personal',
          guidance: PARTNER_GUIDANCE,
          stage: 'maturity',
        },
      }),
      entry({
        customer: { id: NINA, fullName: 'Nina New' },
        visit: {
          id: V2,
          startsAt: new Date('2026-07-01T16:30:00Z'),
          endsAt: null,
          type: 'booking',
          status: 'booked',
          location: HOTEL,
          properties: {},
        },
        relationship: null,
        noMessageReason: 'new_customer',
      }),
    ],
    summary: {
      visits: 2,
      customers: 2,
      customersWithMessage: 1,
      messages: 2,
      messagesPerCustomer: 1,
      withoutMessage: { new_customer: 1, consent_refused: 0, thin_history: 0, relationship_rules: 0 },
      byKind: {
        milestone: 1,
        preference: 0,
        last_complaint: 1,
        prefers_human: 0,
        front_line_note: 0,
        avoid: 0,
      },
      text: '1 of 2 guests has a message; 1 without: 1 first visit',
    },
  };
}

const LOCATIONS = {
  items: [
    { location: HOTEL, upcoming: 12 },
    { location: SPA, upcoming: 3 },
  ],
};

function renderArrivals(role: Role, path = '/arrivals') {
  return renderAt(
    path,
    (root) => {
      const app = createRoute({ getParentRoute: () => root, id: 'app', component: Outlet });
      const page = createRoute({
        getParentRoute: () => app,
        path: '/arrivals',
        validateSearch: ArrivalsSearch,
        component: ArrivalsPage,
      });
      const customer = createRoute({
        getParentRoute: () => app,
        path: '/customers/$customerId',
        component: () => null,
      });
      const importPage = createRoute({ getParentRoute: () => app, path: '/import', component: () => null });
      return [app.addChildren([page, customer, importPage])];
    },
    sessionFor(role),
  );
}

/** The API as the page uses it; `feedback` answers the feedback POST. */
function api(
  opts: {
    locations?: unknown;
    briefing?: (req: SeenRequest) => Response;
    feedback?: () => Response | undefined;
  } = {},
) {
  return stubApi((req) => {
    if (req.path === '/visits/locations') return jsonResponse(200, opts.locations ?? LOCATIONS);
    if (req.path === '/briefings' && req.method === 'GET') {
      return opts.briefing?.(req) ?? jsonResponse(200, briefing(req.query.get('date') ?? TODAY));
    }
    if (req.path === '/briefings/feedback') {
      return (
        opts.feedback?.() ??
        jsonResponse(200, {
          ...(req.body as object),
          userId: 'u1',
          createdAt: new Date().toISOString(),
          updatedAt: new Date().toISOString(),
        })
      );
    }
    return problemResponse(404, 'NOT_FOUND', 'Not found');
  });
}

const card = (name: string) => screen.getByRole('article', { name: new RegExp(name) });

describe('ArrivalsPage', () => {
  it("shows today's arrivals at the busiest location: a card per guest with messages and the summary", async () => {
    const seen = api();
    renderArrivals('agent');
    expect(await screen.findByText('Rita Regular', {}, { timeout: 5000 })).toBeTruthy();
    const asked = seen.find((r) => r.path === '/briefings');
    expect(asked?.query.get('location')).toBe(HOTEL);
    expect(asked?.query.get('date')).toBe(TODAY);
    expect(screen.getByRole('heading', { name: "Today's arrivals" })).toBeTruthy();
    expect(screen.getByText('1 of 2 guests has a message; 1 without: 1 first visit')).toBeTruthy();

    const rita = card('Rita Regular');
    expect(within(rita).getByText('15:00')).toBeTruthy();
    expect(within(rita).getByText('Suite · 2 nights · 2 guests')).toBeTruthy();
    expect(within(rita).getByText('confirmed')).toBeTruthy();
    expect(within(rita).getByRole('link', { name: 'Rita Regular' }).getAttribute('href')).toBe(
      `/customers/${RITA}`,
    );
    const milestone = within(rita).getByRole('group', { name: 'Milestone: 10th stay with us' });
    expect(within(milestone).getByText('Milestone')).toBeTruthy();
    expect(within(milestone).getByRole('button', { name: 'Useful' }).getAttribute('aria-pressed')).toBe(
      'false',
    );
    const complaint = within(rita).getByRole('group', { name: /^Last complaint:/ });
    expect(within(complaint).getByLabelText('Needs care')).toBeTruthy();
    expect(within(complaint).getByRole('button', { name: 'Useful' }).getAttribute('aria-pressed')).toBe(
      'true',
    );

    const nina = card('Nina New');
    expect(within(nina).getByText('17:30')).toBeTruthy();
    expect(within(nina).getByText('First visit: no history with us yet.')).toBeTruthy();
    expect(within(nina).queryByRole('button', { name: 'Useful' })).toBeNull();
  });

  it("shows how to behave with each guest, and a message's caution under that message", async () => {
    api();
    renderArrivals('agent');
    await screen.findByText('Rita Regular', {}, { timeout: 5000 });

    const rita = card('Rita Regular');
    const relationship = within(rita).getByRole('group', { name: 'Relationship: Committed partnership' });
    expect(within(relationship).getByText('Committed partnership')).toBeTruthy();
    expect(within(relationship).getByText('Tone: Warm and personal')).toBeTruthy();
    expect(within(relationship).getByText('Maturity')).toBeTruthy();
    expect(within(relationship).getByText(PARTNER_GUIDANCE)).toBeTruthy();
    expect(within(relationship).queryByText('Be discreet')).toBeNull();

    const milestone = within(rita).getByRole('group', { name: 'Milestone: 10th stay with us' });
    expect(within(milestone).getByText(OPEN_COMPLAINT, { exact: false })).toBeTruthy();
    expect(within(milestone).getByText('Caution:')).toBeTruthy();
    const complaint = within(rita).getByRole('group', { name: /^Last complaint:/ });
    expect(within(complaint).queryByText('Caution:')).toBeNull();
    expect(within(complaint).queryByText(OPEN_COMPLAINT, { exact: false })).toBeNull();

    const nina = card('Nina New');
    expect(within(nina).queryByRole('group', { name: /^Relationship:/ })).toBeNull();
    expect(within(nina).queryByText(PARTNER_GUIDANCE)).toBeNull();
    expect(within(nina).queryByText(/^Tone:/)).toBeNull();
  });

  it('tells the desk to be discreet when relationship rules hold every message back', async () => {
    const sara = entry({
      customer: { id: SARA, fullName: 'Sara Secret' },
      visit: {
        id: V3,
        startsAt: new Date('2026-07-01T18:00:00Z'),
        endsAt: null,
        type: 'booking',
        status: 'booked',
        location: HOTEL,
        properties: {},
      },
      relationship: { type: 'secret_affair', tone: 'discreet', guidance: AFFAIR_GUIDANCE, stage: null },
      noMessageReason: 'relationship_rules',
    });
    api({ briefing: (req) => jsonResponse(200, briefing(req.query.get('date') ?? TODAY, [sara])) });
    renderArrivals('agent');
    await screen.findByText('Sara Secret', {}, { timeout: 5000 });

    const saraCard = card('Sara Secret');
    expect(
      within(saraCard).getByText('Nothing to say aloud: their relationship rules hold it back.'),
    ).toBeTruthy();
    const relationship = within(saraCard).getByRole('group', { name: 'Relationship: Secret affair' });
    expect(within(relationship).getByText('Secret affair')).toBeTruthy();
    expect(within(relationship).getByText('Be discreet')).toBeTruthy();
    expect(within(relationship).getByText(AFFAIR_GUIDANCE)).toBeTruthy();
    expect(within(saraCard).queryByRole('group', { name: /^Milestone/ })).toBeNull();
    expect(within(saraCard).queryByRole('button', { name: 'Useful' })).toBeNull();
  });

  it('sends feedback with a thumb, shows it at once, and takes it back when the server refuses', async () => {
    let refuse = false;
    const seen = api({
      feedback: () =>
        refuse ? problemResponse(403, 'FORBIDDEN', 'Your role does not allow this') : undefined,
    });
    const user = userEvent.setup({ delay: null });
    renderArrivals('agent');
    await screen.findByText('Rita Regular', {}, { timeout: 5000 });
    const milestone = within(card('Rita Regular')).getByRole('group', { name: /^Milestone/ });
    await user.click(within(milestone).getByRole('button', { name: 'Useful' }));
    await waitFor(() =>
      expect(within(milestone).getByRole('button', { name: 'Useful' }).getAttribute('aria-pressed')).toBe(
        'true',
      ),
    );
    const sent = seen.filter((r) => r.path === '/briefings/feedback');
    expect(sent.map((r) => [r.method, r.body])).toEqual([
      ['POST', { visitId: V1, kind: 'milestone', useful: true }],
    ]);

    refuse = true;
    await user.click(within(milestone).getByRole('button', { name: 'Not useful' }));
    await waitFor(() => expect(seen.filter((r) => r.path === '/briefings/feedback')).toHaveLength(2));
    await waitFor(() =>
      expect(within(milestone).getByRole('button', { name: 'Not useful' }).getAttribute('aria-pressed')).toBe(
        'false',
      ),
    );
    expect(within(milestone).getByRole('button', { name: 'Useful' }).getAttribute('aria-pressed')).toBe(
      'true',
    );
  });

  it('moves between days and locations, keeping them in the URL', async () => {
    const seen = api();
    const user = userEvent.setup({ delay: null });
    const { router } = renderArrivals('manager');
    await screen.findByText('Rita Regular', {}, { timeout: 5000 });
    await user.click(screen.getByRole('button', { name: 'Next day' }));
    const tomorrow = addDays(TODAY, 1);
    await waitFor(() => expect(router.state.location.search).toMatchObject({ date: tomorrow }));
    await waitFor(() =>
      expect(seen.some((r) => r.path === '/briefings' && r.query.get('date') === tomorrow)).toBe(true),
    );
    expect(screen.getByRole('heading', { name: 'Arrivals' })).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Today' }));
    await waitFor(() => expect(router.state.location.search).toEqual({}));
  });

  it('opens the location and day of its URL', async () => {
    const seen = api();
    renderArrivals('agent', `/arrivals?date=2026-05-04&location=${encodeURIComponent(SPA)}`);
    await screen.findByText('Rita Regular', {}, { timeout: 5000 });
    const asked = seen.find((r) => r.path === '/briefings');
    expect([asked?.query.get('date'), asked?.query.get('location')]).toEqual(['2026-05-04', SPA]);
    expect(screen.getByText(`${SPA} · Monday, 4 May 2026`)).toBeTruthy();
  });

  it('lets an analyst read the briefing without thumbs', async () => {
    api();
    renderArrivals('analyst');
    await screen.findByText('Rita Regular', {}, { timeout: 5000 });
    expect(screen.queryAllByRole('button', { name: 'Useful' })).toHaveLength(0);
  });

  it('says so when nothing is booked, nobody arrives, or the briefing fails', async () => {
    api({ locations: { items: [] } });
    renderArrivals('admin');
    expect(await screen.findByText('No visits booked yet', {}, { timeout: 5000 })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Import visits' })).toBeTruthy();
    cleanup();

    api({ briefing: () => jsonResponse(200, briefing(TODAY, [])) });
    renderArrivals('agent');
    expect(await screen.findByText(`No arrivals at ${HOTEL}`, {}, { timeout: 5000 })).toBeTruthy();
    cleanup();

    let fail = true;
    api({
      briefing: (req) =>
        fail
          ? problemResponse(500, 'INTERNAL', 'Something went wrong on our side')
          : jsonResponse(200, briefing(req.query.get('date') ?? TODAY)),
    });
    const user = userEvent.setup({ delay: null });
    renderArrivals('agent');
    const alert = await screen.findByRole('alert', {}, { timeout: 5000 });
    expect(alert.textContent).toContain('Something went wrong on our side');
    fail = false;
    await user.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('Rita Regular')).toBeTruthy();
  });
});
