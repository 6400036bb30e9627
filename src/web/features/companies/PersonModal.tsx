import { Button, Group, Loader, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { pageOf } from '../../../shared/contracts/common.js';
import { CompanyPerson } from '../../../shared/contracts/companies.js';
import { CustomerListItem } from '../../../shared/contracts/customers.js';
import { ApiError, api, describeError } from '../../lib/api.js';
import { customerKey } from '../customers/360/queries.js';
import { COMPANIES_KEY } from './queries.js';

const CustomerResults = pageOf(CustomerListItem);

/**
 * Add a person to the company (find the customer by name, e-mail or phone), or change the job
 * title of one already there (`person` given). Linking twice only replaces the job title.
 */
export function PersonModal({
  companyId,
  companyName,
  person,
  opened,
  onClose,
}: {
  companyId: string;
  companyName: string;
  person: CompanyPerson | null;
  opened: boolean;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const [customerId, setCustomerId] = useState<string | null>(null);
  const [searchText, setSearchText] = useState('');
  const [jobTitle, setJobTitle] = useState('');
  const [errors, setErrors] = useState<{ customer?: string; jobTitle?: string }>({});
  const [q] = useDebouncedValue(searchText.trim(), 200);

  useEffect(() => {
    if (opened) {
      setCustomerId(person?.customerId ?? null);
      setSearchText('');
      setJobTitle(person?.jobTitle ?? '');
      setErrors({});
    }
  }, [opened, person]);

  const results = useQuery({
    queryKey: ['customers', 'pick', q],
    queryFn: ({ signal }) => api.get('/customers', CustomerResults, { query: { q, limit: 10 }, signal }),
    enabled: opened && !person && q.length > 0,
    placeholderData: keepPreviousData,
  });
  const options = (q ? (results.data?.items ?? []) : []).map((c) => ({
    value: c.id,
    label: [c.fullName || 'Unnamed customer', c.primaryEmail ?? c.primaryPhone].filter(Boolean).join(' · '),
  }));

  const save = useMutation({
    mutationFn: (v: { customerId: string; jobTitle: string }) =>
      api.put(`/companies/${companyId}/people/${v.customerId}`, CompanyPerson, {
        jobTitle: v.jobTitle.trim() || null,
      }),
    onSuccess: async (saved) => {
      notifications.show({
        color: 'green',
        title: person ? 'Job title saved' : 'Person added',
        message: `${saved.fullName} · ${companyName}`,
      });
      onClose();
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: [...COMPANIES_KEY, 'detail', companyId] }),
        queryClient.invalidateQueries({ queryKey: customerKey(saved.customerId) }),
      ]);
    },
    onError: (err) => {
      const fields = err instanceof ApiError ? err.fieldErrors() : {};
      if (fields.jobTitle) setErrors({ jobTitle: fields.jobTitle });
      else if (err instanceof ApiError && err.code === 'CUSTOMER_NOT_FOUND')
        setErrors({ customer: 'This customer no longer exists (deleted or merged)' });
      else
        notifications.show({ color: 'red', title: 'The person was not saved', message: describeError(err) });
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!customerId) {
      setErrors({ customer: 'Choose a customer' });
      return;
    }
    save.mutate({ customerId, jobTitle });
  };

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={person ? `Job title of ${person.fullName}` : `Add a person to ${companyName}`}
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          {person ? (
            <Text size="sm">
              {person.fullName}
              {person.primaryEmail ? ` · ${person.primaryEmail}` : ''}
            </Text>
          ) : (
            <Select
              label="Customer"
              placeholder="Type a name, e-mail or phone"
              data-autofocus
              searchable
              data={options}
              value={customerId}
              onChange={(v) => {
                setCustomerId(v);
                setErrors({});
              }}
              searchValue={searchText}
              onSearchChange={setSearchText}
              // The server searches; filtering its answer again would hide e-mail and phone matches.
              filter={({ options: all }) => all}
              nothingFoundMessage={
                q ? (results.isFetching ? 'Searching…' : 'No customer found') : 'Start typing'
              }
              rightSection={results.isFetching ? <Loader size="xs" /> : undefined}
              error={errors.customer}
              clearable
            />
          )}
          <TextInput
            label="Job title"
            placeholder="e.g. Travel manager"
            value={jobTitle}
            onChange={(e) => {
              setJobTitle(e.currentTarget.value);
              setErrors((er) => ({ ...er, jobTitle: undefined }));
            }}
            error={errors.jobTitle}
            maxLength={200}
            data-autofocus={person ? true : undefined}
          />
          <Group justify="flex-end" gap="xs" mt="xs">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              {person ? 'Save' : 'Add person'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
