import { useMemo } from 'react';
import { createFormatter, type Formatter } from './format.js';
import { useSession } from './session.js';

/** The formatter for the logged-in workspace's locale, time zone and currency. */
export function useFormat(): Formatter {
  const { workspace } = useSession();
  return useMemo(
    () => createFormatter(workspace.locale, workspace.timeZone, workspace.currency),
    [workspace.locale, workspace.timeZone, workspace.currency],
  );
}
