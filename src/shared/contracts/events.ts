import { z } from 'zod';

export const EVENT_TYPES = ['identify', 'track', 'page'] as const;
export const EventType = z.enum(EVENT_TYPES);
export type EventType = z.infer<typeof EventType>;
