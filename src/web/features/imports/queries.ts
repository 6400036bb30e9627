import { queryOptions } from '@tanstack/react-query';
import { pageOf } from '../../../shared/contracts/common.js';
import {
  type DateOrder,
  type ImportKind,
  type ImportMapping,
  ImportRun,
} from '../../../shared/contracts/imports.js';
import { api, request } from '../../lib/api.js';

/** How often a running import is asked for its progress, in milliseconds. */
export const POLL_MS = 700;

/** Query keys of this screen; all start with 'imports'. */
export const importKeys = {
  all: ['imports'] as const,
  recent: ['imports', 'recent'] as const,
  run: (id: string) => ['imports', 'run', id] as const,
};

/** One run's progress and report, asked again every `POLL_MS` while it runs. */
export function importRunQuery(id: string) {
  return queryOptions({
    queryKey: importKeys.run(id),
    queryFn: ({ signal }) => api.get(`/imports/${encodeURIComponent(id)}`, ImportRun, { signal }),
    refetchInterval: (query) => (query.state.data?.status === 'running' ? POLL_MS : false),
    // Keep polling when the tab is in the background: people switch away from a long import.
    refetchIntervalInBackground: true,
  });
}

const RecentPage = pageOf(ImportRun);

/**
 * The workspace's latest runs; refreshed every few seconds while one of them still runs. A list
 * newer than a run's own cached state replaces it, so the report and the list never disagree.
 */
export const recentImportsQuery = queryOptions({
  queryKey: importKeys.recent,
  queryFn: async ({ signal, client }) => {
    const asked = Date.now();
    const page = await api.get('/imports', RecentPage, { query: { limit: 20 }, signal });
    for (const run of page.items) {
      const state = client.getQueryState(importKeys.run(run.id));
      if (state?.data && state.dataUpdatedAt < asked) client.setQueryData(importKeys.run(run.id), run);
    }
    return page;
  },
  refetchInterval: (query) => (query.state.data?.items.some((r) => r.status === 'running') ? 3000 : false),
});

/** What the upload sends besides the file. */
export interface StartImport {
  kind: ImportKind;
  file: File;
  mapping: ImportMapping;
  dateOrder: DateOrder;
  timeZone: string | null;
  defaultCurrency: string | null;
  source: string;
}

/**
 * Uploads the file as the request body (streamed by the browser, never read into memory here)
 * with the options as query parameters; the server answers 202 with the run as soon as it
 * has the file.
 */
export function startImport(input: StartImport): Promise<ImportRun> {
  const mapping = Object.keys(input.mapping).length ? JSON.stringify(input.mapping) : undefined;
  return request('POST', `/imports/${input.kind}`, {
    body: input.file,
    contentType: 'text/csv',
    schema: ImportRun,
    query: {
      fileName: input.file.name.slice(0, 255) || undefined,
      mapping,
      dateOrder: input.dateOrder,
      timeZone: input.timeZone ?? undefined,
      defaultCurrency: input.defaultCurrency ?? undefined,
      source: input.source.trim() || undefined,
    },
  });
}
