import { Anchor, Card, Group, Stack, Text, Title } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import type { CaseCustomerName } from '../../../../shared/contracts/case-bulk.js';
import type { Case } from '../../../../shared/contracts/cases.js';
import { ProvisionalBadge } from '../../customers/ProvisionalBadge.js';
import { CustomerRelationshipCard } from '../../relationships/CustomerRelationshipCard.js';

/**
 * The focused case's customer beside the inbox: who they are (provisional when made from an
 * unverified message) and, from the 360's own relationship card, the type in force, the contact
 * rules and the next actions that pass the policy check — how to answer them before answering.
 */
export function CaseCustomerPanel({
  kase,
  customer,
}: {
  kase: Case | null;
  customer: CaseCustomerName | null;
}) {
  if (!kase) {
    return (
      <Card withBorder padding="md" radius="md" component="aside" aria-label="Customer">
        <Text size="sm" c="dimmed">
          Move to a case (j / k) to see its customer here.
        </Text>
      </Card>
    );
  }
  return (
    <Stack gap="sm" component="aside" aria-label="Customer">
      <Card withBorder padding="md" radius="md">
        <Stack gap={4}>
          <Text size="xs" c="dimmed">
            {kase.reference} is from
          </Text>
          <Group gap="xs" wrap="wrap">
            <Title order={2} size="h4" style={{ overflowWrap: 'anywhere' }}>
              {customer ? customer.fullName || 'Unnamed customer' : 'Customer'}
            </Title>
            {customer?.provisional ? <ProvisionalBadge size="xs" /> : null}
          </Group>
          {customer?.deletedAt ? (
            <Text size="xs" c="red">
              This customer is deleted.
            </Text>
          ) : null}
          <Anchor
            size="sm"
            renderRoot={(root) => (
              <Link to="/customers/$customerId" params={{ customerId: kase.customerId }} {...root} />
            )}
          >
            Open the customer’s 360
          </Anchor>
        </Stack>
      </Card>
      <CustomerRelationshipCard key={kase.customerId} customerId={kase.customerId} readOnly />
    </Stack>
  );
}
