import { Badge, Group, Kbd, Loader, Modal, Stack, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch, IconUser } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { pageOf } from '../../shared/contracts/common.js';
import { CustomerListItem } from '../../shared/contracts/customers.js';
import { api, describeError } from '../lib/api.js';

const Results = pageOf(CustomerListItem);

/**
 * Ctrl/Cmd+K: type a name, e-mail or phone, arrow to a customer, Enter opens the 360 page —
 * the call-centre "who is this" in two keystrokes.
 */
export function CommandPalette({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const [text, setText] = useState('');
  const [active, setActive] = useState(0);
  const [q] = useDebouncedValue(text.trim(), 150);
  const navigate = useNavigate();
  const results = useQuery({
    queryKey: ['palette', q],
    queryFn: ({ signal }) => api.get('/customers', Results, { query: { q, limit: 8 }, signal }),
    enabled: opened && q.length > 0,
    placeholderData: keepPreviousData,
  });
  const items = q ? (results.data?.items ?? []) : [];
  // The rows on screen answer what was typed (not a shorter prefix still waiting on the debounce
  // or the server): only then may Enter open one.
  const settled = q === text.trim() && results.isSuccess && !results.isPlaceholderData;
  const [enterPending, setEnterPending] = useState(false);

  useEffect(() => {
    if (!opened) {
      setText('');
      setEnterPending(false);
    }
  }, [opened]);

  const open = (id: string) => {
    onClose();
    void navigate({ to: '/customers/$customerId', params: { customerId: id } });
  };

  // Enter pressed before the results caught up: open the first match once they have.
  useEffect(() => {
    if (!enterPending || !settled) return;
    setEnterPending(false);
    const first = items[0];
    if (first) open(first.id);
  });

  return (
    <Modal opened={opened} onClose={onClose} title="Jump to a customer" size="lg" yOffset="10vh">
      <TextInput
        data-autofocus
        value={text}
        onChange={(e) => {
          setText(e.currentTarget.value);
          setActive(0);
          setEnterPending(false);
        }}
        placeholder="Name, e-mail or phone"
        aria-label="Find a customer"
        aria-controls="palette-results"
        aria-activedescendant={items[active] ? `palette-${items[active].id}` : undefined}
        leftSection={<IconSearch size={16} aria-hidden />}
        rightSection={results.isFetching ? <Loader size="xs" /> : null}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            setActive((i) => Math.min(i + 1, Math.max(items.length - 1, 0)));
          } else if (e.key === 'ArrowUp') {
            e.preventDefault();
            setActive((i) => Math.max(i - 1, 0));
          } else if (e.key === 'Enter' && text.trim()) {
            e.preventDefault();
            const chosen = items[active];
            if (settled && chosen) open(chosen.id);
            else if (!settled) setEnterPending(true);
          }
        }}
      />
      <Stack id="palette-results" role="listbox" aria-label="Customers found" gap={4} mt="sm" mih={120}>
        {results.isError ? (
          <Text c="red" size="sm" role="alert">
            {describeError(results.error)}
          </Text>
        ) : null}
        {q && !results.isFetching && results.isSuccess && items.length === 0 ? (
          <Text c="dimmed" size="sm">
            No customer matches “{q}”.
          </Text>
        ) : null}
        {!q ? (
          <Text c="dimmed" size="sm">
            Start typing. <Kbd size="xs">↑</Kbd> <Kbd size="xs">↓</Kbd> to move, <Kbd size="xs">Enter</Kbd> to
            open.
          </Text>
        ) : null}
        {items.map((c, i) => (
          <UnstyledButton
            key={c.id}
            id={`palette-${c.id}`}
            role="option"
            aria-selected={i === active}
            onMouseEnter={() => setActive(i)}
            onClick={() => open(c.id)}
            p="xs"
            style={{
              borderRadius: 6,
              background: i === active ? 'var(--mantine-color-blue-light)' : undefined,
            }}
          >
            <Group gap="sm" wrap="nowrap">
              <IconUser size={18} aria-hidden />
              <Stack gap={0} style={{ minWidth: 0 }}>
                <Text size="sm" fw={600} truncate>
                  {c.fullName || c.primaryEmail || c.primaryPhone || 'Unnamed customer'}
                </Text>
                <Text size="xs" c="dimmed" truncate>
                  {[c.primaryEmail, c.primaryPhone].filter(Boolean).join(' · ') || 'no contact details'}
                </Text>
              </Stack>
              {c.prefersHumanService ? (
                <Badge size="xs" variant="light" color="grape" ml="auto">
                  prefers a human
                </Badge>
              ) : null}
            </Group>
          </UnstyledButton>
        ))}
      </Stack>
    </Modal>
  );
}
