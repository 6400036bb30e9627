import { Button, Fieldset, Group, Modal, SimpleGrid, Stack, TagsInput, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { Company } from '../../../shared/contracts/companies.js';
import { ApiError, api } from '../../lib/api.js';
import { notifyUnplacedErrors } from '../../lib/form-errors.js';
import { CUSTOMERS_KEY } from '../customers/list/queries.js';
import {
  COMPANY_ADDRESS_FIELDS,
  type CompanyAddressField,
  type CompanyValues,
  companyErrors,
  EMPTY_COMPANY,
  toCompanyCreate,
  toCompanyUpdate,
  toCompanyValues,
} from './company-form.js';
import { COMPANIES_KEY } from './queries.js';

const ADDRESS_LABELS: Record<CompanyAddressField, string> = {
  line1: 'Address line 1',
  line2: 'Address line 2',
  city: 'City',
  region: 'Region',
  postalCode: 'Postal code',
  country: 'Country',
};

const BELOW: ('label' | 'input' | 'description' | 'error')[] = ['label', 'input', 'description', 'error'];

/**
 * New company (then opens its page), or edit one (only changed fields are sent). The server's
 * messages land under the input they concern.
 */
export function CompanyFormModal({
  company,
  opened,
  onClose,
}: {
  company?: Company;
  opened: boolean;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const initial = useMemo(() => (company ? toCompanyValues(company) : EMPTY_COMPANY), [company]);
  const [values, setValues] = useState<CompanyValues>(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});

  useEffect(() => {
    if (opened) {
      setValues(initial);
      setErrors({});
    }
  }, [opened, initial]);

  const set = <K extends keyof CompanyValues>(field: K, value: CompanyValues[K]) => {
    setValues((v) => ({ ...v, [field]: value }));
    setErrors((e) => ({ ...e, [field]: '' }));
  };

  const save = useMutation({
    mutationFn: (v: CompanyValues) =>
      company
        ? api.patch(`/companies/${company.id}`, Company, toCompanyUpdate(v, initial))
        : api.post('/companies', Company, toCompanyCreate(v)),
    onSuccess: async (saved) => {
      notifications.show({
        color: 'green',
        title: company ? 'Company saved' : 'Company created',
        message: saved.name,
      });
      onClose();
      // A renamed company shows under its new name on its people's 360 pages too.
      void queryClient.invalidateQueries({ queryKey: COMPANIES_KEY });
      if (company) void queryClient.invalidateQueries({ queryKey: CUSTOMERS_KEY });
      else await navigate({ to: '/companies/$companyId', params: { companyId: saved.id } });
    },
    onError: (err) => {
      const { fields, rest } = companyErrors(err instanceof ApiError ? err.fieldErrors() : {});
      setErrors(fields);
      notifyUnplacedErrors(
        company ? 'The company was not saved' : 'The company was not created',
        err,
        fields,
        rest,
      );
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!values.name.trim()) {
      setErrors({ name: 'is required' });
      return;
    }
    if (company && Object.keys(toCompanyUpdate(values, initial)).length === 0) {
      onClose();
      return;
    }
    save.mutate(values);
  };

  return (
    <Modal opened={opened} onClose={onClose} title={company ? 'Edit company' : 'New company'} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <TextInput
            label="Name"
            required
            data-autofocus
            value={values.name}
            onChange={(e) => set('name', e.currentTarget.value)}
            error={errors.name || undefined}
            maxLength={200}
          />
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
            <TextInput
              label="Domain"
              description="Without https://, e.g. acme.com"
              inputWrapperOrder={BELOW}
              value={values.domain}
              onChange={(e) => set('domain', e.currentTarget.value)}
              error={errors.domain || undefined}
              maxLength={253}
            />
            <TextInput
              label="Industry"
              value={values.industry}
              onChange={(e) => set('industry', e.currentTarget.value)}
              error={errors.industry || undefined}
              maxLength={100}
            />
          </SimpleGrid>
          <TagsInput
            label="Tags"
            description="Press Enter after each tag"
            inputWrapperOrder={BELOW}
            value={values.tags}
            onChange={(tags) => set('tags', tags)}
            error={errors.tags || undefined}
            maxTags={50}
            clearable
          />
          <Fieldset legend="Address" variant="unstyled">
            <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
              {COMPANY_ADDRESS_FIELDS.map((f) => (
                <TextInput
                  key={f}
                  label={ADDRESS_LABELS[f]}
                  description={f === 'country' ? 'Two letters, e.g. GB' : undefined}
                  inputWrapperOrder={BELOW}
                  value={values.address[f]}
                  onChange={(e) => {
                    const value = e.currentTarget.value;
                    setValues((v) => ({ ...v, address: { ...v.address, [f]: value } }));
                    setErrors((er) => ({ ...er, [`address.${f}`]: '' }));
                  }}
                  error={errors[`address.${f}`] || undefined}
                  maxLength={f === 'country' ? 2 : f === 'postalCode' ? 20 : 200}
                />
              ))}
            </SimpleGrid>
          </Fieldset>
          <Group justify="flex-end" gap="xs" mt="xs">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              {company ? 'Save company' : 'Create company'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
