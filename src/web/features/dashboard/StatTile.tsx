import { Group, Paper, Text, ThemeIcon, Tooltip, VisuallyHidden } from '@mantine/core';
import { IconArrowDownRight, IconArrowRight, IconArrowUpRight } from '@tabler/icons-react';
import { Link } from '@tanstack/react-router';
import { type ComponentType, useId } from 'react';
import type { CountTrend } from '../../../shared/contracts/dashboard.js';
import { useFormat } from '../../lib/use-format.js';
import type { CustomersSearch } from '../customers/customers.search.js';
import { describeTrend, formatTrend, type TrendTone, trendOf, trendTone } from './dashboard.trend.js';

/** Fixed so the skeleton and the loaded tile are the same size. */
export const TILE_HEIGHT = 116;

const TONE_COLOR: Record<TrendTone, string> = { good: 'teal.8', bad: 'red.8', neutral: 'gray.7' };

/**
 * One headline number that is also the link to the list it counts, with its change against the
 * window before. The link's accessible name is "Active customers: 1,234"; the trend is its
 * description. Without `search` (a count no customers-list filter yields) the tile is a plain
 * group of the same name.
 */
export function StatTile({
  label,
  value,
  trend,
  comparedWith,
  goodWhen = 'up',
  caption,
  icon: Icon,
  search,
}: {
  label: string;
  value: number;
  /** With a trend the tile shows the change; without, `caption`. */
  trend?: CountTrend;
  /** "the 30 days before": what `trend.previous` measured. */
  comparedWith?: string;
  goodWhen?: 'up' | 'down';
  caption?: string;
  icon: ComponentType<{ size?: number; 'aria-hidden'?: boolean }>;
  /** The customers list filter that yields exactly the customers counted. */
  search?: CustomersSearch;
}) {
  const fmt = useFormat();
  const descriptionId = useId();
  const t = trend ? trendOf(trend) : null;
  const tone = t ? trendTone(t.direction, goodWhen) : 'neutral';
  const Arrow =
    t?.direction === 'up' ? IconArrowUpRight : t?.direction === 'down' ? IconArrowDownRight : IconArrowRight;
  const sentence =
    t && trend && comparedWith ? describeTrend(t, fmt.locale, comparedWith, trend.previous) : caption;

  return (
    <Paper
      {...(search
        ? {
            renderRoot: (props: Record<string, unknown>) => (
              <Link to="/customers" search={search} {...props} />
            ),
            className: 'rapport-dashboard-link-card',
          }
        : { role: 'group' })}
      withBorder
      p="md"
      h={TILE_HEIGHT}
      aria-label={`${label}: ${fmt.number(value)}`}
      aria-describedby={descriptionId}
      style={{
        display: 'flex',
        flexDirection: 'column',
        justifyContent: 'space-between',
        textDecoration: 'none',
        color: 'inherit',
      }}
    >
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Text size="sm" fw={600} c="gray.7" truncate>
          {label}
        </Text>
        <ThemeIcon variant="light" color="blue" size="md" radius="md" aria-hidden>
          <Icon size={16} aria-hidden />
        </ThemeIcon>
      </Group>
      <Text fz={28} fw={700} lh={1.1} style={{ fontVariantNumeric: 'tabular-nums' }}>
        {fmt.number(value)}
      </Text>
      {t && comparedWith ? (
        <>
          <Tooltip label={sentence} withinPortal openDelay={300}>
            {/* Mice get the sentence as a tooltip; screen readers get it as the description. */}
            <Group gap={4} wrap="nowrap" aria-hidden>
              <Group gap={2} wrap="nowrap" c={TONE_COLOR[tone]}>
                <Arrow size={16} aria-hidden />
                <Text size="sm" fw={600} c={TONE_COLOR[tone]}>
                  {formatTrend(t, fmt.locale)}
                </Text>
              </Group>
              <Text size="xs" c="gray.7" truncate>
                vs {comparedWith}
              </Text>
            </Group>
          </Tooltip>
          <VisuallyHidden id={descriptionId}>{sentence}</VisuallyHidden>
        </>
      ) : (
        <Text size="xs" c="gray.7" id={descriptionId} truncate>
          {caption}
        </Text>
      )}
    </Paper>
  );
}
