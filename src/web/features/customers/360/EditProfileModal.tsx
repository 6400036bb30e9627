import {
  ActionIcon,
  Button,
  Fieldset,
  Group,
  Input,
  Modal,
  Radio,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  TagsInput,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { Customer } from '../../../../shared/contracts/customers.js';
import { ApiError, api } from '../../../lib/api.js';
import { notifyUnplacedErrors } from '../../../lib/form-errors.js';
import { CUSTOMERS_KEY } from '../list/queries.js';
import {
  type AddressField,
  type ContactRow,
  emptyContact,
  type ProfileValues,
  profileErrors,
  toCustomerUpdate,
  toProfileValues,
} from './profile-form.js';

/** Descriptions under the input, so inputs in one row line up whether or not they have one. */
const BELOW: ('label' | 'input' | 'description' | 'error')[] = ['label', 'input', 'description', 'error'];

const ADDRESS_LABELS: Record<AddressField, string> = {
  line1: 'Address line 1',
  line2: 'Address line 2',
  city: 'City',
  region: 'Region',
  postalCode: 'Postal code',
  country: 'Country',
};

function timeZones(): string[] {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return [];
  }
}

function ContactRows({
  kind,
  rows,
  errors,
  onChange,
}: {
  kind: 'emails' | 'phones';
  rows: ContactRow[];
  errors: Record<string, string>;
  onChange: (rows: ContactRow[]) => void;
}) {
  const noun = kind === 'emails' ? 'E-mail' : 'Phone';
  const update = (i: number, patch: Partial<ContactRow>) =>
    onChange(
      rows.map((r, j) => (j === i ? { ...r, ...patch } : patch.primary ? { ...r, primary: false } : r)),
    );
  return (
    <Fieldset legend={kind === 'emails' ? 'E-mails' : 'Phones'} variant="unstyled">
      <Stack gap="xs">
        {rows.map((row, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows have no id; the index is the row
          <Group key={i} gap="xs" align="flex-start" wrap="nowrap">
            <TextInput
              label={`${noun} ${i + 1}`}
              type={kind === 'emails' ? 'email' : 'tel'}
              value={row.value}
              onChange={(e) => update(i, { value: e.currentTarget.value })}
              error={errors[`${kind}.${i}.value`]}
              style={{ flex: 2, minWidth: 0 }}
              autoComplete="off"
            />
            <TextInput
              label="Label"
              placeholder={kind === 'emails' ? 'work' : 'mobile'}
              value={row.label}
              onChange={(e) => update(i, { label: e.currentTarget.value })}
              error={errors[`${kind}.${i}.label`]}
              style={{ flex: 1, minWidth: 0 }}
              maxLength={40}
            />
            <Radio
              label="Primary"
              name={`${kind}-primary`}
              checked={row.primary}
              onChange={() => update(i, { primary: true })}
              mt={30}
            />
            <ActionIcon
              variant="subtle"
              color="gray"
              mt={28}
              aria-label={`Remove ${noun.toLowerCase()} ${i + 1}`}
              onClick={() => {
                const next = rows.filter((_, j) => j !== i);
                if (row.primary && next[0]) next[0] = { ...next[0], primary: true };
                onChange(next);
              }}
            >
              <IconTrash size={16} aria-hidden />
            </ActionIcon>
          </Group>
        ))}
        {errors[kind] ? <Input.Error>{errors[kind]}</Input.Error> : null}
        <Button
          variant="subtle"
          size="xs"
          leftSection={<IconPlus size={14} aria-hidden />}
          onClick={() => onChange([...rows, emptyContact(rows.length === 0)])}
          style={{ alignSelf: 'flex-start' }}
        >
          Add {noun.toLowerCase()}
        </Button>
      </Stack>
    </Fieldset>
  );
}

/**
 * Edit the whole profile. Only what changed is sent; the server's messages land under the input
 * they are about (`emails.1.value` under the second e-mail), anything else in a notification.
 */
