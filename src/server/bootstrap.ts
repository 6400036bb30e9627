import { join } from 'node:path';
import { seedDemo } from '../demo/seed.js';
import type { Services } from './app.js';
import type { Config } from './config.js';
import type { Database } from './db/client.js';
import { systemActor } from './lib/actor.js';

export const DEMO_WORKSPACE = { slug: 'demo', name: 'Harbour & Vine Hotels (demo)' } as const;
/** The first workspace when the demo is off (RAPPORT_DEMO=false, or created by a CLI command). */
export const FIRST_WORKSPACE = { slug: 'main', name: 'Rapport' } as const;
const DEFAULT_ADMIN_EMAIL = 'admin@rapport.local';

export interface FirstRun {
  created: boolean;
  workspaceSlug: string;
  adminEmail: string;
  /** Shown once when Rapport generated it; null when it came from the environment or already existed. */
  generatedPassword: string | null;
  demoCustomers: number;
}

/**
 * On a database with no workspace, creates the first one with its admin and (unless disabled)
 * seeds the demo business into it. A no-op afterwards.
 */
export async function ensureFirstWorkspace(
  database: Database,
  services: Services,
  config: Config,
  log: (line: string) => void,
): Promise<FirstRun> {
  const existing = await services.workspaces.listAll();
  if (existing.length > 0) {
    return {
      created: false,
      workspaceSlug: existing[0]!.slug,
      adminEmail: config.admin.email ?? DEFAULT_ADMIN_EMAIL,
      generatedPassword: null,
      demoCustomers: 0,
    };
  }
  const withDemo = config.demo.enabled && config.demo.customers > 0;
  const { workspace, adminEmail, generatedPassword } = await services.workspaces.create({
    ...(withDemo ? DEMO_WORKSPACE : FIRST_WORKSPACE),
    locale: 'en-GB',
    timeZone: 'Europe/London',
    currency: 'EUR',
    admin: {
      email: config.admin.email ?? DEFAULT_ADMIN_EMAIL,
      name: 'Administrator',
      password: config.admin.password,
    },
  });
  let demoCustomers = 0;
  if (withDemo) {
    log(`Seeding the demo business (${config.demo.customers} customers)…`);
    const started = Date.now();
    const summary = await seedDemo(database, {
      workspaceId: workspace.id,
      customers: config.demo.customers,
      seed: config.demo.seed,
      now: new Date(),
      truthFile: join(config.dataDir, 'demo', `ground-truth-${workspace.slug}.json`),
    });
    demoCustomers = summary.customers;
    // Value first (stages read its P(alive)), then types and stages: queued, so the app is up
    // while they run; the job runner takes them in order.
    const actor = systemActor(workspace.id, 'demo');
    await services.value.requestRecompute(actor);
    await services.relationships.requestRecompute(actor);
    log(
      `Seeded ${summary.customers} customers, ${summary.orders} orders, ${summary.touchpoints} touch points in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
    );
  }
  return { created: true, workspaceSlug: workspace.slug, adminEmail, generatedPassword, demoCustomers };
}
