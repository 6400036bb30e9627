import { Badge, Tooltip } from '@mantine/core';
import type { ValueTier } from '../../../shared/contracts/value.js';
import { TIER_COLORS, TIER_LABELS, tierRange } from './value.labels.js';

/** A value tier as a small coloured badge; the tooltip says where it sits in the CLV ranking. */
export function TierBadge({ tier, size = 'sm' }: { tier: ValueTier; size?: 'xs' | 'sm' | 'md' }) {
  return (
    <Tooltip label={`${TIER_LABELS[tier]}: ${tierRange(tier)} by CLV`} withinPortal openDelay={300}>
      <Badge size={size} variant="light" color={TIER_COLORS[tier]} tt="none" style={{ flexShrink: 0 }}>
        {TIER_LABELS[tier]}
      </Badge>
    </Tooltip>
  );
}
