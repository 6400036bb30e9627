import { describe, expect, it } from 'vitest';
import { readFeed } from './social.queries.js';

describe('readFeed', () => {
  it('tells JSON from CSV by the file name, else by the first character', () => {
    expect(readFeed(' {"mentions":[]}', null)).toEqual({
      ok: true,
      feed: { format: 'json', body: { mentions: [] } },
    });
    expect(readFeed('network,handle\n', null)).toEqual({
      ok: true,
      feed: { format: 'csv', text: 'network,handle\n' },
    });
    expect(readFeed('{"mentions":[]}', 'feed.CSV')).toMatchObject({ ok: true, feed: { format: 'csv' } });
    expect(readFeed('[1]', 'feed.json')).toEqual({ ok: true, feed: { format: 'json', body: [1] } });
  });

  it('says what is wrong instead of sending it', () => {
    expect(readFeed('  ', null)).toEqual({ ok: false, error: 'Paste a feed or choose a file first.' });
    const bad = readFeed('{"mentions":', null);
    expect(bad.ok).toBe(false);
    expect(bad.ok ? '' : bad.error).toMatch(/^This is not valid JSON/);
  });
});
