import { createHash, randomUUID } from 'node:crypto';

/**
 * UUID version 7 (RFC 9562): 48-bit Unix milliseconds, then random bits, so ids created later
 * sort later and B-tree inserts stay local. The random part comes from `randomUUID` (v4), whose
 * entropy Node pools: about ten times cheaper than `randomBytes` per id, which bulk imports feel.
 * @example newId() // '0190f3a2-5b1c-7e4d-9a2b-3c4d5e6f7a8b'
 */
export function newId(now: number = Date.now()): string {
  const ts = now.toString(16).padStart(12, '0');
  // v4 is xxxxxxxx-xxxx-4xxx-Nxxx-xxxxxxxxxxxx: keep its random bits after the version digit.
  return `${ts.slice(0, 8)}-${ts.slice(8)}-7${randomUUID().slice(15)}`;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID_RE.test(value);
}

/**
 * A UUID (version 8, RFC 9562) derived from `parts`: the same parts give the same id, so a
 * record written on every read of a page (a briefing's policy decisions) is written once.
 * @example stableId('briefing', visitId, 'milestone') === stableId('briefing', visitId, 'milestone')
 */
export function stableId(...parts: readonly string[]): string {
  const h = createHash('sha256').update(parts.join('\u0000')).digest('hex');
  const variant = ((Number.parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
