import {
  type BusinessCalendar,
  type CaseSla,
  CaseSlaSettings,
  type CaseSlaSettingsInput,
  type CaseSlaSettingsOut,
  type SlaPolicy,
  type SlaState,
} from '../../../shared/contracts/case-sla.js';
import { CASE_SEVERITIES } from '../../../shared/contracts/cases.js';
import type { RelationshipType } from '../../../shared/contracts/relationships.js';
import type { ValueTier } from '../../../shared/contracts/value.js';
import type { Actor } from '../../lib/actor.js';
import { AppError } from '../../lib/app-error.js';
import type { Clock } from '../../lib/clock.js';
import type { AuditLog } from '../audit/audit.service.js';
import { requirePermission } from '../auth/auth.policy.js';
import type { WorkspacesService } from '../workspaces/workspaces.service.js';
import type { CasesService } from './cases.service.js';
import { officeHours, validateCalendar } from './core/business-time.js';
import { choosePolicy, type SlaPolicy as EnginePolicy, evaluateSla } from './core/sla.js';

/** The workspace settings section the SLA policies and calendars live in. */
const SETTINGS_KEY = 'caseSla';

/**
 * The shipped policies, in business minutes (an 8-hour day): a standard one for every case; a
 * faster one for the most valuable customers; the fastest for a customer whose relationship is
 * enmity, where senior, quick service comes first (PRODUCT.md §2 and §4: recovery is worth most
 * when it is fast).
 */
export const DEFAULT_SLA_POLICIES: readonly SlaPolicy[] = [
  {
    id: 'standard',
    name: 'Standard',
    targets: {
      low: { first_response: 480, next_response: 960, resolution: 2400 },
      normal: { first_response: 240, next_response: 480, resolution: 1440 },
      high: { first_response: 60, next_response: 240, resolution: 480 },
      urgent: { first_response: 30, next_response: 60, resolution: 240 },
    },
    warnAtShare: 0.75,
    priority: 0,
  },
  {
    id: 'top-customers',
    name: 'Top customers',
    targets: {
      low: { first_response: 240, next_response: 480, resolution: 1440 },
      normal: { first_response: 120, next_response: 240, resolution: 960 },
      high: { first_response: 30, next_response: 120, resolution: 480 },
      urgent: { first_response: 15, next_response: 30, resolution: 240 },
    },
    warnAtShare: 0.75,
    match: { valueTiers: ['top'] },
    priority: 10,
  },
  {
    id: 'recovery',
    name: 'Recovery (enmity)',
    targets: {
      low: { first_response: 60, next_response: 120, resolution: 960 },
      normal: { first_response: 60, next_response: 120, resolution: 960 },
      high: { first_response: 30, next_response: 60, resolution: 480 },
      urgent: { first_response: 15, next_response: 30, resolution: 240 },
    },
    warnAtShare: 0.6,
    match: { relationshipTypes: ['enmity'] },
    priority: 20,
  },
];

const RUNNING_RANK: Partial<Record<SlaState, number>> = { breached: 4, warning: 3, on_track: 2, paused: 1 };

/** The worst running state of a case's timers, else whether any was missed; null without timers. */
export function overallState(states: readonly SlaState[]): SlaState | null {
  let worst: SlaState | null = null;
  for (const s of states) {
    if ((RUNNING_RANK[s] ?? 0) > (worst ? (RUNNING_RANK[worst] ?? 0) : 0)) worst = s;
  }
  if (worst) return worst;
  if (states.includes('missed')) return 'missed';
  if (states.includes('met')) return 'met';
  return states.length ? 'not_started' : null;
}

/** The engine's policy: every severity present (none left out means no targets for it). */
function toEngine(policy: SlaPolicy): EnginePolicy {
  const targets = Object.fromEntries(CASE_SEVERITIES.map((s) => [s, policy.targets[s] ?? {}]));
  return { ...policy, targets: targets as EnginePolicy['targets'] };
}

/**
 * SLA policies and business calendars per workspace, and where each case's timers stand. The
 * timers are derived from the case's history whenever asked, so a change of severity, team or
 * policy is reflected at once.
 */
