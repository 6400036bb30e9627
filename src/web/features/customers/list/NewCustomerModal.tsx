import {
  Alert,
  Anchor,
  Button,
  Group,
  Modal,
  SimpleGrid,
  Stack,
  Switch,
  TagsInput,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { Customer } from '../../../../shared/contracts/customers.js';
import { ApiError, api } from '../../../lib/api.js';
import { notifyUnplacedErrors } from '../../../lib/form-errors.js';
import { displayName } from './CustomersTable.js';
import {
  EMPTY_NEW_CUSTOMER,
  mapFieldErrors,
  type NewCustomerField,
  type NewCustomerValues,
  toCustomerCreate,
  validateNewCustomer,
} from './new-customer.js';
import { CUSTOMERS_KEY } from './queries.js';

/** The id of the customer a conflict points at (`IDENTITY_CONFLICT` names the owner of the e-mail or phone). */
function conflictingCustomer(error: unknown): string | null {
  if (!(error instanceof ApiError)) return null;
  const id = error.problem.customerId;
  return typeof id === 'string' ? id : null;
}

/**
 * "New customer": the few fields a desk needs to start a profile; the rest is edited on the
 * 360 page it opens. Errors land under the input they concern.
 */
export function NewCustomerModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const [values, setValues] = useState<NewCustomerValues>(EMPTY_NEW_CUSTOMER);
  const [errors, setErrors] = useState<Partial<Record<NewCustomerField, string>>>({});
  const [conflictId, setConflictId] = useState<string | null>(null);
  const queryClient = useQueryClient();
  const navigate = useNavigate();

  const set = <K extends NewCustomerField>(field: K, value: NewCustomerValues[K]) => {
    setValues((v) => ({ ...v, [field]: value }));
    setErrors((e) => ({ ...e, [field]: undefined }));
  };

  const close = () => {
    setValues(EMPTY_NEW_CUSTOMER);
    setErrors({});
    setConflictId(null);
    onClose();
  };

  const create = useMutation({
    mutationFn: (body: NewCustomerValues) => api.post('/customers', Customer, toCustomerCreate(body)),
    onSuccess: async (customer) => {
      notifications.show({ color: 'green', title: 'Customer created', message: displayName(customer) });
      void queryClient.invalidateQueries({ queryKey: CUSTOMERS_KEY });
      close();
      await navigate({ to: '/customers/$customerId', params: { customerId: customer.id } });
    },
    onError: (error) => {
      const { fields, rest } = mapFieldErrors(error instanceof ApiError ? error.fieldErrors() : {});
      setErrors(fields);
      setConflictId(conflictingCustomer(error));
      notifyUnplacedErrors('The customer was not created', error, fields, rest);
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setConflictId(null);
    const local = validateNewCustomer(values);
    if (Object.keys(local).length) {
      setErrors(local);
      return;
    }
    create.mutate(values);
  };

  return (
    <Modal opened={opened} onClose={close} title="New customer" size="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
            <TextInput
              label="Given name"
              autoComplete="off"
              data-autofocus
              value={values.givenName}
              onChange={(e) => set('givenName', e.currentTarget.value)}
              error={errors.givenName}
              maxLength={100}
            />
            <TextInput
              label="Family name"
              autoComplete="off"
              value={values.familyName}
              onChange={(e) => set('familyName', e.currentTarget.value)}
              error={errors.familyName}
              maxLength={100}
            />
            <TextInput
              label="E-mail"
              type="email"
              autoComplete="off"
              value={values.email}
              onChange={(e) => set('email', e.currentTarget.value)}
              error={errors.email}
              maxLength={254}
            />
            <TextInput
              label="Phone"
              type="tel"
              autoComplete="off"
              description="With the country code, or a local number of the workspace's country"
              value={values.phone}
              onChange={(e) => set('phone', e.currentTarget.value)}
              error={errors.phone}
              maxLength={40}
            />
          </SimpleGrid>
          <TagsInput
            label="Tags"
            description="Press Enter after each tag"
            value={values.tags}
            onChange={(tags) => set('tags', tags)}
            error={errors.tags}
            maxTags={50}
            clearable
          />
          <Switch
            label="Prefers a human"
            description="Route this customer to staff rather than automated messages"
            checked={values.prefersHumanService}
            onChange={(e) => set('prefersHumanService', e.currentTarget.checked)}
            error={errors.prefersHumanService}
          />
          {conflictId ? (
            <Alert color="yellow" icon={<IconAlertTriangle size={18} />}>
              This person may already be a customer.{' '}
              <Anchor
                renderRoot={(props) => (
                  <Link to="/customers/$customerId" params={{ customerId: conflictId }} {...props} />
                )}
                onClick={close}
                size="sm"
              >
                Open the existing customer
              </Anchor>
            </Alert>
          ) : null}
          <Group justify="flex-end" gap="xs" mt="xs">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Create customer
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
