import { Anchor, Button, Group, Menu, Paper, Stack, Text, Title, useMantineTheme } from '@mantine/core';
import { IconChevronDown } from '@tabler/icons-react';
import { Link, useNavigate } from '@tanstack/react-router';
import { type ReactNode, useCallback, useMemo } from 'react';
import type { Channel } from '../../../shared/contracts/common.js';
import type { Dashboard } from '../../../shared/contracts/dashboard.js';
import { CHANNEL_LABELS } from '../../../shared/contracts/touchpoints.js';
import { channelColor } from '../../components/ChannelIcon.js';
import { EChart } from '../../components/EChart.js';
import { useFormat } from '../../lib/use-format.js';
import {
  newCustomersLabel,
  newCustomersOption,
  revenueLabel,
  revenueOption,
  touchpointsLabel,
  touchpointsOption,
} from './dashboard.charts.js';

/** Chart heights are fixed so the skeleton, an empty chart and a full one take the same space. */
export const CHART_HEIGHT = 240;
/** Header (title + subtitle) above each chart. */
export const CHART_HEADER_HEIGHT = 52;
export const CHART_CARD_HEIGHT = CHART_HEIGHT + CHART_HEADER_HEIGHT + 32;

/** A titled card of fixed height around one chart or panel. */
export function DashboardCard({
  title,
  subtitle,
  action,
  height,
  children,
}: {
  title: ReactNode;
  subtitle?: ReactNode;
  action?: ReactNode;
  height: number;
  children: ReactNode;
}) {
  return (
    <Paper withBorder p="md" h={height} style={{ display: 'flex', flexDirection: 'column', minWidth: 0 }}>
      <Group
        justify="space-between"
        align="flex-start"
        wrap="nowrap"
        gap="xs"
        mih={CHART_HEADER_HEIGHT - 8}
        mb={8}
      >
        <Stack gap={0} style={{ minWidth: 0, flex: 1 }}>
          <Title order={2} size="h5" lineClamp={1}>
            {title}
          </Title>
          {subtitle ? (
            <Text size="xs" c="gray.7" truncate>
              {subtitle}
            </Text>
          ) : null}
        </Stack>
        {action ? <div style={{ flexShrink: 0 }}>{action}</div> : null}
      </Group>
      <div style={{ flex: 1, minHeight: 0 }}>{children}</div>
    </Paper>
  );
}

export function NewCustomersChart({ data }: { data: Dashboard }) {
  const fmt = useFormat();
  const label = newCustomersLabel(data.newCustomersByWeek, fmt);
  const option = useMemo(
    () => newCustomersOption(data.newCustomersByWeek, fmt),
    [data.newCustomersByWeek, fmt],
  );
  return (
    <DashboardCard
      title="New customers per week"
      subtitle={`Last ${data.newCustomersByWeek.length} weeks, weeks start on Monday`}
      height={CHART_CARD_HEIGHT}
      action={
        <Anchor
          renderRoot={(props) => (
            <Link to="/customers" search={{ createdFrom: data.windows.newSince.toISOString() }} {...props} />
          )}
          size="sm"
          style={{ whiteSpace: 'nowrap' }}
        >
          See new customers
        </Anchor>
      }
    >
      <EChart option={option} height={CHART_HEIGHT} label={label} />
    </DashboardCard>
  );
}

export function RevenueChart({ data }: { data: Dashboard }) {
  const fmt = useFormat();
  const label = revenueLabel(data.revenueByMonth, data.currency, fmt);
  const option = useMemo(
    () => revenueOption(data.revenueByMonth, data.currency, fmt),
    [data.revenueByMonth, data.currency, fmt],
  );
  const total = data.revenueByMonth.reduce((sum, m) => sum + m.revenueMinor, 0);
  return (
    <DashboardCard
      title="Revenue per month"
      subtitle={`${fmt.money(total, data.currency)} in the last ${data.revenueByMonth.length} months · completed and pending orders in ${data.currency}`}
      height={CHART_CARD_HEIGHT}
    >
      <EChart option={option} height={CHART_HEIGHT} label={label} />
    </DashboardCard>
  );
}

/** Touch points per channel; a bar (or the menu, for keyboards) opens that channel's active customers. */
export function TouchpointsChart({ data, height }: { data: Dashboard; height: number }) {
  const fmt = useFormat();
  const theme = useMantineTheme();
  const navigate = useNavigate();
  const rows = data.touchpointsByChannel;
  const activeSince = data.windows.activeSince.toISOString();
  const label = touchpointsLabel(rows, data.activeDays, fmt);
  const option = useMemo(
    () => touchpointsOption(rows, fmt, (c) => theme.colors[channelColor(c)]?.[6] ?? theme.colors.gray[6]),
    [rows, fmt, theme],
  );
  const open = useCallback(
    (channel: Channel) => navigate({ to: '/customers', search: { channel, lastActivityFrom: activeSince } }),
    [navigate, activeSince],
  );
  const onClick = useCallback(
    ({ dataIndex }: { dataIndex: number }) => {
      const row = rows[dataIndex];
      if (row) void open(row.channel);
    },
    [rows, open],
  );
  const total = rows.reduce((sum, r) => sum + r.count, 0);
  return (
    <DashboardCard
      title="Touch points by channel"
      subtitle={`${fmt.number(total)} in the last ${data.activeDays} days`}
      height={height}
      action={
        rows.length > 0 ? (
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <Button
                size="compact-sm"
                variant="subtle"
                rightSection={<IconChevronDown size={14} aria-hidden />}
                aria-label="Open the customers of a channel"
              >
                Customers
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              {rows.map((r) => (
                <Menu.Item
                  key={r.channel}
                  renderRoot={(props) => (
                    <Link
                      to="/customers"
                      search={{ channel: r.channel, lastActivityFrom: activeSince }}
                      {...props}
                    />
                  )}
                >
                  {CHANNEL_LABELS[r.channel]} · {fmt.number(r.count)}
                </Menu.Item>
              ))}
            </Menu.Dropdown>
          </Menu>
        ) : null
      }
    >
      {rows.length === 0 ? (
        <Text size="sm" c="gray.7" ta="center" pt="xl">
          No touch points in the last {data.activeDays} days.
        </Text>
      ) : (
        <EChart option={option} height={height - CHART_HEADER_HEIGHT - 32} label={label} onClick={onClick} />
      )}
    </DashboardCard>
  );
}
