import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type { ValueRun } from '../../../shared/contracts/value.js';
import { describeError } from '../../lib/api.js';
import { CUSTOMERS_KEY } from '../customers/list/queries.js';
import { requestRecompute, VALUE_KEY, valueRunQuery } from './queries.js';
import { isActive } from './value.labels.js';

/**
 * "Recompute now" and the run it started (or one already under way, `active`, e.g. the nightly
 * run): POSTs, then follows the run by polling it every two seconds while it is queued or
 * running. When a run watched here finishes, the dashboard, the run list and every customer's
 * value (list column, 360 panels) are fetched again.
 */
export function useRecompute(active: ValueRun | undefined) {
  const queryClient = useQueryClient();
  const [startedId, setStartedId] = useState<string | null>(null);
  const id = startedId ?? active?.id ?? null;
  const run = useQuery({ ...valueRunQuery(id ?? ''), enabled: id !== null });

  const start = useMutation({
    mutationFn: requestRecompute,
    onSuccess: (queued) => {
      queryClient.setQueryData(valueRunQuery(queued.id).queryKey, queued);
      setStartedId(queued.id);
      // The history lists the queued run (and no longer leads with an earlier failure).
      void queryClient.invalidateQueries({ queryKey: [...VALUE_KEY, 'runs'] });
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
  useEffect(() => {
    if (!current) return;
    if (isActive(current)) {
      watching.current = current.id;
      return;
    }
    if (watching.current !== current.id) return;
    watching.current = null;
    void queryClient.invalidateQueries({ queryKey: [...VALUE_KEY, 'dashboard'] });
    void queryClient.invalidateQueries({ queryKey: [...VALUE_KEY, 'runs'] });
    void queryClient.invalidateQueries({ queryKey: CUSTOMERS_KEY });
    if (current.status === 'succeeded') {
      notifications.show({
        color: 'teal',
        title: 'Value recomputed',
        message: 'The figures below, the customers list and every 360 page show the new run.',
      });
    }
  }, [current, queryClient]);

  return {
    /** The run followed, while it is known. */
    run: current ?? null,
    start: () => start.mutate(),
    starting: start.isPending,
    busy: start.isPending || isActive(current),
  };
}
