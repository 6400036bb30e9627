import { Anchor, Avatar, Badge, Card, Group, SimpleGrid, Stack, Text, Title, Tooltip } from '@mantine/core';
import { IconBuilding, IconHeadset, IconMail, IconPhone } from '@tabler/icons-react';
import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import type { ContactPoint, Customer360 } from '../../../../shared/contracts/customers.js';
import { useFormat } from '../../../lib/use-format.js';
import { IDENTITY_KIND_LABELS } from '../../identity/identity-display.js';
import { addressLines, initials, languageName, localTime } from './profile-display.js';
import { keyWords } from './timeline.js';

const sentence = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** A titled block of a 360 card (the value card shares it). */
export function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Stack gap={6}>
      <Title order={3} size="xs" tt="uppercase" c="dimmed" fw={700} style={{ letterSpacing: '0.04em' }}>
        {title}
      </Title>
      {children}
    </Stack>
  );
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Group gap="xs" wrap="nowrap" align="flex-start">
      <Text size="sm" c="dimmed" w={92} style={{ flexShrink: 0 }}>
        {label}
      </Text>
      <Text size="sm" component="div" style={{ minWidth: 0, overflowWrap: 'anywhere' }}>
        {children}
      </Text>
    </Group>
  );
}

function ContactList({ kind, items }: { kind: 'email' | 'phone'; items: readonly ContactPoint[] }) {
  const Icon = kind === 'email' ? IconMail : IconPhone;
  return items.map((c) => (
    // Wraps as a whole: a long address pushes its label to the next line instead of breaking.
    <Group key={`${kind}-${c.value}`} gap={6} wrap="wrap" style={{ rowGap: 0 }}>
      <Icon size={16} aria-label={kind === 'email' ? 'E-mail' : 'Phone'} style={{ flexShrink: 0 }} />
      <Anchor
        href={`${kind === 'email' ? 'mailto' : 'tel'}:${c.value}`}
        size="sm"
        fw={c.primary ? 600 : 400}
        style={{ overflowWrap: 'anywhere' }}
      >
        {c.value}
      </Anchor>
      {c.label ? (
        <Text size="xs" c="dimmed">
          {c.label}
        </Text>
      ) : null}
      {c.primary && items.length > 1 ? (
        <Badge size="xs" variant="outline" color="gray">
          primary
        </Badge>
      ) : null}
    </Group>
  ));
}

/** The attribute values that read as text; nested data is for the API, not this card. */
function attributeText(value: unknown): string | null {
  if (typeof value === 'string') return value || null;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  return null;
}

/**
 * Who this customer is at a glance: contact details, how they like to be served (a person, not
 * a bot, when they said so), their identities across systems, companies, and what they buy.
 */
