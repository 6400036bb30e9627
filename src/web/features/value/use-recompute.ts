import { notifications } from '@mantine/notifications';
import {
  type QueryKey,
  type UseQueryOptions,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type { ValueRun } from '../../../shared/contracts/value.js';
import { describeError } from '../../lib/api.js';
import { CUSTOMERS_KEY } from '../customers/list/queries.js';
import { requestRecompute, VALUE_KEY, valueRunQuery } from './queries.js';
import { isActive } from './value.labels.js';

/** A run that is queued, followed and finishes: value runs and relationship runs alike. */
export interface FollowedRun {
  id: string;
  status: ValueRun['status'];
}

/** What differs between the kinds of recompute: where the run is read, and what it refreshes. */
export interface RecomputeSpec<R extends FollowedRun, K extends QueryKey = string[]> {
  /** One run, asked again while it is queued or running. */
  runQuery: (id: string) => UseQueryOptions<R, Error, R, K>;
  /** Queues a run (or answers the one already under way). */
  request: () => Promise<R>;
  /** The run history, fetched again when a run is queued. */
  runsKey: QueryKey;
  /** Fetched again when a run watched here finishes. */
  refresh: readonly QueryKey[];
  /** The notification when a run watched here succeeds. */
  done: { title: string; message: string };
}

/**
 * "Recompute now" and the run it started (or one already under way, `active`, e.g. the nightly
 * run): POSTs, then follows the run by polling it while it is queued or running. When a run
 * watched here finishes, `spec.refresh` is fetched again.
 */
export function useRunRecompute<R extends FollowedRun, K extends QueryKey>(
  active: R | undefined,
  spec: RecomputeSpec<R, K>,
) {
  const queryClient = useQueryClient();
  const [startedId, setStartedId] = useState<string | null>(null);
  const id = startedId ?? active?.id ?? null;
  const run = useQuery({ ...spec.runQuery(id ?? ''), enabled: id !== null });

  const start = useMutation({
    mutationFn: spec.request,
    onSuccess: (queued) => {
      queryClient.setQueryData<R>(spec.runQuery(queued.id).queryKey, queued);
      setStartedId(queued.id);
      // The history lists the queued run (and no longer leads with an earlier failure).
      void queryClient.invalidateQueries({ queryKey: spec.runsKey });
    },
    onError: (error) =>
      notifications.show({
        color: 'red',
        title: 'The recompute did not start',
        message: describeError(error),
      }),
  });

  // Only a run seen queued or running here announces its end (not an old run opened later).
  const watching = useRef<string | null>(null);
  const current = run.data;
  const { refresh, done, runsKey } = spec;
  useEffect(() => {
    if (!current) return;
    if (isActive(current)) {
      watching.current = current.id;
      return;
    }
    if (watching.current !== current.id) return;
    watching.current = null;
    for (const queryKey of [runsKey, ...refresh]) void queryClient.invalidateQueries({ queryKey });
    if (current.status === 'succeeded') notifications.show({ color: 'teal', ...done });
  }, [current, queryClient, refresh, done, runsKey]);

  return {
    /** The run followed, while it is known. */
    run: current ?? null,
    start: () => start.mutate(),
    starting: start.isPending,
    busy: start.isPending || isActive(current),
  };
}

const VALUE_RECOMPUTE: RecomputeSpec<ValueRun> = {
  runQuery: valueRunQuery,
  request: requestRecompute,
  runsKey: [...VALUE_KEY, 'runs'],
  // The dashboard, and every customer's value (list column, 360 panels).
  refresh: [[...VALUE_KEY, 'dashboard'], CUSTOMERS_KEY],
  done: {
    title: 'Value recomputed',
    message: 'The figures below, the customers list and every 360 page show the new run.',
  },
};

/** The Value screen's recompute: follows value runs and refreshes every value shown. */
export function useRecompute(active: ValueRun | undefined) {
  return useRunRecompute(active, VALUE_RECOMPUTE);
}