export function createCaseSlaService(deps: {
  workspaces: Pick<WorkspacesService, 'setting' | 'putSetting' | 'findById'>;
  cases: Pick<CasesService, 'get' | 'slaHistory'>;
  relationships: {
    typeAndTier(
      actor: Actor,
      customerId: string,
    ): Promise<{ type: RelationshipType | null; valueTier: ValueTier | null }>;
  };
  audit: AuditLog;
  clock: Clock;
}) {
  async function defaults(workspaceId: string): Promise<CaseSlaSettings> {
    const ws = await deps.workspaces.findById(workspaceId);
    if (!ws) throw new AppError('WORKSPACE_NOT_FOUND', { id: workspaceId });
    return {
      policies: DEFAULT_SLA_POLICIES.map((p) => structuredClone(p)),
      calendars: { default: officeHours(ws.timeZone) as BusinessCalendar, byLocation: {} },
    };
  }

  async function settingsOf(workspaceId: string): Promise<CaseSlaSettingsOut> {
    const stored = CaseSlaSettings.safeParse(await deps.workspaces.setting(workspaceId, SETTINGS_KEY));
    return stored.success
      ? { ...stored.data, customised: true }
      : { ...(await defaults(workspaceId)), customised: false };
  }

  return {
    async getSettings(actor: Actor): Promise<CaseSlaSettingsOut> {
      requirePermission(actor, 'crm:read');
      return settingsOf(actor.workspaceId);
    },

    /** Replaces the policies and calendars (admins; audited); `null` goes back to the defaults. */
    async putSettings(actor: Actor, input: CaseSlaSettingsInput | null): Promise<CaseSlaSettingsOut> {
      requirePermission(actor, 'workspace:manage');
      const before = await settingsOf(actor.workspaceId);
      let next: CaseSlaSettings | null = null;
      if (input !== null) {
        next = CaseSlaSettings.parse(input);
        const calendars: [string, BusinessCalendar][] = [
          ['body.calendars.default', next.calendars.default],
          ...Object.entries(next.calendars.byLocation).map(
            ([location, c]) => [`body.calendars.byLocation.${location}`, c] as [string, BusinessCalendar],
          ),
        ];
        const problems = calendars.flatMap(([path, c]) =>
          validateCalendar(c).map((p) => ({ path: `${path}.${p.path}`, message: p.message })),
        );
        if (problems.length) {
          throw new AppError(
            'VALIDATION_FAILED',
            {},
            problems,
            `${problems[0]!.path}: ${problems[0]!.message}`,
          );
        }
      }
      await deps.workspaces.putSetting(actor.workspaceId, SETTINGS_KEY, next ?? undefined);
      const after = await settingsOf(actor.workspaceId);
      await deps.audit.record(actor, {
        action: next ? 'case.sla_settings' : 'case.sla_settings_reset',
        entityType: 'workspace',
        entityId: actor.workspaceId,
        before: { policies: before.policies.map((p) => p.id), customised: before.customised },
        after: { policies: after.policies.map((p) => p.id), customised: after.customised },
      });
      return after;
    },

    /**
     * Every target of the case's policy for its severity, counted in the calendar of its
     * location (else the default), as of now: due times, business minutes used and left, and
     * on track / warning / breached / paused / met / missed. The policy is chosen by severity,
     * the customer's value tier and relationship type.
     */
    async forCase(actor: Actor, caseId: string): Promise<CaseSla> {
      requirePermission(actor, 'crm:read');
      const found = await deps.cases.get(actor, caseId);
      const [settings, history, facts] = await Promise.all([
        settingsOf(actor.workspaceId),
        deps.cases.slaHistory(actor, caseId),
        deps.relationships.typeAndTier(actor, found.customerId),
      ]);
      const now = deps.clock.now();
      const chosen = choosePolicy(settings.policies.map(toEngine), {
        severity: found.severity,
        valueTier: facts.valueTier,
        relationshipType: facts.type,
      });
      const own = found.location ? settings.calendars.byLocation[found.location] : undefined;
      const calendar = own ?? settings.calendars.default;
      const targets = chosen
        ? evaluateSla(
            chosen,
            calendar,
            { severity: found.severity, openedAt: found.openedAt, events: history },
            now,
          )
        : [];
      return {
        caseId,
        policy: chosen ? { id: chosen.id, name: chosen.name } : null,
        calendar: { location: own ? found.location : null, timeZone: calendar.timeZone },
        facts: { severity: found.severity, valueTier: facts.valueTier, relationshipType: facts.type },
        targets,
        state: overallState(targets.map((t) => t.state)),
        evaluatedAt: now,
      };
    },
  };
}
export type CaseSlaService = ReturnType<typeof createCaseSlaService>;
