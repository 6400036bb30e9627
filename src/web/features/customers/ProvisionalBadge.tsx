import { Badge, Tooltip } from '@mantine/core';

export const PROVISIONAL_HINT = 'Created from a message; check the details before trusting them';

/**
 * Marks a customer made from a message by someone nobody could match (a web form, an e-mail):
 * their name and contact details are what the sender typed. Focusable, so the hint is there
 * for the keyboard as well as the mouse and a tap.
 */
export function ProvisionalBadge({ size = 'sm' }: { size?: 'xs' | 'sm' | 'md' }) {
  return (
    <Tooltip
      label={PROVISIONAL_HINT}
      withArrow
      multiline
      maw={260}
      events={{ hover: true, focus: true, touch: true }}
    >
      <Badge
        size={size}
        color="orange"
        variant="light"
        tt="none"
        tabIndex={0}
        style={{ cursor: 'help', flexShrink: 0 }}
        aria-description={PROVISIONAL_HINT}
      >
        Provisional
      </Badge>
    </Tooltip>
  );
}