export function CustomerProfileCard({ view }: { view: Customer360 }) {
  const fmt = useFormat();
  const { customer, identities, orderSummary, companies } = view;
  const address = addressLines(customer.address);
  const attributes = Object.entries(customer.attributes)
    .map(([key, value]) => [key, attributeText(value)] as const)
    .filter((pair): pair is readonly [string, string] => pair[1] !== null);

  return (
    <Stack gap="md">
      <Card withBorder padding="md" radius="md">
        <Stack gap="md">
          <Group gap="sm" wrap="nowrap" align="flex-start">
            <Avatar color="blue" radius="xl" size="lg" aria-hidden>
              {initials(customer.fullName)}
            </Avatar>
            <Stack gap={4} style={{ minWidth: 0 }}>
              <Text fw={650} size="lg" style={{ overflowWrap: 'anywhere' }}>
                {customer.fullName || 'Unnamed customer'}
              </Text>
              <Text size="xs" c="dimmed">
                Customer since {fmt.date(customer.createdAt)}
              </Text>
            </Stack>
          </Group>

          {customer.prefersHumanService ? (
            <Tooltip
              label="Serve this customer in person or by a live agent; do not route them to a bot."
              multiline
              w={260}
            >
              <Badge
                size="lg"
                color="grape"
                variant="filled"
                radius="sm"
                leftSection={<IconHeadset size={16} aria-hidden />}
                tt="none"
                style={{ alignSelf: 'flex-start' }}
              >
                Prefers a human
              </Badge>
            </Tooltip>
          ) : null}

          {customer.tags.length ? (
            <Group gap={6} aria-label="Tags">
              {customer.tags.map((tag) => (
                <Badge key={tag} variant="light" color="blue" tt="none" radius="sm">
                  {tag}
                </Badge>
              ))}
            </Group>
          ) : null}

          <SimpleGrid cols={{ base: 1, sm: 2, lg: 1 }} spacing="md" verticalSpacing="md">
            <Section title="Contact">
              {customer.emails.length || customer.phones.length ? (
                <Stack gap={4}>
                  <ContactList kind="email" items={customer.emails} />
                  <ContactList kind="phone" items={customer.phones} />
                </Stack>
              ) : (
                <Text size="sm" c="dimmed">
                  No e-mail or phone on file
                </Text>
              )}
            </Section>

            <Section title="Preferences">
              <Stack gap={4}>
                <Field label="Language">
                  {customer.locale
                    ? `${languageName(customer.locale, fmt.locale)} (${customer.locale})`
                    : '—'}
                </Field>
                <Field label="Time zone">
                  {customer.timeZone ? (
                    <>
                      {customer.timeZone}
                      <Text span size="xs" c="dimmed">
                        {' '}
                        · {localTime(new Date(), customer.timeZone, fmt.locale)} there now
                      </Text>
                    </>
                  ) : (
                    '—'
                  )}
                </Field>
                <Field label="Birthday">{customer.birthday ? fmt.date(customer.birthday) : '—'}</Field>
                <Field label="Address">
                  {address.length
                    ? address.map((line) => (
                        <Text key={line} size="sm">
                          {line}
                        </Text>
                      ))
                    : '—'}
                </Field>
                {attributes.map(([key, value]) => (
                  <Field key={key} label={sentence(keyWords(key))}>
                    {value}
                  </Field>
                ))}
              </Stack>
            </Section>

            {companies.length ? (
              <Section title="Companies">
                <Stack gap={4}>
                  {companies.map((c) => (
                    <Group key={c.id} gap="xs" wrap="nowrap">
                      <IconBuilding size={16} aria-hidden style={{ flexShrink: 0 }} />
                      <Anchor
                        size="sm"
                        renderRoot={(props) => (
                          <Link to="/companies/$companyId" params={{ companyId: c.id }} {...props} />
                        )}
                      >
                        {c.name}
                      </Anchor>
                      {c.jobTitle ? (
                        <Text size="xs" c="dimmed">
                          {c.jobTitle}
                        </Text>
                      ) : null}
                    </Group>
                  ))}
                </Stack>
              </Section>
            ) : null}

            <Section title="Identities">
              {identities.length ? (
                <Stack gap={4}>
                  {identities.map((i) => (
                    <Group key={i.id} gap="xs" wrap="nowrap" align="baseline">
                      <Badge size="xs" variant="light" color="gray" w={84} style={{ flexShrink: 0 }}>
                        {IDENTITY_KIND_LABELS[i.kind]}
                      </Badge>
                      <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                        {i.value}
                      </Text>
                      {i.source ? (
                        <Text size="xs" c="dimmed">
                          from {i.source}
                        </Text>
                      ) : null}
                    </Group>
                  ))}
                </Stack>
              ) : (
                <Text size="sm" c="dimmed">
                  No identities
                </Text>
              )}
            </Section>
          </SimpleGrid>
        </Stack>
      </Card>

      <Card withBorder padding="md" radius="md">
        <Section title="Orders">
          <SimpleGrid cols={{ base: 2, sm: 4, lg: 2 }} spacing="sm" verticalSpacing="sm">
            <Stat label="Orders" value={fmt.number(orderSummary.count)} />
            <Stat
              label="Revenue"
              value={
                orderSummary.currency ? fmt.money(orderSummary.revenueMinor, orderSummary.currency) : '—'
              }
            />
            <Stat label="First order" value={fmt.date(orderSummary.firstOrderAt)} />
            <Stat label="Last order" value={fmt.date(orderSummary.lastOrderAt)} />
          </SimpleGrid>
        </Section>
      </Card>
    </Stack>
  );
}

/** A small labelled figure. */
export function Stat({ label, value }: { label: string; value: string }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={650} size="md">
        {value}
      </Text>
    </Stack>
  );
}