export function EditProfileModal({
  customer,
  opened,
  onClose,
}: {
  customer: Customer;
  opened: boolean;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const initial = useMemo(() => toProfileValues(customer), [customer]);
  const [values, setValues] = useState<ProfileValues>(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const zones = useMemo(timeZones, []);

  useEffect(() => {
    if (opened) {
      setValues(initial);
      setErrors({});
    }
  }, [opened, initial]);

  const set = <K extends keyof ProfileValues>(field: K, value: ProfileValues[K]) => {
    setValues((v) => ({ ...v, [field]: value }));
  };
  const setAddress = (field: AddressField, value: string) =>
    setValues((v) => ({ ...v, address: { ...v.address, [field]: value } }));

  const save = useMutation({
    mutationFn: ({ body }: ReturnType<typeof toCustomerUpdate>) =>
      api.patch(`/customers/${customer.id}`, Customer, body),
    onSuccess: async (saved) => {
      notifications.show({ color: 'green', title: 'Profile saved', message: saved.fullName });
      onClose();
      await queryClient.invalidateQueries({ queryKey: CUSTOMERS_KEY });
    },
    onError: (err, { rows }) => {
      const { fields, rest } = profileErrors(err instanceof ApiError ? err.fieldErrors() : {}, rows);
      setErrors(fields);
      notifyUnplacedErrors('The profile was not saved', err, fields, rest);
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const update = toCustomerUpdate(values, initial);
    if (Object.keys(update.body).length === 0) {
      onClose();
      return;
    }
    setErrors({});
    save.mutate(update);
  };

  return (
    <Modal opened={opened} onClose={onClose} title="Edit profile" size="xl">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
            <TextInput
              label="Given name"
              data-autofocus
              value={values.givenName}
              onChange={(e) => set('givenName', e.currentTarget.value)}
              error={errors.givenName}
              maxLength={100}
            />
            <TextInput
              label="Family name"
              value={values.familyName}
              onChange={(e) => set('familyName', e.currentTarget.value)}
              error={errors.familyName}
              maxLength={100}
            />
            <TextInput
              label="Display name"
              description="Blank: the given and family name"
              inputWrapperOrder={BELOW}
              value={values.fullName}
              onChange={(e) => set('fullName', e.currentTarget.value)}
              error={errors.fullName}
              maxLength={200}
            />
          </SimpleGrid>

          <ContactRows
            kind="emails"
            rows={values.emails}
            errors={errors}
            onChange={(rows) => set('emails', rows)}
          />
          <ContactRows
            kind="phones"
            rows={values.phones}
            errors={errors}
            onChange={(rows) => set('phones', rows)}
          />

          <Switch
            label="Prefers a human"
            description="Serve in person or by a live agent; never route to a bot"
            checked={values.prefersHumanService}
            onChange={(e) => set('prefersHumanService', e.currentTarget.checked)}
            error={errors.prefersHumanService}
          />
          <TagsInput
            label="Tags"
            description="Press Enter after each tag"
            inputWrapperOrder={BELOW}
            value={values.tags}
            onChange={(tags) => set('tags', tags)}
            error={errors.tags}
            maxTags={50}
            clearable
          />

          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
            <TextInput
              label="Birthday"
              type="date"
              value={values.birthday}
              onChange={(e) => set('birthday', e.currentTarget.value)}
              error={errors.birthday}
            />
            <TextInput
              label="Language"
              description="A tag such as en-GB"
              inputWrapperOrder={BELOW}
              value={values.locale}
              onChange={(e) => set('locale', e.currentTarget.value)}
              error={errors.locale}
              maxLength={35}
            />
            <Select
              label="Time zone"
              description="Where the customer lives"
              inputWrapperOrder={BELOW}
              data={zones}
              value={values.timeZone || null}
              onChange={(v) => set('timeZone', v ?? '')}
              error={errors.timeZone}
              searchable
              clearable
              limit={50}
              nothingFoundMessage="No such time zone"
            />
          </SimpleGrid>

          <Fieldset legend="Address" variant="unstyled">
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              {(Object.keys(ADDRESS_LABELS) as AddressField[]).map((f) => (
                <TextInput
                  key={f}
                  label={ADDRESS_LABELS[f]}
                  description={f === 'country' ? 'Two letters, e.g. GB' : undefined}
                  inputWrapperOrder={BELOW}
                  value={values.address[f]}
                  onChange={(e) => setAddress(f, e.currentTarget.value)}
                  error={errors[`address.${f}`] ?? (f === 'line1' ? errors.address : undefined)}
                  maxLength={f === 'country' ? 2 : f === 'postalCode' ? 20 : 200}
                />
              ))}
            </SimpleGrid>
          </Fieldset>

          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              Save profile
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
