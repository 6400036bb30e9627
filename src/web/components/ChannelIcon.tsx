import { ThemeIcon, Tooltip } from '@mantine/core';
import {
  IconApps,
  IconBath,
  IconBed,
  IconBuildingStore,
  IconDeviceMobile,
  IconDots,
  IconMail,
  IconMailbox,
  IconMessageCircle,
  IconPhone,
  IconShare,
  IconToolsKitchen2,
  IconWorld,
} from '@tabler/icons-react';
import type { Channel } from '../../shared/contracts/common.js';
import { CHANNEL_LABELS } from '../../shared/contracts/touchpoints.js';

const ICONS: Record<Channel, typeof IconWorld> = {
  web: IconWorld,
  app: IconApps,
  email: IconMail,
  phone: IconPhone,
  sms: IconDeviceMobile,
  chat: IconMessageCircle,
  store: IconBuildingStore,
  front_desk: IconBed,
  restaurant: IconToolsKitchen2,
  spa: IconBath,
  social: IconShare,
  post: IconMailbox,
  other: IconDots,
};

const COLORS: Record<Channel, string> = {
  web: 'blue',
  app: 'indigo',
  email: 'cyan',
  phone: 'teal',
  sms: 'teal',
  chat: 'green',
  store: 'orange',
  front_desk: 'grape',
  restaurant: 'red',
  spa: 'pink',
  social: 'violet',
  post: 'yellow',
  other: 'gray',
};

/** The channel's colour, shared by icons and charts so a channel looks the same everywhere. */
export function channelColor(channel: Channel): string {
  return COLORS[channel];
}

/** A channel's icon with its name as tooltip and accessible label. */
export function ChannelIcon({ channel, size = 28 }: { channel: Channel; size?: number }) {
  const Icon = ICONS[channel];
  return (
    <Tooltip label={CHANNEL_LABELS[channel]} withinPortal>
      <ThemeIcon
        variant="light"
        color={COLORS[channel]}
        size={size}
        radius="xl"
        role="img"
        aria-label={CHANNEL_LABELS[channel]}
      >
        <Icon size={Math.round(size * 0.6)} aria-hidden />
      </ThemeIcon>
    </Tooltip>
  );
}
