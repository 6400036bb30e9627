import { Anchor, type AnchorProps } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';

/** A link to a customer's 360 page, styled as an anchor. */
export function CustomerAnchor({
  id,
  children,
  ...props
}: AnchorProps & { id: string; children: ReactNode }) {
  return (
    <Anchor
      {...props}
      renderRoot={(root) => <Link to="/customers/$customerId" params={{ customerId: id }} {...root} />}
    >
      {children}
    </Anchor>
  );
}
