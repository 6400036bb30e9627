import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root (this file is src/server/web-build.ts). */
export const PROJECT_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
/** Where `vite build` writes the staff web app; the server serves it from here. */
export const WEB_DIST = join(PROJECT_ROOT, 'dist', 'web');
/** Written by the build beside index.html: the hash of the sources it was built from. */
export const SOURCE_HASH_FILE = '.source-hash';

const INPUTS = ['src/web', 'src/shared', 'vite.config.ts', 'package-lock.json'];

function filesUnder(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) =>
      entry.name.endsWith('.test.ts') || entry.name.endsWith('.test.tsx')
        ? []
        : filesUnder(join(path, entry.name)),
    );
}

/**
 * A content hash of everything the web build reads (its sources, the shared contracts, the
 * Vite config and the lock file). Tests are left out: changing one does not change the app.
 */
export function webSourceHash(root = PROJECT_ROOT): string {
  const hash = createHash('sha256');
  for (const input of INPUTS) {
    for (const file of filesUnder(join(root, input))) {
      hash.update(relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
    }
  }
  return hash.digest('hex').slice(0, 16);
}

/** Why the build in `dist/web` cannot be served as is, or null when it is current. */
export function webBuildStaleness(root = PROJECT_ROOT): string | null {
  const dist = join(root, 'dist', 'web');
  if (!existsSync(join(dist, 'index.html'))) return 'not built yet';
  const built = existsSync(join(dist, SOURCE_HASH_FILE))
    ? readFileSync(join(dist, SOURCE_HASH_FILE), 'utf8').trim()
    : '';
  return built === webSourceHash(root) ? null : 'sources changed since the last build';
}

/**
 * Builds the web app with Vite when `dist/web` is missing or older than its sources, so
 * `npm start` on a fresh clone (or after a pull) serves the current app. Returns whether it built.
 */
export async function ensureWebBuild(log: (line: string) => void, root = PROJECT_ROOT): Promise<boolean> {
  const reason = webBuildStaleness(root);
  if (!reason) return false;
  log(`Rapport: building the web app (${reason}); this takes a minute the first time…`);
  const started = Date.now();
  const { build } = await import('vite');
  await build({ configFile: join(root, 'vite.config.ts'), logLevel: 'warn', root: join(root, 'src/web') });
  log(`Rapport: web app built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return true;
}
