import { SocialImportReport } from '../../../../shared/contracts/case-social.js';
import { api } from '../../../lib/api.js';

/** What the import screen sends: parsed JSON, or the CSV text as typed or read from the file. */
export type SocialFeed = { format: 'json'; body: unknown } | { format: 'csv'; text: string };

/**
 * Reads a pasted or uploaded feed: JSON when it opens an object (or the file is .json), else CSV.
 * Invalid JSON is said plainly rather than sent.
 * @example readFeed('{"mentions":[]}', null) // { ok: true, feed: { format: 'json', body: { mentions: [] } } }
 */
export function readFeed(
  text: string,
  fileName: string | null,
): { ok: true; feed: SocialFeed } | { ok: false; error: string } {
  if (!text.trim()) return { ok: false, error: 'Paste a feed or choose a file first.' };
  const json = fileName ? /\.json$/i.test(fileName) : text.trimStart().startsWith('{');
  if (!json) return { ok: true, feed: { format: 'csv', text } };
  try {
    return { ok: true, feed: { format: 'json', body: JSON.parse(text) } };
  } catch (err) {
    return { ok: false, error: `This is not valid JSON: ${(err as Error).message}` };
  }
}

export function importSocialFeed(feed: SocialFeed): Promise<SocialImportReport> {
  const path = '/cases/social-mentions/import';
  return feed.format === 'json'
    ? api.post(path, SocialImportReport, feed.body)
    : api.post(path, SocialImportReport, new Blob([feed.text], { type: 'text/csv' }), {
        contentType: 'text/csv',
      });
}
