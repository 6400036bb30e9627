import { Button, Group, Loader, Modal, Stack, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconGitMerge, IconSearch, IconUser } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, describeError } from '../../lib/api.js';
import { useFormat } from '../../lib/use-format.js';
import { CustomerPage } from '../customers/list/queries.js';
import { type MergePair, MergePreviewModal } from './MergePreviewModal.js';
import { IDENTITY_KEY } from './queries.js';

/**
 * "Merge with…" on a customer's page: find the other customer with the customer search, then
 * review the merge with this customer as the one that stays (the preview can swap them).
 */
export function MergeWithAction({ customerId, customerName }: { customerId: string; customerName: string }) {
  const [picking, setPicking] = useState(false);
  const [pair, setPair] = useState<MergePair | null>(null);
  return (
    <>
      <Button
        variant="default"
        leftSection={<IconGitMerge size={16} aria-hidden />}
        onClick={() => setPicking(true)}
      >
        Merge with…
      </Button>
      <MergeWithModal
        opened={picking}
        customerId={customerId}
        customerName={customerName}
        onClose={() => setPicking(false)}
        onPick={(otherId) => {
          setPicking(false);
          setPair({ survivorId: customerId, mergedId: otherId });
        }}
      />
      <MergePreviewModal pair={pair} onClose={() => setPair(null)} />
    </>
  );
}

function MergeWithModal(props: {
  opened: boolean;
  customerId: string;
  customerName: string;
  onClose: () => void;
  onPick: (id: string) => void;
}) {
  const [text, setText] = useState('');
  const [q] = useDebouncedValue(text.trim(), 200);
  const fmt = useFormat();
  const results = useQuery({
    queryKey: [...IDENTITY_KEY, 'merge-search', q],
    queryFn: ({ signal }) => api.get('/customers', CustomerPage, { query: { q, limit: 9 }, signal }),
    enabled: props.opened && q.length > 0,
    placeholderData: keepPreviousData,
  });
  const items = q ? (results.data?.items ?? []).filter((c) => c.id !== props.customerId).slice(0, 8) : [];
  const close = () => {
    setText('');
    props.onClose();
  };

  return (
    <Modal opened={props.opened} onClose={close} title={`Merge ${props.customerName} with…`} size="lg">
      <Stack gap="sm">
        <TextInput
          data-autofocus
          label="Find the other customer"
          description="By name, e-mail or phone. You will see the merged profile before anything changes."
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          leftSection={<IconSearch size={16} aria-hidden />}
          rightSection={results.isFetching ? <Loader size="xs" /> : null}
        />
        <Stack gap={4} mih={120}>
          {results.isError ? (
            <Text c="red" size="sm" role="alert">
              {describeError(results.error)}
            </Text>
          ) : null}
          {q && results.isSuccess && !results.isFetching && items.length === 0 ? (
            <Text c="dimmed" size="sm">
              No other customer matches “{q}”.
            </Text>
          ) : null}
          <Stack
            component="ul"
            gap={4}
            m={0}
            p={0}
            style={{ listStyle: 'none' }}
            aria-label="Customers found"
          >
            {items.map((c) => (
              <li key={c.id}>
                <UnstyledButton
                  w="100%"
                  onClick={() => {
                    setText('');
                    props.onPick(c.id);
                  }}
                  p="xs"
                  aria-label={`Merge with ${c.fullName || 'unnamed customer'}`}
                  style={{ borderRadius: 6, border: '1px solid var(--mantine-color-gray-3)' }}
                >
                  <Group gap="sm" wrap="nowrap">
                    <IconUser size={18} aria-hidden />
                    <Stack gap={0} style={{ minWidth: 0 }}>
                      <Text size="sm" fw={600} truncate>
                        {c.fullName || 'Unnamed customer'}
                      </Text>
                      <Text size="xs" c="dimmed" truncate>
                        {[c.primaryEmail, c.primaryPhone, c.birthday ? `born ${fmt.date(c.birthday)}` : null]
                          .filter(Boolean)
                          .join(' · ') || 'no contact details'}{' '}
                        · created {fmt.date(c.createdAt)}
                      </Text>
                    </Stack>
                  </Group>
                </UnstyledButton>
              </li>
            ))}
          </Stack>
        </Stack>
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
