import { Alert, Button, Group, Text } from '@mantine/core';
import { IconArrowBackUp, IconGitMerge } from '@tabler/icons-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { Merge } from '../../../shared/contracts/identities.js';
import { describeError } from '../../lib/api.js';
import { useCan } from '../../lib/session.js';
import { useFormat } from '../../lib/use-format.js';
import { flattenPages } from '../customers/360/queries.js';
import { CustomerAnchor } from './CustomerAnchor.js';
import { mergeTriggerText } from './identity-display.js';
import { customerMergesQuery } from './queries.js';
import { UndoMergeModal } from './UndoMergeModal.js';

/**
 * Over the page of a customer merged into another: where its history went, and the Undo of
 * that merge. The merge is its latest one not undone in which it was the merged side.
 */
export function MergedBanner({ customerId, mergedIntoId }: { customerId: string; mergedIntoId: string }) {
  const fmt = useFormat();
  const canMerge = useCan('customers:merge');
  const merges = useInfiniteQuery(customerMergesQuery(customerId));
  const [undoing, setUndoing] = useState<Merge | null>(null);
  const merge = flattenPages(merges.data?.pages).find(
    (m) => m.mergedId === customerId && m.survivorId === mergedIntoId && m.undoneAt === null,
  );
  const survivorName = merge?.survivorAfter.fullName || 'another customer';

  return (
    <Alert
      color="violet"
      variant="light"
      mb="md"
      title="This customer was merged"
      icon={<IconGitMerge size={18} aria-hidden />}
    >
      <Group justify="space-between" gap="sm" wrap="wrap">
        <Text size="sm" component="div">
          Merged into{' '}
          <CustomerAnchor id={mergedIntoId} fw={600}>
            {survivorName}
          </CustomerAnchor>
          {merge ? ` ${fmt.relative(merge.createdAt)} by ${mergeTriggerText(merge)}` : ''}. Its history is on
          that profile now; this one is read-only.
          {merge && !merge.undoable && merge.undoBlockedBy ? (
            <Text size="xs" mt={4}>
              The merge cannot be undone now: {merge.undoBlockedBy}.
            </Text>
          ) : null}
          {merges.isError ? (
            <Text size="xs" mt={4} c="red.8">
              The merge record could not be loaded: {describeError(merges.error)}
            </Text>
          ) : null}
        </Text>
        {merge?.undoable && canMerge ? (
          <Button
            size="xs"
            color="violet"
            variant="white"
            leftSection={<IconArrowBackUp size={14} aria-hidden />}
            onClick={() => setUndoing(merge)}
          >
            Undo merge
          </Button>
        ) : null}
      </Group>
      <UndoMergeModal merge={undoing} onClose={() => setUndoing(null)} />
    </Alert>
  );
}
